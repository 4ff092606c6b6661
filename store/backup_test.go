package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// TestBackupDuringBurst: a backup taken while messages are written holds
// every message committed before it began, and restores to a database
// that passes the integrity check.
func TestBackupDuringBurst(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700) // the stick, plugged in
	os.Mkdir(filepath.Join(dir, "nas"), 0o700)
	db := filepath.Join(dir, "medbot.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			at := base.Add(time.Duration(i) * time.Second)
			if _, err := saveOne(ctx, s, msg("u", at, "Rory 38.4"), []medbot.Observation{temp("Rory", at, 38.4)}); err != nil {
				t.Error(err)
				return
			}
			committed.Store(int64(i + 1))
			time.Sleep(time.Millisecond) // a burst of ~1,000 messages a second
		}
	}()
	for committed.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	path, err := s.Backup(ctx, store.BackupOptions{Dir: filepath.Join(dir, "usb"), SameDisk: true})
	close(stop)
	wg.Wait()
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup %s: %v %v", path, fi, err)
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	sum, err := store.Restore(ctx, path, restored, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if int64(sum.Messages) < before {
		t.Errorf("the backup holds %d messages; %d were committed before it began", sum.Messages, before)
	}
	r, err := store.Open(restored, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestEncryptedBackup: an age-encrypted backup restores with the right
// identity and is refused, clearly, with a wrong one or none.
func TestEncryptedBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700) // the stick, plugged in
	os.Mkdir(filepath.Join(dir, "nas"), 0o700)
	s, _ := store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
	at := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	saveOne(ctx, s, msg("u", at, "Rory 38.4"), []medbot.Observation{temp("Rory", at, 38.4)})
	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	path, err := s.Backup(ctx, store.BackupOptions{Dir: filepath.Join(dir, "nas"), Recipients: []age.Recipient{id.Recipient()}, SameDisk: true})
	s.Close()
	if err != nil || !strings.HasSuffix(path, ".db.age") {
		t.Fatalf("%s %v", path, err)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "SQLite format") {
		t.Fatal("the backup is not encrypted")
	}
	target := filepath.Join(t.TempDir(), "m.db")
	if _, err := store.Restore(ctx, path, target, []age.Identity{other}, time.Now()); err == nil || !strings.Contains(err.Error(), "right identity") {
		t.Errorf("wrong identity: %v", err)
	}
	if _, err := store.Restore(ctx, path, target, nil, time.Now()); err == nil || !strings.Contains(err.Error(), "-identity") {
		t.Errorf("no identity: %v", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("a refused restore left a database behind")
	}
	sum, err := store.Restore(ctx, path, target, []age.Identity{id}, time.Now())
	if err != nil || sum.Messages != 1 || sum.Records != 1 || !sum.Newest.Equal(at) {
		t.Errorf("restore: %+v %v", sum, err)
	}
}

// TestBackupPruneAndLast: exactly keep backups are kept; the last good
// backup's time is remembered.
func TestBackupPruneAndLast(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700) // the stick, plugged in
	os.Mkdir(filepath.Join(dir, "nas"), 0o700)
	s, _ := store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
	defer s.Close()
	clock := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	if last, _ := s.LastBackup(ctx); !last.IsZero() {
		t.Fatalf("last backup %v before any", last)
	}
	usb := filepath.Join(dir, "usb")
	os.MkdirAll(usb, 0o700)
	os.WriteFile(filepath.Join(usb, ".medbot-20261119-000000.db.tmp"), []byte("half"), 0o600) // a killed backup's
	for i := 0; i < 5; i++ {
		clock = clock.Add(time.Hour)
		if _, err := s.Backup(ctx, store.BackupOptions{Dir: usb, Keep: 3, SameDisk: true}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(usb)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// three backups, each with its checksum beside it
	if len(names) != 6 || names[0] != "medbot-20261120-030000.db" || names[1] != "medbot-20261120-030000.db.sha256" {
		t.Errorf("kept %v", names)
	}
	if last, _ := s.LastBackup(ctx); !last.Equal(clock) {
		t.Errorf("last backup %v, want %v", last, clock)
	}
	if _, err := s.Backup(ctx, store.BackupOptions{Dir: "/proc/medbot-cannot-be-here", SameDisk: true}); err == nil {
		t.Error("a backup into a folder that cannot exist succeeded")
	}
}

// TestRestoreRefuses: not a medbot database, a newer schema, a truncated
// file, or a database in use are refused, and nothing is touched.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700) // the stick, plugged in
	os.Mkdir(filepath.Join(dir, "nas"), 0o700)
	db := filepath.Join(dir, "medbot.db")
	s, _ := store.Open(db, store.Options{})
	at := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	saveOne(ctx, s, msg("u", at, "Rory 38.4"), []medbot.Observation{temp("Rory", at, 38.4)})
	good, err := s.Backup(ctx, store.BackupOptions{Dir: filepath.Join(dir, "usb"), SameDisk: true})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database"), 0o600)
	b, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, b, 0o600)
	if n, err := sql.Open("sqlite", newer); err == nil { // the driver store registers
		n.ExecContext(ctx, "PRAGMA user_version = 999")
		n.Close()
	}
	target := filepath.Join(dir, "target.db")
	os.WriteFile(target, []byte("the family's current database"), 0o600)
	for name, src := range map[string]string{"text": text, "truncated": truncated, "newer": newer} {
		if _, err := store.Restore(ctx, src, target, nil, time.Now()); err == nil {
			t.Errorf("%s: restored", name)
		}
		if b, _ := os.ReadFile(target); string(b) != "the family's current database" {
			t.Fatalf("%s: the current database was touched", name)
		}
	}
	if _, err := store.Restore(ctx, newer, target, nil, time.Now()); !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("newer schema: %v", err)
	}
	unlock, err := store.Lock(target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, good, target, nil, time.Now()); !errors.Is(err, store.ErrInUse) {
		t.Errorf("in use: %v", err)
	}
	unlock()
	if _, err := store.Restore(ctx, good, target, nil, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target + ".before-restore-20261124-090000"); string(b) != "the family's current database" {
		t.Error("the current database was not kept beside the restored one")
	}
}
