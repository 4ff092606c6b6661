package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

const familyID = medbot.GroupID("ZmFtaWx5LWdyb3VwLWlkLTAwMDAwMDAwMDAwMDA=")

var mumP = signalclitest.Person{UUID: "aaaaaaaa-0000-4000-8000-000000000001", Number: "+447700900111", Name: "Mum"}

func writeConfig(t testing.TB, network, addr, group string) string {
	t.Helper()
	dir := t.TempDir()
	key := "socket"
	if network == "tcp" {
		key = "tcp"
	}
	cfg := fmt.Sprintf("timezone = \"Europe/London\"\n[[child]]\nname = \"Freya\"\n[[child]]\nname = \"Rory\"\n[backup]\ndir = %q\nsame_disk = true\n[signal]\n%s = %q\ngroups = [%q]\n", filepath.Join(dir, "backups"), key, addr, group)
	path := filepath.Join(dir, "medbot.toml")
	os.Mkdir(filepath.Join(dir, "backups"), 0o700)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func fakeDaemon(t testing.TB, o signalclitest.Options) *signalclitest.Daemon {
	o.Groups = []signalclitest.Group{{ID: familyID, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mumP}}}
	return signalclitest.New(t, o)
}

func TestRunRefusals(t *testing.T) {
	t.Run("unreachable", func(t *testing.T) {
		cfg := writeConfig(t, "unix", filepath.Join(t.TempDir(), "nope.sock"), "Family health")
		_, stderr, code := runCmd(t, "", "run", "-config", cfg)
		if code != 1 || !strings.Contains(stderr, "signal-cli is not reachable") || !strings.Contains(stderr, "--receive-mode=on-connection") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("not registered", func(t *testing.T) {
		d := fakeDaemon(t, signalclitest.Options{Unregistered: true})
		cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
		_, stderr, code := runCmd(t, "", "run", "-config", cfg)
		if code != 1 || !strings.Contains(stderr, "not registered") || !strings.Contains(stderr, "signal-cli link -n medbot") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("not a member", func(t *testing.T) {
		d := fakeDaemon(t, signalclitest.Options{})
		cfg := writeConfig(t, d.Network(), d.Addr(), "Kids poorly")
		_, stderr, code := runCmd(t, "", "run", "-config", cfg)
		if code != 1 || !strings.Contains(stderr, `not a member of a configured group: "Kids poorly"`) || !strings.Contains(stderr, `"Family health" (id `+string(familyID)) {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
}

func TestCheck(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{Network: "tcp"})
	cfg := writeConfig(t, "tcp", d.Addr(), string(familyID))
	st, err := openStoreForTest(filepath.Join(filepath.Dir(cfg), "medbot.db")) // as run creates it
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, stderr, code := runCmd(t, "", "check", "-config", cfg)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	for _, want := range []string{"✓ configuration", "✓ database", "MB free", "✓ signal-cli 0.14.6 reachable", "✓ account registered", `✓ member of group "Family health"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	d.Stop()
	out, _, code = runCmd(t, "", "check", "-config", cfg)
	if code != 1 || !strings.Contains(out, "✗ signal-cli is not reachable") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestRunSurvivesRestart serves through a daemon restart, then stops cleanly.
func TestRunSurvivesRestart(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	var logs syncBuf
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- cmdRun(ctx, e, []string{"-config", cfg}) }()
	for d.Connected() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	d.Deliver(d.Text(familyID, mumP, "Rory 38.4"))
	d.WaitCalls("sendReaction", 1, 5*time.Second)
	d.Restart()
	d.Deliver(d.Text(familyID, mumP, "calpol 5ml Freya"))
	// the first reaction may be resent if the restart cut off its answer
	deadline := time.Now().Add(15 * time.Second)
	for !hasEmoji(d.Calls("sendReaction"), "💊") {
		if time.Now().After(deadline) {
			t.Fatalf("no 💊 after the restart: %+v", d.Calls("sendReaction"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop", logs.String())
	}
	if !strings.Contains(logs.String(), "medbot stopped") || strings.Count(logs.String(), `msg="signal-cli connection lost`) != 1 {
		t.Errorf("logs:\n%s", logs.String())
	}
}

func hasEmoji(calls []signalclitest.Call, emoji string) bool {
	for _, c := range calls {
		if c.Str("emoji") == emoji {
			return true
		}
	}
	return false
}

// TestRunManualMode serves a daemon in --receive-mode=manual: medbot
// subscribes, and reads the wrapped notifications.
func TestRunManualMode(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{Mode: signalclitest.Manual})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("receive_mode = \"manual\"\n")
	f.Close()
	c := startChild(t, d, cfg, "warn")
	d.Deliver(d.Text(familyID, mumP, "Rory 38.4"))
	if r := d.WaitCalls("sendReaction", 1, 10*time.Second)[0]; r.Str("emoji") != "🌡️" {
		t.Errorf("%+v", r.Params)
	}
	if len(d.Calls("subscribeReceive")) != 1 {
		t.Error("did not subscribe")
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
}

// TestCheckAccount: against a multi-account daemon (as signal-cli 0.13.19
// answers), check names signal.account, the accounts served and what to do.
func TestCheckAccount(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accounts []string
		account  string
		want     []string
	}{
		{"unknown account", []string{"+447700900001"}, "+447700900999", []string{"✓ signal-cli reachable", "✗ signal.account: signal-cli's daemon runs without -a (it serves the accounts it has) and +447700900999 is not one of them (it serves: +447700900001)", "run medbot setup"}},
		{"none named, two served", []string{"+447700900001", "+447700900002"}, "", []string{"✗ signal.account: signal-cli's daemon serves several accounts (+447700900001, +447700900002): set signal.account"}},
		{"none served", []string{}, "", []string{"✗ signal.account: signal-cli's daemon serves no account yet", "run medbot setup"}},
		{"the one served, unnamed", []string{"+447700900001"}, "", []string{"✓ member of group"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fakeDaemon(t, signalclitest.Options{Accounts: tc.accounts})
			cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
			if tc.account != "" {
				f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
				fmt.Fprintf(f, "account = %q\n", tc.account)
				f.Close()
			}
			out, _, _ := runCmd(t, "", "check", "-config", cfg)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("want %q in\n%s", w, out)
				}
			}
		})
	}
}

// TestCheckWrongAccountSingleMode: a daemon started with -a answers every
// call whatever account is named; check still catches a signal.account that
// is not the bot's number (it is not among the family group's members).
func TestCheckWrongAccountSingleMode(t *testing.T) {
	d := signalclitest.New(t, signalclitest.Options{Groups: []signalclitest.Group{{ID: familyID, Name: "Family health", IsMember: true,
		Members: []signalclitest.Person{mumP, {UUID: "11111111-1111-4111-8111-111111111111", Number: "+447700900001"}}}}})
	for _, tc := range []struct{ account, want string }{
		{"+447700900999", "✗ signal.account +447700900999 is not a member of the family group"},
		{"+447700900001", "✓ member of group"},
	} {
		cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
		f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
		fmt.Fprintf(f, "account = %q\n", tc.account)
		f.Close()
		out, _, _ := runCmd(t, "", "check", "-config", cfg)
		if !strings.Contains(out, tc.want) || (tc.account == "+447700900001" && strings.Contains(out, "✗")) {
			t.Errorf("account %s: want %q in\n%s", tc.account, tc.want, out)
		}
	}
}
