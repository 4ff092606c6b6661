package store_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// restoreKillEnv, when set, makes the test binary restore the backup
// MEDBOT_RESTORE_SRC over MEDBOT_RESTORE_DB and SIGKILL itself at the step
// it names.
const restoreKillEnv = "MEDBOT_RESTORE_KILL"

func init() {
	step := os.Getenv(restoreKillEnv)
	if step == "" {
		return
	}
	store.SetRestoreStep(func(s string) {
		if s == step {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Hour)
		}
	})
	_, err := store.Restore(ctx, os.Getenv("MEDBOT_RESTORE_SRC"), os.Getenv("MEDBOT_RESTORE_DB"), nil, time.Now())
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	os.Exit(0)
}

// dbWith makes a database at path holding n messages, closed cleanly.
func dbWith(t *testing.T, path string, n int) {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		at := time.Date(2026, 11, 20, 0, 0, i, 0, time.UTC)
		if _, err := saveOne(ctx, s, msg("uuid-mum", at, "Rory 38.4"), []medbot.Observation{temp("Rory", at, 38.4)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
}

func countOf(t *testing.T, path string) int {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	n, _, _ := s.Counts(ctx)
	return n
}

// TestRestoreKilledAtEveryStep: a restore killed between any two of its
// steps leaves the old database or the new one in place, whole, never
// none; and the old one is always kept.
func TestRestoreKilledAtEveryStep(t *testing.T) {
	for _, step := range []string{"checked", "folded", "linked", "renamed"} {
		t.Run(step, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "medbot.db")
			backup := filepath.Join(dir, "backup.db")
			dbWith(t, backup, 3)
			if step == "folded" {
				killedWriter(t, db, 0, 40) // an old database with its log
			} else {
				dbWith(t, db, 7)
			}
			old := countOf(t, db)
			os.Remove(db + "-wal.owner") // as a crash before the owner was written
			if step == "folded" {
				killedWriter(t, db, 1000, 40)
				old += 40
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), restoreKillEnv+"="+step, "MEDBOT_RESTORE_SRC="+backup, "MEDBOT_RESTORE_DB="+db)
			out, _ := cmd.CombinedOutput()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
				t.Fatalf("the restore was not killed at %s: %s", step, out)
			}
			if _, err := os.Stat(db); err != nil {
				t.Fatalf("killed at %s: no database: %v", step, err)
			}
			n := countOf(t, db)
			if n != old && n != 3 {
				t.Errorf("killed at %s: %d messages, want the old %d or the backup's 3", step, n, old)
			}
			kept, _ := filepath.Glob(db + ".before-restore-*")
			if (step == "linked" || step == "renamed") && len(kept) != 1 {
				t.Errorf("killed at %s: kept %v", step, kept)
			}
		})
	}
}

// TestTwoRestoresInOneSecond: the second restore keeps the first's result
// under a name of its own; neither original is lost.
func TestTwoRestoresInOneSecond(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "medbot.db")
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	dbWith(t, db, 5)
	dbWith(t, a, 3)
	dbWith(t, b, 2)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	r1, err := store.Restore(ctx, a, db, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := store.Restore(ctx, b, db, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Kept == r2.Kept || countOf(t, r1.Kept) != 5 || countOf(t, r2.Kept) != 3 || countOf(t, db) != 2 {
		t.Errorf("kept %q and %q", r1.Kept, r2.Kept)
	}
}

// TestFlippedByteRefused: a plain backup whose bytes changed after it was
// written (a value flipped: still a whole SQLite file) is refused by its
// checksum, and nothing is touched.
func TestFlippedByteRefused(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700)
	db := filepath.Join(dir, "medbot.db")
	dbWith(t, db, 4)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.Backup(ctx, store.BackupOptions{Dir: filepath.Join(dir, "usb"), SameDisk: true})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(backup)
	i := len(raw) - 1
	for raw[i] == 0 {
		i--
	}
	raw[i] ^= 0x01 // a byte of a record, not of the structure
	os.WriteFile(backup, raw, 0o600)
	if _, err := store.Restore(ctx, backup, db, nil, time.Now()); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if kept, _ := filepath.Glob(db + ".before-restore-*"); len(kept) != 0 || countOf(t, db) != 4 {
		t.Errorf("touched: kept %v", kept)
	}
}

// TestBackupFolderReallyThere: a configured folder that is not there
// (an unplugged stick) is never made, and one on the database's disk is
// refused unless asked for.
func TestBackupFolderReallyThere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "medbot.db")
	dbWith(t, db, 1)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stick := filepath.Join(dir, "mnt", "usb", "medbot")
	if _, err := s.Backup(ctx, store.BackupOptions{Dir: stick}); err == nil || !errorsIs(err, store.ErrNoBackupDir) {
		t.Errorf("a missing folder: %v", err)
	}
	if _, err := os.Stat(stick); err == nil {
		t.Error("medbot made the backup folder")
	}
	os.MkdirAll(stick, 0o700)
	if _, err := s.Backup(ctx, store.BackupOptions{Dir: stick}); !errorsIs(err, store.ErrSameDisk) {
		t.Errorf("a folder on the database's disk: %v", err)
	}
	if _, err := s.Backup(ctx, store.BackupOptions{Dir: stick, SameDisk: true}); err != nil {
		t.Errorf("asked for: %v", err)
	}
	if _, err := s.Backup(ctx, store.BackupOptions{File: db}); !errorsIs(err, store.ErrLiveDatabase) {
		t.Errorf("-o the database itself: %v", err)
	}
	if countOf(t, db) != 1 {
		t.Error("the live database was touched")
	}
}

func errorsIs(err, target error) bool { return err != nil && errors.Is(err, target) }

// TestLockFollowsTheFile: a database reached through a symlink takes the
// same lock as through its own path: two medbots cannot both serve it.
func TestLockFollowsTheFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "medbot.db")
	dbWith(t, db, 1)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	unlock, err := store.Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := store.Lock(link); !errorsIs(err, store.ErrInUse) {
		t.Errorf("locked through the symlink while held: %v", err)
	}
	linkDir := filepath.Join(dir, "linkdir")
	os.Symlink(filepath.Join(dir, "data"), linkDir)
	if _, err := store.Lock(filepath.Join(linkDir, "medbot.db")); !errorsIs(err, store.ErrInUse) {
		t.Errorf("locked through a symlinked folder while held: %v", err)
	}
}
