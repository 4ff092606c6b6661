package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// TestCheckVersionFloor: check marks a signal-cli older than 0.14.1 ✗ and
// says why; 0.14 passes. run logs it at Error and keeps serving.
func TestCheckVersionFloor(t *testing.T) {
	for v, ok := range map[string]bool{"0.13.19": false, "0.14.0": false, "0.14.1": true, "0.14.6": true} {
		d := fakeDaemon(t, signalclitest.Options{Version: v})
		cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
		out, _, code := runCmd(t, "", "check", "-config", cfg)
		line := "✓ signal-cli " + v + " reachable"
		if !ok {
			line = "✗ signal-cli " + v + " reachable at " + d.Addr() + ", but Signal's servers unregister accounts on signal-cli before 0.14.1: upgrade it (README: Upgrading signal-cli)"
		}
		if !strings.Contains(out, line) || (code == 0) != ok {
			t.Errorf("%s: exit %d, want the line %q in\n%s", v, code, line, out)
		}
		if !strings.Contains(out, "✓ medbot was last checked against signal-cli "+signalcli.CheckedVersion) {
			t.Errorf("%s: no line naming the version checked against:\n%s", v, out)
		}
	}
}

// startRun runs medbot run in this process against cfg, with its log in
// logs; stop ends it.
func startRun(t *testing.T, cfg string) (logs *syncBuf, stop func()) {
	t.Helper()
	logs = &syncBuf{}
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cmdRun(ctx, e, []string{"-config", cfg}) }()
	return logs, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("run did not stop")
		}
	}
}

// TestRunOnOldSignalCLI: run says the version is too old at Error, tells
// the family once a day, and keeps serving.
func TestRunOnOldSignalCLI(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{Version: "0.13.19"})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	logs, stop := startRun(t, cfg)
	defer stop()
	sends := d.WaitCalls("send", 1, 5*time.Second)
	if msg := sends[0].Str("message"); !strings.Contains(msg, "signal-cli 0.13.19") || !strings.Contains(msg, "before 0.14.1") {
		t.Errorf("the family was told %q", msg)
	}
	d.Deliver(d.Text(familyID, mumP, "Rory 38.4"))
	d.WaitCalls("sendReaction", 1, 5*time.Second)
	if l := logs.String(); !strings.Contains(l, "level=ERROR msg=\"signal-cli is too old for Signal") {
		t.Errorf("no error logged:\n%s", l)
	}
}

// TestInvitationAccepted: run accepts the invitation to a configured
// group it was only invited to; check, which changes nothing, marks it ✗.
func TestInvitationAccepted(t *testing.T) {
	d := signalclitest.New(t, signalclitest.Options{Groups: []signalclitest.Group{{ID: familyID, Name: "Family health", Invited: true, Members: []signalclitest.Person{mumP}}}})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	out, _, code := runCmd(t, "", "check", "-config", cfg)
	if code != 1 || !strings.Contains(out, `✗ the account is not a member of a configured group: "Family health": medbot was invited to it but has not accepted the invitation yet`) {
		t.Errorf("check, invited: exit %d\n%s", code, out)
	}
	if n := len(d.Calls("updateGroup")); n != 0 {
		t.Errorf("check accepted the invitation (%d calls)", n)
	}
	logs, stop := startRun(t, cfg)
	waitFor(t, func() bool { return strings.Contains(logs.String(), "medbot started") })
	stop()
	if calls := d.Calls("updateGroup"); len(calls) != 1 || calls[0].Str("groupId") != string(familyID) {
		t.Errorf("updateGroup calls: %+v", calls)
	}
	if !strings.Contains(logs.String(), "accepted the invitation to a family group") {
		t.Errorf("not logged:\n%s", logs.String())
	}
	if out, _, code := runCmd(t, "", "check", "-config", cfg); code != 0 {
		t.Errorf("check after run: exit %d\n%s", code, out)
	}
}

// TestCheckProbe: check asks Signal whether the account still works.
func TestCheckProbe(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	out, _, _ := runCmd(t, "", "check", "-config", cfg)
	if !strings.Contains(out, "✓ Signal answers for the account") {
		t.Errorf("probe:\n%s", out)
	}
	d.Deauthorize()
	out, _, code := runCmd(t, "", "check", "-config", cfg)
	if code != 1 || !strings.Contains(out, "✗ Signal no longer accepts this account or linked device") || !strings.Contains(out, "run medbot setup again to link or register it") {
		t.Errorf("deauthorized: exit %d\n%s", code, out)
	}
}

// TestHealthChecks: check's lines from what run recorded.
func TestHealthChecks(t *testing.T) {
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		h    medbot.Health
		want []string // lines, with their mark
	}{
		{"never ran", medbot.Health{}, nil},
		{"all well", medbot.Health{Updated: now.Add(-time.Minute), LastReceived: now.Add(-2 * time.Hour), LastSent: now.Add(-2 * time.Hour), LastProbe: now.Add(-30 * time.Minute)},
			[]string{"✓ last message from the family group: Sun 6 Dec 01:00 (2 h ago)", "✓ last message Signal took from medbot: Sun 6 Dec 01:00 (2 h ago)", "✓ last hourly probe of Signal that passed: Sun 6 Dec 02:30 (30 min ago)"}},
		{"run stopped", medbot.Health{Updated: now.Add(-time.Hour), LastProbe: now.Add(-time.Hour)},
			[]string{"✗ medbot run last looked at Signal Sun 6 Dec 02:00 (1 h ago): is it running? (systemctl status medbot)"}},
		{"deaf", medbot.Health{Updated: now, LastProbe: now.Add(-5 * time.Hour)},
			[]string{"✗ last hourly probe of Signal that passed: Sat 5 Dec 22:00 (5 h ago): medbot may be deaf"}},
		{"gone", medbot.Health{Updated: now, LastProbe: now, Gone: "Failed to send message: [401] Authorization failed!", GoneAt: now.Add(-3 * time.Hour)},
			[]string{"✗ since Sun 6 Dec 00:00 (3 h ago) Signal no longer accepts medbot's account (signal-cli: Failed to send message: [401] Authorization failed!): run medbot setup again to link or register it"}},
		{"captcha", medbot.Health{Updated: now, LastProbe: now, ProofToken: "tok-1", ProofAt: now.Add(-time.Hour)},
			[]string{"✗ Signal asks for a captcha before medbot may send again (since Sun 6 Dec 02:00)", "signal-cli -a +447700900001 submitRateLimitChallenge --challenge tok-1 --captcha 'THE-LINK'"}},
		{"down", medbot.Health{Updated: now, LastProbe: now, DownSince: now.Add(-20 * time.Minute)},
			[]string{"✗ medbot run has not reached signal-cli since Sun 6 Dec 02:40 (20 min ago)"}},
		{"invited", medbot.Health{Updated: now, LastProbe: now, Invited: []string{"Family health"}},
			[]string{`✗ medbot is only invited to "Family health" and could not accept`}},
	}
	for _, tt := range tests {
		var lines []check
		healthChecks(tt.h, "+447700900001", now, time.UTC, func(ok bool, f string, a ...any) { lines = append(lines, check{ok, sprintf(f, a...)}) })
		var buf bytes.Buffer
		printChecks(&buf, lines)
		for _, w := range tt.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: no %q in\n%s", tt.name, w, buf.String())
			}
		}
		if tt.want == nil && len(lines) > 0 {
			t.Errorf("%s: %s", tt.name, buf.String())
		}
	}
}

// recordingAlerter is an alerter whose program is recorded, not run.
func recordingAlerter() (*alerter, *[]string) {
	var mu sync.Mutex
	var sent []string
	a := newAlerter([]string{"/usr/bin/mail", "-s", "medbot", "parent@example.org"}, slog.New(slog.DiscardHandler))
	a.run = func(ctx context.Context, argv []string, line string) error {
		mu.Lock()
		defer mu.Unlock()
		if strings.Join(argv, " ") != "/usr/bin/mail -s medbot parent@example.org" {
			return errors.New("arguments changed: " + strings.Join(argv, " "))
		}
		sent = append(sent, line)
		return nil
	}
	return a, &sent
}

type fakeHealthStore struct {
	mu       sync.Mutex
	writable error
	h        medbot.Health
}

func (f *fakeHealthStore) Writable(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writable
}

func (f *fakeHealthStore) SetHealth(ctx context.Context, h medbot.Health) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.h = h
	return nil
}

// TestMonitorAlerts: each outage alerts once when it starts and once when
// it is over: the account gone (found by the hourly probe), signal-cli
// unreachable for more than 15 minutes, the database not writable, backups
// failing for a day; the lines carry nothing of the family's.
func TestMonitorAlerts(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	clock := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	var cmu sync.Mutex
	now := func() time.Time { cmu.Lock(); defer cmu.Unlock(); return clock }
	advance := func(dt time.Duration) { cmu.Lock(); clock = clock.Add(dt); cmu.Unlock() }
	client := signalcli.New(signalcli.Options{Network: d.Network(), Address: d.Addr(), Now: now, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := client.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	go client.Run(ctx)
	st := &fakeHealthStore{}
	a, sent := recordingAlerter()
	var backupsFailing time.Time
	m := &monitor{client: client, st: st, version: "0.14.6", groups: map[medbot.GroupID]bool{familyID: true}, log: slog.New(slog.DiscardHandler),
		alert: a, backups: func() time.Time { return backupsFailing }, now: now}
	m.round(ctx)
	if len(*sent) != 0 || st.h.LastProbe.IsZero() {
		t.Fatalf("all well: alerts %q, health %+v", *sent, st.h)
	}
	// the account gone: found by the next hourly probe, alerted once
	d.Deauthorize()
	advance(30 * time.Minute)
	m.round(ctx)
	if len(*sent) != 0 {
		t.Fatalf("probed before the hour: %q", *sent)
	}
	advance(31 * time.Minute)
	m.round(ctx)
	advance(time.Minute)
	m.round(ctx)
	if len(*sent) != 1 || (*sent)[0] != alertAccount || st.h.Gone == "" {
		t.Fatalf("account gone: %q, health %+v", *sent, st.h)
	}
	// signal-cli unreachable: alerted after 15 minutes, once, and when over
	d.Stop()
	waitFor(t, func() bool { return !client.Health().DownSince.IsZero() })
	advance(10 * time.Minute)
	m.round(ctx)
	if len(*sent) != 1 {
		t.Fatalf("alerted before 15 minutes: %q", *sent)
	}
	advance(6 * time.Minute)
	m.round(ctx)
	m.round(ctx)
	if len(*sent) != 2 || (*sent)[1] != alertDaemon {
		t.Fatalf("unreachable: %q", *sent)
	}
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return client.Health().DownSince.IsZero() })
	m.round(ctx)
	if len(*sent) != 3 || (*sent)[2] != alertDaemonOver {
		t.Fatalf("reachable again: %q", *sent)
	}
	// the database: after two minutes not writable
	st.mu.Lock()
	st.writable = errors.New("disk full")
	st.mu.Unlock()
	m.round(ctx)
	advance(2 * time.Minute)
	m.round(ctx)
	if len(*sent) != 4 || (*sent)[3] != alertDatabase {
		t.Fatalf("database: %q", *sent)
	}
	st.mu.Lock()
	st.writable = nil
	st.mu.Unlock()
	m.round(ctx)
	// backups: after a day of failing
	backupsFailing = now().Add(-23 * time.Hour)
	m.round(ctx)
	backupsFailing = now().Add(-25 * time.Hour)
	m.round(ctx)
	backupsFailing = time.Time{}
	m.round(ctx)
	want := []string{alertAccount, alertDaemon, alertDaemonOver, alertDatabase, alertDatabaseOK, alertBackups, alertBackupsOK}
	if strings.Join(*sent, "\n") != strings.Join(want, "\n") {
		t.Errorf("alerts:\n%s\nwant\n%s", strings.Join(*sent, "\n"), strings.Join(want, "\n"))
	}
	// the account works again: found by the next probe, said once
	d.Reauthorize()
	advance(probeEvery)
	m.round(ctx)
	m.round(ctx)
	if got := (*sent)[len(*sent)-1]; len(*sent) != len(want)+1 || got != alertAccountOver {
		t.Errorf("account back: %q", *sent)
	}
}

// TestAlertLines: no alert names a child, a reading or a number, and each
// says what to do.
func TestAlertLines(t *testing.T) {
	for _, l := range []string{alertAccount, alertDaemon, alertCaptcha, alertDatabase, alertBackups} {
		if strings.ContainsAny(l, "0123456789") && !strings.Contains(l, "15 minutes") {
			t.Errorf("an alert with a number: %q", l)
		}
		if !strings.Contains(l, "medbot setup") && !strings.Contains(l, "medbot check") && !strings.Contains(l, "systemctl") {
			t.Errorf("an alert that says nothing to do: %q", l)
		}
	}
}

// TestCheckAlert: check -alert runs the configured program with the test
// line on standard input and its arguments as configured, no shell.
func TestCheckAlert(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	dir := filepath.Dir(cfg)
	got := filepath.Join(dir, "alert.txt")
	script := filepath.Join(dir, "alert.sh")
	// shell builtins only: the test runs where PATH holds nothing but Go
	os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s|' \"$@\" > \""+got+"\"\nwhile IFS= read -r l; do printf '%s\\n' \"$l\" >> \""+got+"\"; done\n"), 0o700)
	raw, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(raw, []byte("[alert]\ncommand = [\""+script+"\", \"-s\", \"medbot; rm -rf /\"]\n")...), 0o600)
	out, _, code := runCmd(t, "", "check", "-config", cfg, "-alert")
	if code != 0 || !strings.Contains(out, "✓ test alert sent through "+script) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(got)
	if want := "-s|medbot; rm -rf /|" + alertTest + "\n"; string(b) != want {
		t.Errorf("the program got %q, want %q", b, want)
	}
	out, _, _ = runCmd(t, "", "check", "-config", cfg)
	if !strings.Contains(out, "✓ second channel: "+script+" (test it with medbot check -alert)") {
		t.Errorf("without -alert:\n%s", out)
	}
	if _, err := os.Stat(got); err != nil {
		t.Fatal(err)
	}
}

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }

// TestSameNamedGroups: a configured group name two groups share is refused
// at start and in check, listing the ids to choose from; by id it serves.
func TestSameNamedGroups(t *testing.T) {
	other := medbot.GroupID("c3RyYW5nZXJzLWdyb3VwLWlkLTAwMDAwMDAwMDA=")
	stranger := signalclitest.Person{UUID: "bbbbbbbb-0000-4000-8000-000000000009", Name: "Stranger"}
	d := signalclitest.New(t, signalclitest.Options{Groups: []signalclitest.Group{
		{ID: familyID, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mumP}},
		{ID: other, Name: "Family health", IsMember: true, Members: []signalclitest.Person{stranger}},
	}})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	_, stderr, code := runCmd(t, "", "run", "-config", cfg)
	if code != 1 || !strings.Contains(stderr, `2 groups are called "Family health", and medbot serves one family: set signal.groups to the id of the family's, one of: `+string(familyID)) || !strings.Contains(stderr, string(other)) {
		t.Errorf("run: exit %d\n%s", code, stderr)
	}
	out, _, code := runCmd(t, "", "check", "-config", cfg)
	if code != 1 || strings.Count(out, "✓ member of group") != 0 || !strings.Contains(out, `✗ signal.groups: 2 groups are called "Family health"`) {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	cfg = writeConfig(t, d.Network(), d.Addr(), string(familyID))
	if out, _, code := runCmd(t, "", "check", "-config", cfg); code != 0 || strings.Count(out, `✓ member of group "Family health"`) != 1 {
		t.Errorf("by id: exit %d\n%s", code, out)
	}
}

// TestSignalCLIThatNeverAnswers: a socket that takes the connection and
// says nothing gets a plain line, not "context deadline exceeded".
func TestSignalCLIThatNeverAnswers(t *testing.T) {
	connectWait = time.Second
	t.Cleanup(func() { connectWait = 15 * time.Second })
	dir := t.TempDir()
	sock := filepath.Join(dir, "mute.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	cfg := writeConfig(t, "unix", sock, "Family health")
	out, _, code := runCmd(t, "", "check", "-config", cfg)
	if code != 1 || !strings.Contains(out, "took the connection but did not answer within 1s") || strings.Contains(out, "deadline exceeded") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestCheckDamagedDatabase: a damaged database is one line in check,
// naming the newest backup to restore; a database missing beside one a
// restore kept is ✗, not "no database yet".
func TestCheckDamagedDatabase(t *testing.T) {
	cfg, dir := backupConfig(t, "")
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := runCmd(t, "", "import", "-config", cfg, "-db", db, writeMessages(t, 300)); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runCmd(t, "", "backup", "-config", cfg, "-db", db); code != 0 {
		t.Fatal(stderr)
	}
	raw, _ := os.ReadFile(db)
	for i := 4096; i < len(raw); i += 4096 {
		for j := i + 8; j < i+64 && j < len(raw); j++ {
			raw[j] = 0xA5 // page headers trampled
		}
	}
	os.WriteFile(db, raw, 0o600)
	os.Remove(db + "-wal")
	out, _, code := runCmd(t, "", "check", "-config", cfg, "-db", db)
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "damaged") || strings.Contains(l, "integrity") || strings.Contains(l, "Tree") || strings.Contains(l, "page") {
			lines = append(lines, l)
		}
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "medbot-*.db"))
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "is damaged (") || !strings.Contains(lines[0], "medbot restore -config "+cfg+" "+backups[0]) {
		t.Errorf("exit %d, lines about the damage %q\n%s", code, lines, out)
	}
	// a restore killed between its steps in an older medbot: no database
	os.Rename(db, db+".before-restore-20261206-010203")
	out, _, code = runCmd(t, "", "check", "-config", cfg, "-db", db)
	if code != 1 || !strings.Contains(out, "✗ no database at "+db+", but one was kept there by a restore") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestSetAsideLogIsSaidOutLoud: a write-ahead log left by another database
// file (one copied over this one while medbot was stopped) is set aside at
// open; the command that opened it warns, and check names the file.
func TestSetAsideLogIsSaidOutLoud(t *testing.T) {
	cfg, _ := backupConfig(t, "")
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := runCmd(t, "", "import", "-config", cfg, "-db", db, writeMessages(t, 30)); code != 0 {
		t.Fatal(stderr)
	}
	os.WriteFile(db+"-wal", []byte("a log written for a file no longer here"), 0o600)
	os.WriteFile(db+"-wal.owner", []byte("1:1\n"), 0o600)
	_, stderr, code := runCmd(t, "", "export", "-config", cfg, "-db", db, "-o", filepath.Join(t.TempDir(), "x.csv"))
	if code != 0 || !strings.Contains(stderr, "set aside, nothing in it applied") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	aside, _ := filepath.Glob(db + "-wal.set-aside-*")
	out, _, _ := runCmd(t, "", "check", "-config", cfg, "-db", db)
	if len(aside) != 1 || !strings.Contains(out, aside[0]+" set aside: a write-ahead log") {
		t.Errorf("set aside %q; check says\n%s", aside, out)
	}
}
