package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// TestRunSystemdNotify runs medbot under a fake systemd: it says READY
// once the groups are resolved, pings the watchdog while healthy, stops
// pinging while the database is blocked, and pings again after.
func TestRunSystemdNotify(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	states := make(chan string, 1000)
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			states <- string(buf[:n])
		}
	}()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("WATCHDOG_USEC", "200000")

	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	var logs syncBuf
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- cmdRun(ctx, e, []string{"-config", cfg}) }()

	next := func(within time.Duration) string {
		select {
		case s := <-states:
			return s
		case <-time.After(within):
			return ""
		}
	}
	if s := next(10 * time.Second); s != "READY=1" {
		t.Fatalf("first state %q, want READY=1", s)
	}
	for i := 0; i < 3; i++ {
		if s := next(2 * time.Second); s != "WATCHDOG=1" {
			t.Fatalf("ping %d: %q", i, s)
		}
	}

	// another writer holds the database: medbot is stuck, so no pings
	raw, err := sql.Open("sqlite", filepath.Join(filepath.Dir(cfg), "medbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	hold, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond) // a ping already on its way
	for len(states) > 0 {
		<-states
	}
	if s := next(time.Second); s != "" {
		t.Errorf("pinged %q while the database was blocked", s)
	}
	hold.ExecContext(context.Background(), "ROLLBACK")
	hold.Close()
	if s := next(10 * time.Second); s != "WATCHDOG=1" {
		t.Errorf("no ping after the database came back: %q", s)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "not healthy") {
		t.Errorf("the stuck time was not logged:\n%s", logs.String())
	}
	// run took a backup at start-up: there was none
	if got, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "backups", "medbot-*.db")); len(got) != 1 {
		t.Errorf("backups after start-up: %v", got)
	}
}
