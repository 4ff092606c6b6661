package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"
)

// Backup problems.
var (
	ErrNotMedbot = errors.New("sqlite: not a medbot database")
	ErrInUse     = errors.New("the database is in use by a running medbot: stop it first (systemctl stop medbot)")
)

// BackupOptions say where backups go and how they are kept.
type BackupOptions struct {
	Dir  string // the folder (a USB stick, a NAS share, a second disk)
	Keep int    // how many backups to keep (default 14)
	// Recipients, when set, encrypt each backup with age for them.
	Recipients []age.Recipient
	// File, when set, is the one file to write instead (medbot backup -o):
	// same steps, no pruning, and not counted as the last good backup.
	File string
}

// backupPrefix names medbot's backups in their folder; files being
// written start with "." and never carry a final name.
const backupPrefix = "medbot-"

// Backup writes a consistent copy of the database into o.Dir: a snapshot
// (VACUUM INTO, which writers do not wait for) into a hidden temporary
// file, an integrity check of the copy, encryption when asked, an fsync
// and an atomic rename to medbot-YYYYMMDD-HHMMSS.db (.db.age), then the
// oldest beyond o.Keep are removed. The last good backup's time is kept in
// the database. It returns the backup's path.
func (s *Store) Backup(ctx context.Context, o BackupOptions) (string, error) {
	if o.Keep <= 0 {
		o.Keep = 14
	}
	now := s.Now()
	name := backupPrefix + now.UTC().Format("20060102-150405") + ".db"
	if o.File != "" {
		o.Dir, name = filepath.Dir(o.File), filepath.Base(o.File)
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return "", fmt.Errorf("backup folder %s: %w", o.Dir, err)
	}
	// what a backup killed half-way left behind
	if stale, _ := filepath.Glob(filepath.Join(o.Dir, "."+backupPrefix+"*.tmp*")); len(stale) > 0 {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	tmp := filepath.Join(o.Dir, "."+name+".tmp")
	os.Remove(tmp)
	defer os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return "", fmt.Errorf("snapshot into %s: %w", o.Dir, classify(err))
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return "", err
	}
	if _, err := checkCopy(ctx, tmp); err != nil {
		return "", fmt.Errorf("checking the copy: %w", err)
	}
	src := tmp
	if len(o.Recipients) > 0 {
		if o.File == "" {
			name += ".age"
		}
		enc := tmp + ".age"
		defer os.Remove(enc)
		if err := encrypt(tmp, enc, o.Recipients); err != nil {
			return "", fmt.Errorf("encrypting the backup: %w", err)
		}
		src = enc
	}
	if err := syncFile(src); err != nil {
		return "", err
	}
	final := filepath.Join(o.Dir, name)
	if err := os.Rename(src, final); err != nil {
		return "", err
	}
	if d, err := os.Open(o.Dir); err == nil {
		d.Sync()
		d.Close()
	}
	if o.File != "" {
		return final, nil
	}
	if err := s.setMeta(ctx, "last_backup", strconv.FormatInt(now.UnixMilli(), 10)); err != nil {
		return final, err
	}
	return final, prune(o.Dir, o.Keep)
}

// LastBackup is the time of the last good backup (zero: none).
func (s *Store) LastBackup(ctx context.Context) (time.Time, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'last_backup'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, classify(err)
	}
	ms, _ := strconv.ParseInt(v, 10, 64)
	return time.UnixMilli(ms), nil
}

func (s *Store) setMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return classify(err)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func encrypt(src, dst string, rs []age.Recipient) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w, err := age.Encrypt(out, rs...)
	if err == nil {
		if _, err = io.Copy(w, in); err == nil {
			err = w.Close()
		}
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// prune removes the oldest backups beyond keep.
func prune(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, backupPrefix) && (strings.HasSuffix(n, ".db") || strings.HasSuffix(n, ".db.age")) {
			names = append(names, n)
		}
	}
	sort.Strings(names) // the time in the name sorts
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

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
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		if errors.Is(classify(err), ErrCorrupt) {
			return sum, fmt.Errorf("%w (not an SQLite database, or a damaged or cut-off one)", ErrNotMedbot)
		}
		return sum, classify(err)
	}
	if res != "ok" {
		return sum, fmt.Errorf("%w: integrity check: %s", ErrCorrupt, res)
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
	f, err := os.OpenFile(dbPath+".lock", os.O_RDWR|os.O_CREATE, 0o600)
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

// Restore replaces the database at dbPath with the backup at src
// (decrypted with identities when it is .age): the backup is checked
// first (whole, a medbot database, a schema this medbot knows), and
// nothing is touched when it fails. The current database is kept beside
// it as DB.before-restore-TIME. Restore refuses while a running medbot
// holds the database.
func Restore(ctx context.Context, src, dbPath string, identities []age.Identity, now time.Time) (Summary, error) {
	unlock, err := Lock(dbPath)
	if err != nil {
		return Summary{}, err
	}
	defer unlock()
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := copyOut(src, tmp, identities); err != nil {
		return Summary{}, err
	}
	sum, err := checkCopy(ctx, tmp)
	if err != nil {
		return sum, fmt.Errorf("%s: %w", src, err)
	}
	if err := syncFile(tmp); err != nil {
		return sum, err
	}
	if _, err := os.Stat(dbPath); err == nil {
		kept := dbPath + ".before-restore-" + now.UTC().Format("20060102-150405")
		if err := os.Rename(dbPath, kept); err != nil {
			return sum, err
		}
		for _, ext := range []string{"-wal", "-shm"} {
			os.Rename(dbPath+ext, kept+ext)
		}
	}
	return sum, os.Rename(tmp, dbPath)
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
