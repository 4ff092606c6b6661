package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// fill stores n messages, one temperature each, in batches.
func fill(tb testing.TB, s *store.Store, n int) {
	tb.Helper()
	base := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i += 1000 {
		batch := make([]medbot.Stored, 0, 1000)
		for j := i; j < i+1000 && j < n; j++ {
			at := base.Add(time.Duration(j) * 5 * time.Minute)
			batch = append(batch, medbot.Stored{Message: msg("uuid-mum", at, fmt.Sprint("Rory 38.4 and calpol 5ml ", j)), Observations: []medbot.Observation{temp("Rory", at, 38.4), doseObs("Rory", "calpol", at, 5)}})
		}
		if _, err := s.SaveMessages(context.Background(), batch); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestBackupKilled: SIGKILL during a backup leaves no partial file under
// a backup's name, and the next backup succeeds (and clears the leftover).
func TestBackupKilled(t *testing.T) {
	if dir := os.Getenv("MEDBOT_BACKUP_CHILD"); dir != "" {
		s, err := store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for { // backups until killed
			if _, err := s.Backup(context.Background(), store.BackupOptions{Dir: filepath.Join(dir, "usb"), Keep: 1000, SameDisk: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "usb"), 0o700) // the stick, plugged in
	os.Mkdir(filepath.Join(dir, "nas"), 0o700)
	s, err := store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, s, 20000)
	s.Close()
	usb := filepath.Join(dir, "usb")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupKilled$")
	cmd.Env = append(os.Environ(), "MEDBOT_BACKUP_CHILD="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// kill it while a temporary file is being written, after at least one
	// backup finished
	deadline := time.Now().Add(30 * time.Second)
	for {
		done, _ := filepath.Glob(filepath.Join(usb, "medbot-*"))
		tmp, _ := filepath.Glob(filepath.Join(usb, ".medbot-*"))
		if len(done) > 0 && len(tmp) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child never took a backup")
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	finals, _ := filepath.Glob(filepath.Join(usb, "medbot-*.db"))
	sort.Strings(finals)
	for _, f := range finals {
		sum, err := store.Restore(context.Background(), f, filepath.Join(t.TempDir(), "check.db"), nil, time.Now())
		if err != nil {
			t.Errorf("%s under a backup's name is not a whole backup: %v", filepath.Base(f), err)
		} else if sum.Messages != 20000 {
			t.Errorf("%s holds %d messages", filepath.Base(f), sum.Messages)
		}
	}
	s, err = store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Now().Add(time.Hour) } // a name of its own
	defer s.Close()
	path, err := s.Backup(context.Background(), store.BackupOptions{Dir: usb, Keep: 1000, SameDisk: true})
	if err != nil {
		t.Fatalf("the backup after the kill: %v", err)
	}
	if strings.HasPrefix(filepath.Base(path), ".") {
		t.Errorf("backup %s", path)
	}
	if tmp, _ := filepath.Glob(filepath.Join(usb, ".medbot-*")); len(tmp) != 0 {
		t.Errorf("leftovers not cleared: %v", tmp)
	}
}

// BenchmarkBackupYear backs up a year-sized database (100,000 messages)
// while a writer stores a message every 10 ms, and reports the longest
// time one of those writes took during the backup (target: backup under
// 2 s, intake pause under 20 ms).
func BenchmarkBackupYear(b *testing.B) {
	dir := b.TempDir()
	s, err := store.Open(filepath.Join(dir, "medbot.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	fill(b, s, 100000)
	ctx := context.Background()
	var worst time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stop, done := make(chan struct{}), make(chan time.Duration)
		go func() {
			var w time.Duration
			at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
			for j := 0; ; j++ {
				select {
				case <-stop:
					done <- w
					return
				case <-time.After(10 * time.Millisecond):
				}
				t := at.Add(time.Duration(j) * time.Second)
				start := time.Now()
				if _, err := saveOne(ctx, s, msg("uuid-dad", t, "Freya 38.1"), []medbot.Observation{temp("Freya", t, 38.1)}); err != nil {
					b.Error(err)
				}
				w = max(w, time.Since(start))
			}
		}()
		if _, err := s.Backup(ctx, store.BackupOptions{Dir: filepath.Join(dir, "usb"), Keep: 2, SameDisk: true}); err != nil {
			b.Fatal(err)
		}
		close(stop)
		worst = max(worst, <-done)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "max-intake-pause-ms")
}
