package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/bot/signalcli/signalclitest"
	"github.com/medbot/medbot/store"
)

// TestDatabaseRemovedOrReplacedUnderRun: a running
// medbot whose medbot.db is removed, or replaced by mv, confirms nothing
// it wrote to the old file, tells the family once, and exits 1 so that its
// supervisor starts it again on the file that is there.
func TestDatabaseRemovedOrReplacedUnderRun(t *testing.T) {
	for _, how := range []string{"removed", "replaced"} {
		t.Run(how, func(t *testing.T) {
			d := fakeDaemon(t, signalclitest.Options{})
			cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
			db := filepath.Join(filepath.Dir(cfg), "medbot.db")
			c := startChild(t, d, cfg, "info")
			d.Deliver(d.Text(familyID, mumP, "Rory 38.4"))
			d.WaitCalls("sendReaction", 1, 10*time.Second)

			if how == "removed" {
				for _, suffix := range []string{"", "-wal", "-shm"} {
					os.Remove(db + suffix)
				}
			} else {
				other := filepath.Join(t.TempDir(), "restored.db")
				st, err := store.Open(other, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				st.Close()
				if err := os.Rename(other, db); err != nil {
					t.Fatal(err)
				}
			}
			d.Deliver(d.Text(familyID, mumP, "Freya 38.1"))
			done := make(chan error, 1)
			go func() { done <- c.cmd.Wait() }()
			select {
			case err := <-done:
				if c.cmd.ProcessState.ExitCode() != 1 {
					t.Errorf("exit %v, want 1", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("medbot kept running on a %s database:\n%s", how, c.logs.String())
			}
			if n := len(d.Calls("sendReaction")); n != 1 {
				t.Errorf("%d reactions: the message written to the old file was confirmed", n)
			}
			sends := d.Calls("send")
			if len(sends) != 1 || !strings.Contains(sends[0].Str("message"), "database file was removed or replaced") {
				t.Errorf("the family was not told once: %+v", sends)
			}
			if l := c.logs.String(); !strings.Contains(l, "removed or replaced") || strings.Contains(l, "Freya") {
				t.Errorf("log:\n%s", l)
			}
		})
	}
}
