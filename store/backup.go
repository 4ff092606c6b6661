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

	"crypto/sha256"
	"encoding/hex"

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
	// SameDisk allows a folder on the database's own disk. Without it such
	// a folder is refused: a backup there dies with the disk, and an
	// unmounted stick's mount point is such a folder.
	SameDisk bool
}

// Backup folder problems.
var (
	// ErrNoBackupDir: the folder is not there (an unplugged or unmounted
	// stick). medbot never makes it: it would land on the database's disk.
	ErrNoBackupDir = errors.New("backup folder missing")
	// ErrSameDisk: the folder is on the database's own disk.
	ErrSameDisk = errors.New("backup folder on the database's own disk")
	// ErrLiveDatabase: -o names the database itself.
	ErrLiveDatabase = errors.New("that is the database itself")
)

// checkSum names the file beside a backup holding its SHA-256, in
// sha256sum's format, which restore checks before anything is touched.
const checkSum = ".sha256"

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
		if same, _ := sameFile(o.File, s.path); same {
			return "", fmt.Errorf("%s: %w: give another file", o.File, ErrLiveDatabase)
		}
		if err := os.MkdirAll(o.Dir, 0o700); err != nil { // a file the operator named
			return "", err
		}
	}
	if o.File == "" {
		if err := BackupDirOK(o.Dir, s.path, o.SameDisk); err != nil {
			return "", err
		}
	}
	final, err := s.backupOnce(ctx, o, name, now)
	if errors.Is(err, ErrDiskFull) && o.File == "" {
		// make room: the oldest go, the newest good one stays
		if perr := prune(o.Dir, 1); perr == nil {
			final, err = s.backupOnce(ctx, o, name, now)
		}
	}
	if err != nil {
		return final, err
	}
	if o.File != "" {
		return final, nil
	}
	if err := s.setMeta(ctx, "last_backup", strconv.FormatInt(now.UnixMilli(), 10)); err != nil {
		return final, err
	}
	return final, prune(o.Dir, o.Keep)
}

// BackupDirOK refuses a backup folder that is not there (medbot never
// makes it: made on an unmounted stick's mount point, the backup would
// land on the database's own disk) or, unless sameDisk, one on the disk of
// the database at dbPath.
func BackupDirOK(dir, dbPath string, sameDisk bool) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%s: %w: is the disk or stick plugged in and mounted? (medbot does not create it)", dir, ErrNoBackupDir)
	case err != nil:
		return fmt.Errorf("backup folder %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("backup folder %s is not a folder", dir)
	}
	if sameDisk {
		return nil
	}
	if same, err := sameDevice(dir, filepath.Dir(dbPath)); err == nil && same {
		return fmt.Errorf("%s: %w: a backup there is lost with that disk, and an unmounted stick's folder is there too. Plug in and mount the stick, or set same_disk = true in [backup] if a copy on this disk is what you want", dir, ErrSameDisk)
	}
	return nil
}

// backupOnce is one attempt: snapshot, check, encrypt, checksum, sync,
// rename.
func (s *Store) backupOnce(ctx context.Context, o BackupOptions, name string, now time.Time) (string, error) {
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
	sum, err := fileSum(src)
	if err != nil {
		return "", err
	}
	final := filepath.Join(o.Dir, name)
	if err := os.Rename(src, final); err != nil {
		return "", classify(err)
	}
	// the checksum beside it: restore refuses a backup that does not match
	if err := writeFileSync(final+checkSum, []byte(sum+"  "+name+"\n")); err != nil {
		return final, classify(err)
	}
	return final, nil
}

// fileSum is the SHA-256 of a file, in hex.
func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// verifySum checks a backup against the checksum beside it. ok is false
// when there is none (a backup by an older medbot).
func verifySum(path string) (ok bool, err error) {
	b, err := os.ReadFile(path + checkSum)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	want, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	got, err := fileSum(path)
	if err != nil {
		return false, err
	}
	if got != want {
		return true, fmt.Errorf("%w: its checksum does not match (%s): the file was damaged after it was written", ErrCorrupt, path+checkSum)
	}
	return true, nil
}

func sameFile(a, b string) (bool, error) {
	fa, fb, err := statBoth(a, b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

func sameDevice(a, b string) (bool, error) {
	fa, fb, err := statBoth(a, b)
	if err != nil {
		return false, err
	}
	sa, ok1 := fa.Sys().(*syscall.Stat_t)
	sb, ok2 := fb.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 {
		return false, errors.New("no device numbers on this system")
	}
	return sa.Dev == sb.Dev, nil
}

func statBoth(a, b string) (os.FileInfo, os.FileInfo, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return nil, nil, err
	}
	fb, err := os.Stat(b)
	return fa, fb, err
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
		os.Remove(filepath.Join(dir, names[0]+checkSum))
		names = names[1:]
	}
	return nil
}
