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
