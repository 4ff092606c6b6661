package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"
)

// Summary says what a database holds.
type Summary struct {
	Messages, Records int
	Newest            time.Time // the newest record's time
}

// checkCopy opens a copy read-only and checks it is a medbot database of
// a schema this medbot knows, whole and consistent.
func checkCopy(ctx context.Context, path string) (Summary, error) {
	var sum Summary
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return sum, classify(err)
	}
	defer db.Close()
	if err := integrity(ctx, db); err != nil {
		if errors.Is(err, ErrCorrupt) && !errors.Is(err, errProblems) {
			return sum, fmt.Errorf("%w (not an SQLite database, or a damaged or cut-off one)", ErrNotMedbot)
		}
		return sum, err
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return sum, classify(err)
	}
	if version > Migrations() {
		return sum, ErrNewerSchema
	}
	var newest sql.NullInt64
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM observations WHERE retracted = 0), (SELECT max(at_ms) FROM observations)`).Scan(&sum.Messages, &sum.Records, &newest)
	if err != nil || version == 0 {
		return sum, ErrNotMedbot
	}
	if newest.Valid {
		sum.Newest = time.UnixMilli(newest.Int64)
	}
	return sum, nil
}

// Lock takes the lock a running medbot holds on its database, so that a
// restore cannot replace the file under it. It fails with ErrInUse when
// another process holds it; the lock ends with the process or unlock.
func Lock(dbPath string) (unlock func(), err error) {
	// named from the file itself, not the path it was given: two paths to
	// one database (a symlink) take one lock
	f, err := os.OpenFile(realPath(dbPath)+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// realPath resolves the symlinks of path (of its folder, when the file is
// not there yet).
func realPath(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(dir, filepath.Base(path))
	}
	return path
}

// Restored says what a restore did.
type Restored struct {
	Summary
	// Kept is where the database that was replaced was kept ("" when
	// there was none).
	Kept string
	// Checked says the backup's checksum was verified (false: it had none
	// beside it, a backup by an older medbot: only its structure was
	// checked).
	Checked bool
}

// restoreStep, when set by a test, is called at each step of a restore,
// so that a test can kill the process between two of them.
var restoreStep func(step string)

// Restore replaces the database at dbPath with the backup at src
// (decrypted with identities when it is .age). The backup is checked
// first (its checksum, then whole, a medbot database, a schema this medbot
// knows), and nothing is touched when it fails. Then, in steps that each
// leave the old or the new database in place, whenever the process is
// killed: the old database's write-ahead log is folded into it (or set
// aside when it is not its own), the old file is linked aside under a name
// no other file has (DB.before-restore-TIME[-N]), the new one is renamed
// over it, and the folder is synced. Restore refuses while a running
// medbot holds the database.
func Restore(ctx context.Context, src, dbPath string, identities []age.Identity, now time.Time) (Restored, error) {
	var r Restored
	unlock, err := Lock(dbPath)
	if err != nil {
		return r, err
	}
	defer unlock()
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	defer os.Remove(tmp)
	if r.Summary, r.Checked, err = stage(ctx, src, tmp, identities); err != nil {
		return r, err
	}
	if err := syncFile(tmp); err != nil {
		return r, err
	}
	step := func(s string) {
		if restoreStep != nil {
			restoreStep(s)
		}
	}
	step("checked")
	if _, err := os.Stat(dbPath); err == nil {
		// the old file alone must be the whole old database
		if fi, err := os.Stat(dbPath + "-wal"); err == nil && fi.Size() > 0 {
			if _, err := settleWAL(dbPath, now); err != nil {
				return r, err
			}
			if _, err := os.Stat(dbPath + "-wal"); err == nil {
				if err := checkpointAway(ctx, dbPath); err != nil {
					return r, fmt.Errorf("folding the old database's log into it: %w", err)
				}
			}
			step("folded")
		}
		os.Remove(dbPath + "-shm")
		base := dbPath + ".before-restore-" + now.UTC().Format("20060102-150405")
		if r.Kept, err = freshName(base, func(name string) error { return os.Link(dbPath, name) }); err != nil {
			return r, err
		}
		step("linked")
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return r, err
	}
	step("renamed")
	return r, syncDir(filepath.Dir(dbPath))
}

// Inspect says what the backup at src holds, checked as Restore checks it
// (checksum, structure, schema), touching nothing.
func Inspect(ctx context.Context, src string, identities []age.Identity) (Summary, error) {
	dir, err := os.MkdirTemp("", "medbot-inspect")
	if err != nil {
		return Summary{}, err
	}
	defer os.RemoveAll(dir)
	sum, _, err := stage(ctx, src, filepath.Join(dir, "backup.db"), identities)
	return sum, err
}

// stage copies the backup at src to tmp (decrypting it) and checks it:
// its checksum (checked is false when it has none beside it), then its
// structure and schema.
func stage(ctx context.Context, src, tmp string, identities []age.Identity) (sum Summary, checked bool, err error) {
	if checked, err = verifySum(src); err != nil {
		return sum, checked, fmt.Errorf("%s: %w", src, err)
	}
	if err := copyOut(src, tmp, identities); err != nil {
		return sum, checked, err
	}
	if sum, err = checkCopy(ctx, tmp); err != nil {
		return sum, checked, fmt.Errorf("%s: %w", src, err)
	}
	return sum, checked, nil
}

// Describe says what the database at path holds, read-only.
func Describe(ctx context.Context, path string) (Summary, error) {
	if _, err := os.Stat(path); err != nil {
		return Summary{}, err
	}
	return checkCopy(ctx, path)
}

// copyOut copies src to dst (0600), decrypting it when it is .age.
func copyOut(src, dst string, identities []age.Identity) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	var r io.Reader = in
	if strings.HasSuffix(src, ".age") {
		if len(identities) == 0 {
			return fmt.Errorf("%s is encrypted: give the age identity file with -identity", src)
		}
		if r, err = age.Decrypt(in, identities...); err != nil {
			return fmt.Errorf("decrypting %s: %w (is it the right identity?)", src, err)
		}
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
