package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// supervisor runs signal-cli's daemon as medbot's child ([signal]
// command): it starts it on a private socket, waits for the socket,
// restarts it with backoff when it exits (logging the last lines it wrote
// to standard error, phone numbers hidden), and stops it on shutdown.
type supervisor struct {
	path  string   // the signal-cli executable
	args  []string // its arguments
	sock  string
	log   *slog.Logger
	ready time.Duration // how long signal-cli may take to open its socket (a JVM: up to a minute on a Pi)
	// backoff between restarts, doubling from min to max
	minBackoff, maxBackoff time.Duration
	stopWait               time.Duration // after SIGTERM, before SIGKILL
}

// signalCLIArgs are the daemon's arguments for an account and socket;
// without an account, the daemon serves every account it has
// (multi-account mode, the one that links and registers).
func signalCLIArgs(account, configDir, sock string) []string {
	var a []string
	if configDir != "" {
		a = append(a, "--config", configDir)
	}
	if account != "" {
		a = append(a, "-a", account)
	}
	return append(a, "daemon", "--socket", sock, "--receive-mode=on-connection", "--no-receive-stdout")
}

// newSupervisor runs the signal-cli at path for account (see
// signalCLIArgs) on sock, with medbot's waits: up to 90 s to open the
// socket (a JVM on a Pi), restarts 1 s doubling to a minute, 10 s from
// SIGTERM to SIGKILL.
func newSupervisor(path, account, configDir, sock string, log *slog.Logger) *supervisor {
	return &supervisor{path: path, args: signalCLIArgs(account, configDir, sock), sock: sock, log: log,
		ready: 90 * time.Second, minBackoff: time.Second, maxBackoff: time.Minute, stopWait: 10 * time.Second}
}

// daemonChild is one running signal-cli.
type daemonChild struct {
	cmd    *exec.Cmd
	stderr *tail
	exited chan struct{}
}

// start starts signal-cli and waits for its socket; the error says what
// signal-cli wrote when it exits first or never opens the socket.
func (s *supervisor) start() (*daemonChild, error) {
	s.reapStale()
	os.Remove(s.sock) // a socket left by a killed daemon
	c := &daemonChild{cmd: exec.Command(s.path, s.args...), stderr: &tail{max: 5}, exited: make(chan struct{})}
	c.cmd.Stderr = c.stderr
	c.cmd.SysProcAttr = &syscall.SysProcAttr{
		// a group of its own: not killed by a terminal's ^C before medbot
		// stops it, and stopped whole (a launcher script and its JVM)
		Setpgid: true,
		// and it dies with medbot, even a medbot killed with -9
		Pdeathsig: syscall.SIGTERM,
	}
	// a launcher script's orphaned JVM may keep the stderr pipe open: the
	// wait for it is bounded
	c.cmd.WaitDelay = s.stopWait
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting signal-cli (%s): %w: install it, or fix signal.command", s.path, err)
	}
	s.recordGroup(c.cmd.Process.Pid)
	go func() { c.cmd.Wait(); close(c.exited) }()
	deadline := time.NewTimer(s.ready)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if fi, err := os.Stat(s.sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return c, nil
		}
		select {
		case <-c.exited:
			return nil, fmt.Errorf("signal-cli exited (%s) before opening its socket; it said: %s%s", c.cmd.ProcessState, c.stderr.String(), javaHint(c.stderr.String()))
		case <-deadline.C:
			s.stop(c)
			return nil, fmt.Errorf("signal-cli did not open %s within %s; it said: %s", s.sock, s.ready, c.stderr.String())
		case <-tick.C:
		}
	}
}

// javaHint explains, from what signal-cli wrote, a Java too old for it or
// a native library it lacks for this CPU.
func javaHint(said string) string {
	switch {
	case strings.Contains(said, "UnsupportedClassVersionError") || strings.Contains(said, "class file version"):
		return "\nsignal-cli 0.14 needs Java 25, and the java it found is older. Install a Java 25 runtime (README: Installing signal-cli) and make it the default (sudo update-alternatives --config java) or set JAVA_HOME to it in the unit; or, on an x86_64 PC, use signal-cli's native build, which needs no Java"
	case strings.Contains(said, "libsignal_jni") || strings.Contains(said, "UnsatisfiedLinkError"):
		return "\nsignal-cli's JVM build carries its native library (libsignal-client) for x86_64 only: on a Raspberry Pi it needs libsignal_jni.so for this CPU (README: Installing signal-cli, Raspberry Pi)"
	}
	return ""
}

// stop asks signal-cli's whole process group to stop (SIGTERM: a
// launcher script that does not exec passes it nothing), and kills the
// group after stopWait.
func (s *supervisor) stop(c *daemonChild) {
	pgid := c.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(s.stopWait):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-c.exited
	}
	// the group's other processes (a JVM under a script) go too
	syscall.Kill(-pgid, syscall.SIGKILL)
	os.Remove(s.pidFile())
}

// pidFile records the process group of the signal-cli medbot started, so
// that the next medbot can stop one a killed medbot left behind (it would
// hold signal-cli's data: "Config file is in use by another instance").
func (s *supervisor) pidFile() string { return s.sock + ".pgid" }

func (s *supervisor) recordGroup(pgid int) {
	if err := os.WriteFile(s.pidFile(), []byte(strconv.Itoa(pgid)+"\n"), 0o600); err != nil {
		s.log.Warn("recording signal-cli's process group failed", "err", err)
	}
}

// reapStale stops the process group a killed medbot's signal-cli left,
// when it is still there and still signal-cli (its command line names the
// program medbot runs).
func (s *supervisor) reapStale() {
	b, err := os.ReadFile(s.pidFile())
	if err != nil {
		return
	}
	os.Remove(s.pidFile())
	pgid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pgid <= 1 {
		return
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pgid))
	if err != nil || !bytes.Contains(cmdline, []byte(filepath.Base(s.path))) {
		return // gone, or another process has the number now
	}
	s.log.Warn("stopping a signal-cli a medbot killed before left running", "pgid", pgid)
	syscall.Kill(-pgid, syscall.SIGTERM)
	for i := 0; i < int(s.stopWait/(100*time.Millisecond)); i++ {
		if syscall.Kill(-pgid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
}

// run keeps first (already started) and its successors running until ctx
// ends, then stops the one running.
func (s *supervisor) run(ctx context.Context, first *daemonChild) {
	c := first
	wait := s.minBackoff
	for {
		started := time.Now()
		select {
		case <-ctx.Done():
			s.stop(c)
			s.log.Info("signal-cli stopped")
			return
		case <-c.exited:
		}
		s.log.Warn("signal-cli exited; restarting it", "status", c.cmd.ProcessState.String(), "stderr", c.stderr.String())
		if time.Since(started) > time.Minute {
			wait = s.minBackoff // it ran well for a while
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(wait*2, s.maxBackoff)
			next, err := s.start()
			if err == nil {
				c = next
				s.log.Info("signal-cli restarted")
				break
			}
			s.log.Warn("restarting signal-cli failed", "err", redactNumbers(err.Error()))
		}
	}
}

// tail keeps the last lines written to it, phone numbers hidden.
type tail struct {
	mu    sync.Mutex
	max   int
	lines []string
	part  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.part = append(t.part, p...)
	for {
		i := bytes.IndexByte(t.part, '\n')
		if i < 0 {
			break
		}
		// a Java stack frame ("at org.asamk…", "... 5 more") says nothing
		// to the operator; the exception's own line above it does
		if line := strings.TrimSpace(string(t.part[:i])); line != "" && !strings.HasPrefix(line, "at ") && !(strings.HasPrefix(line, "... ") && strings.HasSuffix(line, " more")) {
			t.lines = append(t.lines, redactNumbers(line))
			if len(t.lines) > t.max {
				t.lines = t.lines[1:]
			}
		}
		t.part = t.part[i+1:]
	}
	if len(t.part) > 4096 {
		t.part = t.part[:0]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) == 0 {
		return "(nothing)"
	}
	return strings.Join(t.lines, " | ")
}

var numberRE = regexp.MustCompile(`\+?\d[\d ]{6,}\d`)

// redactNumbers hides phone numbers (logs carry none at Info and above).
func redactNumbers(s string) string { return numberRE.ReplaceAllString(s, "+…") }
