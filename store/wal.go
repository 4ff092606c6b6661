package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// A write-ahead log (medbot.db-wal) holds the transactions not yet copied
// into the database file. After a crash, a kill -9 or a database file that
// vanished under medbot, it stays; if the file beside it is then replaced
// (a restore by mv or cp, or medbot restore), SQLite would apply the old
// log to the new file and corrupt it. These functions make sure a log is
// only ever applied to the file it belongs to.

// ownerSuffix names the file recording which database file (device and
// inode) the write-ahead log beside it was written for.
const ownerSuffix = "-wal.owner"

// fileID is a file's identity: its device and inode.
func fileID(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", errors.New("no file identity on this system")
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino), nil
}

// recordOwner notes that the write-ahead log beside path is path's.
func recordOwner(path string) error {
	id, err := fileID(path)
	if err != nil {
		return err
	}
	return writeFileSync(path+ownerSuffix, []byte(id+"\n"))
}

// settleWAL looks at the write-ahead log beside path before SQLite opens
// it. A log written for another file (the database file was replaced: its
// identity is not the one recorded), or one that does not fit the file
// (the database with it fails an integrity check while the file alone
// passes: a copy put over it), is set aside under a name of its own, and
// its name returned. A log that fits is left for SQLite to apply.
func settleWAL(path string, now time.Time) (setAside string, err error) {
	wal := path + "-wal"
	fi, err := os.Stat(wal)
	if err != nil || fi.Size() == 0 {
		return "", nil // none, or nothing in it
	}
	if _, err := os.Stat(path); err != nil {
		return "", nil // no database: SQLite makes a new one and ignores it
	}
	// a running medbot's log is live: never touched
	unlock, err := Lock(path)
	if err != nil {
		return "", nil
	}
	defer unlock()
	foreign := false
	if want, err := os.ReadFile(path + ownerSuffix); err == nil {
		if id, err := fileID(path); err == nil && id != strings.TrimSpace(string(want)) {
			foreign = true // another file was put in place
		}
	}
	if !foreign {
		if err := checkQuiet(path); !errors.Is(err, ErrCorrupt) {
			return "", nil // it fits (or cannot be told): SQLite applies it
		}
		// does the file alone pass?
		aside, err := moveAside(path, now)
		if err != nil {
			return "", err
		}
		if err := checkQuiet(path); err != nil {
			// the file itself is damaged (or cannot be told): leave
			// everything as it was for a restore to deal with
			return "", moveBack(path, aside)
		}
		return aside, nil
	}
	return moveAside(path, now)
}

// checkQuiet opens path read-only and runs SQLite's integrity check.
func checkQuiet(path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	return integrity(context.Background(), db) // a damaged file is ErrCorrupt
}

// moveAside renames path's -wal (and drops its -shm, which is only an
// index of it) to path-wal.set-aside-TIME[-N], a name no other file has.
func moveAside(path string, now time.Time) (string, error) {
	base := path + "-wal.set-aside-" + now.UTC().Format("20060102-150405")
	name, err := freshName(base, func(name string) error { return os.Link(path+"-wal", name) })
	if err != nil {
		return "", err
	}
	if err := os.Remove(path + "-wal"); err != nil {
		return "", err
	}
	os.Remove(path + "-shm")
	return name, syncDir(filepath.Dir(path))
}

func moveBack(path, aside string) error {
	if err := os.Rename(aside, path+"-wal"); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// freshName tries base, base-2, base-3… with put (which must fail with
// os.ErrExist for a name taken) and returns the name it put a file at:
// two calls in one second never share a name.
func freshName(base string, put func(name string) error) (string, error) {
	for i := 1; i < 1000; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		err := put(name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("%s: too many files of that name", base)
}

// checkpointAway copies path's write-ahead log into the file and removes
// it (SQLite does this when the last connection closes), so that the file
// alone is the whole database: done before the file is moved or copied.
func checkpointAway(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return classify(err)
	}
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return classify(err)
	}
	return classify(db.Close())
}

// writeFileSync writes data to path through a temporary file, synced and
// renamed into place, with the folder synced.
func writeFileSync(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ErrGone is the database file medbot opened no longer being the one at
// its path: removed, or replaced (a restore by mv). What is written after
// goes to a file nobody will open again.
var ErrGone = errors.New("the database file was removed or replaced")

// Gone reports ErrGone when the file at the store's path is not the one
// it opened (a stat: a few microseconds).
func (s *Store) Gone() error {
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w: %s is not there", ErrGone, s.path)
	case err != nil:
		return nil // cannot tell: the writes themselves will say
	case !os.SameFile(fi, s.ident):
		return fmt.Errorf("%w: %s is another file now", ErrGone, s.path)
	}
	return nil
}
