package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/medbot/medbot/store"
)

// backupConfig is the corpus configuration with a [backup] table.
func backupConfig(t *testing.T, extra string) (cfg, dir string) {
	t.Helper()
	base, err := os.ReadFile(corpusConfig)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	dir = filepath.Join(tmp, "usb")
	cfg = filepath.Join(tmp, "medbot.toml")
	os.Mkdir(dir, 0o700) // the stick, plugged in; on the test's one disk
	text := string(base) + fmt.Sprintf("\n[backup]\ndir = %q\nsame_disk = true\n%s", dir, extra)
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, dir
}

func TestBackupAndRestoreCommands(t *testing.T) {
	cfg, dir := backupConfig(t, "keep = 3\n")
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := runCmd(t, "", "import", "-config", cfg, "-db", db, writeMessages(t, 50)); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code := runCmd(t, "", "backup", "-config", cfg, "-db", db)
	if code != 0 || !strings.Contains(out, "backup written to "+dir) {
		t.Fatalf("backup: exit %d %q %q", code, out, stderr)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "medbot-*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups in %s: %v", dir, backups)
	}
	if fi, _ := os.Stat(backups[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	one := filepath.Join(t.TempDir(), "elsewhere", "copy.db")
	if out, stderr, code := runCmd(t, "", "backup", "-config", cfg, "-db", db, "-o", one); code != 0 || !strings.Contains(out, one) || !exists(one) {
		t.Fatalf("backup -o: exit %d %q %q", code, out, stderr)
	}

	// more messages after the backup; restoring goes back to 50
	more := `{"id":"late","at":"2026-11-21T00:00:00Z","text":"Rory 39.1"}` + "\n"
	if _, stderr, code := runCmd(t, more, "import", "-config", cfg, "-db", db); code != 0 {
		t.Fatal(stderr)
	}
	// refused while medbot run holds the database, and nothing touched
	unlock, err := store.Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCmd(t, "", "restore", "-config", cfg, "-db", db, backups[0])
	unlock()
	if code != 1 || !strings.Contains(stderr, "in use by a running medbot") {
		t.Fatalf("restore while running: exit %d %q", code, stderr)
	}
	if old, _ := filepath.Glob(db + ".before-restore-*"); len(old) != 0 {
		t.Fatalf("a refused restore moved the database: %v", old)
	}
	// older than the database and fewer messages: said before acting, and
	// done only when asked again with -yes
	out, stderr, code = runCmd(t, "", "restore", "-config", cfg, "-db", db, backups[0])
	if code != 1 || !strings.Contains(out, "the backup "+backups[0]+": 50 messages") || !strings.Contains(out, "51 messages") ||
		!strings.Contains(out, "⚠ The backup is older than the database and holds fewer messages (50, not 51)") || !strings.Contains(stderr, "add -yes") {
		t.Fatalf("restore of an older backup: exit %d %q %q", code, out, stderr)
	}
	if old, _ := filepath.Glob(db + ".before-restore-*"); len(old) != 0 {
		t.Fatalf("restored without -yes: %v", old)
	}
	out, stderr, code = runCmd(t, "", "restore", "-config", cfg, "-db", db, "-yes", backups[0])
	if code != 0 || !strings.Contains(out, "restored "+backups[0]) || !strings.Contains(out, "newest record") {
		t.Fatalf("restore: exit %d %q %q", code, out, stderr)
	}
	old, _ := filepath.Glob(db + ".before-restore-*")
	if len(old) != 1 || !strings.Contains(out, "the database it replaced is kept as "+old[0]) {
		t.Errorf("the replaced database was not kept beside it, or not said: %v\n%s", old, out)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, _, _ := st.Counts(context.Background())
	st.Close()
	if n != 50 {
		t.Errorf("restored database holds %d messages, want 50", n)
	}
	// a file that is not a backup: clear message, nothing touched
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database at all"), 0o600)
	_, stderr, code = runCmd(t, "", "restore", "-config", cfg, "-db", db, junk)
	if code != 1 || !strings.Contains(stderr, "nothing restored") {
		t.Errorf("junk restore: exit %d %q", code, stderr)
	}
	if old2, _ := filepath.Glob(db + ".before-restore-*"); len(old2) != 1 {
		t.Errorf("a refused restore moved the database: %v", old2)
	}
}

func TestRestoreEncryptedNeedsIdentity(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	cfg, dir := backupConfig(t, fmt.Sprintf("age_recipients = [%q]\n", id.Recipient()))
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := runCmd(t, "", "import", "-config", cfg, "-db", db, writeMessages(t, 20)); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runCmd(t, "", "backup", "-config", cfg, "-db", db); code != 0 {
		t.Fatal(stderr)
	}
	enc, _ := filepath.Glob(filepath.Join(dir, "medbot-*.db.age"))
	if len(enc) != 1 {
		t.Fatalf("encrypted backups: %v", enc)
	}
	keys := t.TempDir()
	good, wrong := filepath.Join(keys, "good.txt"), filepath.Join(keys, "wrong.txt")
	other, _ := age.GenerateX25519Identity()
	os.WriteFile(good, []byte(id.String()+"\n"), 0o600)
	os.WriteFile(wrong, []byte(other.String()+"\n"), 0o600)
	if _, stderr, code := runCmd(t, "", "restore", "-config", cfg, "-db", db, "-identity", wrong, enc[0]); code != 1 || !strings.Contains(stderr, "nothing restored") {
		t.Errorf("wrong identity: exit %d %q", code, stderr)
	}
	if out, stderr, code := runCmd(t, "", "restore", "-config", cfg, "-db", db, "-identity", good, enc[0]); code != 0 || !strings.Contains(out, "20 messages") {
		t.Errorf("right identity: exit %d %q %q", code, out, stderr)
	}
}

func TestBackupConfigErrors(t *testing.T) {
	cfg, _ := backupConfig(t, "every = \"often\"\nkeep = 0\nage_recipients = [\"age1nope\"]\n")
	out, stderr, code := runCmd(t, "", "check", "-config", cfg)
	for _, want := range []string{"backup.every", "backup.keep", "backup.age_recipients[0]"} {
		if code != 1 || !strings.Contains(out+stderr, want) {
			t.Errorf("exit %d, want %q in %q", code, want, stderr)
		}
	}
}

// A backup folder that is missing (a stick not plugged in) is retried,
// logged once and told to the family once a day; when it comes back the
// next retry succeeds and the time is kept.
func TestBackupLoopOutage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mount := t.TempDir()
	dir := filepath.Join(mount, "usb")
	// a file where the folder should be: not writable as a folder
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var logs syncBuf
	var mu sync.Mutex
	told := map[string]string{}
	tries := 0
	l := &backupLoop{
		cfg: BackupConfig{Dir: dir, Every: time.Hour, Keep: 2, SameDisk: true}, zone: time.UTC,
		st: st, log: slog.New(slog.NewTextHandler(&logs, nil)),
		tell: func(_ context.Context, key, text string) {
			mu.Lock()
			defer mu.Unlock()
			tries++
			if _, ok := told[key]; !ok {
				told[key] = text
			}
		},
		now: time.Now, retryMin: time.Millisecond,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.run(ctx); close(done) }()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return tries >= 4 })
	os.Remove(dir)
	os.Mkdir(dir, 0o700) // the stick is back
	waitFor(t, func() bool { last, _ := st.LastBackup(ctx); return !last.IsZero() })
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(logs.String(), "backup failed"); n != 1 {
		t.Errorf("outage logged %d times, want once:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "backups work again") {
		t.Errorf("recovery not logged:\n%s", logs.String())
	}
	if len(told) != 1 {
		t.Errorf("family told under %d keys, want one a day: %v", len(told), told)
	}
	for _, text := range told {
		if !strings.Contains(text, "Backups to "+dir+" have failed since") {
			t.Errorf("told %q", text)
		}
	}
	if got, _ := filepath.Glob(filepath.Join(dir, "medbot-*.db")); len(got) != 1 {
		t.Errorf("backups after recovery: %v", got)
	}
}

func TestCheckBackupLines(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	cfg := BackupConfig{Dir: dir, Every: 24 * time.Hour, Keep: 3, SameDisk: true}
	lines := func(now time.Time) string {
		var cs []check
		backupChecks(context.Background(), cfg, db, st, now, time.Local, func(ok bool, f string, a ...any) { cs = append(cs, check{ok, fmt.Sprintf(f, a...)}) })
		var b bytes.Buffer
		printChecks(&b, cs)
		return b.String()
	}
	if got := lines(time.Now()); !strings.Contains(got, "✓ no backup taken yet") || !strings.Contains(got, "✓ backup folder") {
		t.Errorf("before any backup:\n%s", got)
	}
	if _, err := st.Backup(context.Background(), cfg.options()); err != nil {
		t.Fatal(err)
	}
	if got := lines(time.Now().Add(3 * time.Hour)); !strings.Contains(got, "✓ last good backup") || !strings.Contains(got, "(3 h ago)") {
		t.Errorf("fresh backup:\n%s", got)
	}
	if got := lines(time.Now().Add(49 * time.Hour)); !strings.Contains(got, "✗ last good backup") || !strings.Contains(got, "older than twice") {
		t.Errorf("stale backup:\n%s", got)
	}
	cfg.Dir = filepath.Join(dir, "not-mounted")
	if got := lines(time.Now()); !strings.Contains(got, "✗ "+cfg.Dir+": backup folder missing: is the disk or stick plugged in and mounted?") {
		t.Errorf("missing folder:\n%s", got)
	}
	if _, err := os.Stat(cfg.Dir); err == nil {
		t.Error("check made the backup folder")
	}
	// on the database's own disk, not asked for
	cfg.Dir, cfg.SameDisk = dir, false
	if got := lines(time.Now()); !strings.Contains(got, "backup folder on the database's own disk") || !strings.Contains(got, "same_disk = true") {
		t.Errorf("same disk:\n%s", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
