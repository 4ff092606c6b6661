package main

// medbot setup, steps 2 and 3: an account (a linked phone, or a number of
// its own) and the family group.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mdp/qrterminal/v3"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
)

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
	s.p.say("✓ %s is registered for medbot.", number)
	// a number of medbot's own gets a name, so the group does not see a
	// bare number (a linked parent's phone keeps the parent's)
	name, err := s.p.ask(ctx, "The name the family sees for medbot in Signal", s.f.name, "-name")
	if err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		name = "medbot"
	}
	if err := s.client.SetProfileName(ctx, number, strings.TrimSpace(name)); err != nil {
		s.p.say("Could not set the name (%s): the group sees the number until it is set (signal-cli -a %s updateProfile --given-name medbot).", plainSignal(err), number)
	} else {
		s.p.say("✓ the group sees it as %s", strings.TrimSpace(name))
	}
	s.p.say("From a parent's phone, add %s to the family group now.", number)
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
					o += " — invited, not joined yet: medbot accepts the invitation"
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
			return s.joinGroups(ctx)
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
		default:
			var ids []string
			for _, g := range found {
				ids = append(ids, string(g.ID))
			}
			return fmt.Errorf("%d groups are called %q: give -group the id of the family's, one of %s", len(found), want, strings.Join(ids, ", "))
		}
	}
	return s.joinGroups(context.Background())
}

// joinGroups accepts the invitation to each family group medbot was only
// invited to: invited, it sees nothing written there.
func (s *setup) joinGroups(ctx context.Context) error {
	for i, g := range s.groups {
		if !g.IsMember {
			if err := s.client.AcceptInvite(ctx, s.account, g.ID); err != nil {
				return signalProblem("accepting the invitation to "+orUnnamed(g.Name), err)
			}
			s.groups[i].IsMember = true
			s.p.say("✓ accepted the invitation to %s", orUnnamed(g.Name))
		}
		s.p.say("✓ the family group: %s", orUnnamed(g.Name))
	}
	return nil
}

func orAccount(a string) string {
	if a == "" {
		return "medbot's account"
	}
	return a
}
