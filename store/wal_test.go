package store_test

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// killedWriter runs the crash writer on path until it has committed n
// messages more than start, then SIGKILLs it: the write-ahead log it
// leaves holds the newest ones.
func killedWriter(t *testing.T, path string, start, n int) {
	t.Helper()
	// exactly n committed: a writer left running past its n-th line
	// commits more before the kill lands
	cmd, out := startWriterStopping(t, path, start, n)
	sc := bufio.NewScanner(out)
	for got := 0; got < n && sc.Scan(); got++ {
	}
	cmd.Process.Kill()
	go io.Copy(io.Discard, out)
	cmd.Wait()
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the kill left no write-ahead log: %v %v", fi, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	// cp writes into the file that is there (same inode)
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(b)
	f.Close()
}

// TestOldWALNeverCorruptsARestore: after a kill -9, a backup put in place
// by mv, by cp, or by medbot restore opens whole: the old write-ahead log
// is set aside, never applied to it; new messages are stored and read
// back. Without a restore, the log is the file's own and is applied.
func TestOldWALNeverCorruptsARestore(t *testing.T) {
	for _, how := range []string{"mv", "cp", "restore", "none"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "medbot.db")
			// the backup: 50 messages, taken while medbot ran
			killedWriter(t, path, 0, 50)
			s, err := store.Open(path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// (the writer may commit one more between its line and the kill)
			inBackup, _, _ := s.Counts(ctx)
			backup, err := s.Backup(ctx, store.BackupOptions{Dir: t.TempDir(), SameDisk: true})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			// medbot runs on, and is killed with 300 more in its log
			killedWriter(t, path, 50, 300)
			switch how {
			case "mv":
				tmp := filepath.Join(dir, "restored.db")
				copyFile(t, backup, tmp)
				if err := os.Rename(tmp, path); err != nil {
					t.Fatal(err)
				}
			case "cp":
				copyFile(t, backup, path)
			case "restore":
				if _, err := store.Restore(ctx, backup, path, nil, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			s, err = store.Open(path, store.Options{})
			if err != nil {
				t.Fatalf("open after %s: %v", how, err)
			}
			defer s.Close()
			if err := s.IntegrityCheck(ctx); err != nil {
				t.Fatalf("after %s: %v", how, err)
			}
			n, _, _ := s.Counts(ctx)
			switch {
			case how == "none" && (n < 350 || s.SetAside() != ""):
				t.Errorf("its own log: %d messages, set aside %q", n, s.SetAside())
			case how != "none" && how != "restore" && (n != inBackup || s.SetAside() == ""):
				t.Errorf("after %s: %d messages (want the backup's %d), set aside %q", how, n, inBackup, s.SetAside())
			case how == "restore" && n != inBackup:
				t.Errorf("after restore: %d messages, want the backup's %d", n, inBackup)
			}
			at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			if _, err := saveOne(ctx, s, msg("uuid-dad", at, "Rory 38.9"), []medbot.Observation{temp("Rory", at, 38.9)}); err != nil {
				t.Fatalf("a new message after %s: %v", how, err)
			}
			if obs, err := s.Observations(ctx, medbot.Filter{From: at, To: at.Add(time.Second)}); err != nil || len(obs) != 1 {
				t.Errorf("read back after %s: %v %v", how, obs, err)
			}
			if how != "none" {
				if aside, _ := filepath.Glob(path + "-wal.set-aside-*"); how != "restore" && len(aside) != 1 {
					t.Errorf("the old log is not kept aside: %v", aside)
				}
			}
		})
	}
}
