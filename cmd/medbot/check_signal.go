package main

import (
	"context"
	"errors"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
)

// How stale what medbot run recorded may be before check says so.
const (
	healthStale = 10 * time.Minute
	probeStale  = 2*probeEvery + 10*time.Minute
)

// versionCheck is check's line about signal-cli's version: ✗ below the
// floor Signal's servers keep, with why.
func versionCheck(version, addr string, add func(bool, string, ...any)) {
	if signalcli.VersionAtLeast(version, signalcli.MinVersion) {
		add(true, "signal-cli %s reachable at %s", version, addr)
	} else {
		add(false, "signal-cli %s reachable at %s, but Signal's servers unregister accounts on signal-cli before %s: upgrade it (README: Upgrading signal-cli)", version, addr, signalcli.MinVersion)
	}
	add(true, "medbot was last checked against signal-cli %s (its source and changelog); it needs %s or newer", signalcli.CheckedVersion, signalcli.MinVersion)
}

// probeCheck asks Signal, through signal-cli, whether the account still
// works: one authenticated round trip (Client.Probe).
func probeCheck(ctx context.Context, client *signalcli.Client, account string, add func(bool, string, ...any)) {
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := client.Probe(pctx)
	var re *signalcli.RPCError
	switch {
	case err == nil:
		add(true, "Signal answers for the account (asked through signal-cli just now)")
	case signalcli.AccountGone(err):
		add(false, "Signal no longer accepts this account or linked device (signal-cli: %v): run medbot setup again to link or register it", err)
	case asRPC(err, &re) && re.Unreachable():
		add(false, "signal-cli could not reach Signal's servers just now (%s): check this machine's internet connection (and any firewall or proxy)", re.Message)
	default:
		add(false, "asking Signal whether the account works: %v", err)
	}
	if token, ok := signalcli.ProofRequired(err); ok {
		captchaCheck(token, account, time.Time{}, add)
	}
}

// captchaCheck is the ✗ for a proof-required challenge, with the steps.
func captchaCheck(token, account string, since time.Time, add func(bool, string, ...any)) {
	if account == "" {
		account = "+NUMBER"
	}
	when := ""
	if !since.IsZero() {
		when = " (since " + since.Format("Mon 2 Jan 15:04") + ")"
	}
	add(false, "Signal asks for a captcha before medbot may send again%s. Messages are still recorded, but nothing is answered. To solve it: 1) on any computer open https://signalcaptchas.org/challenge/generate.html and solve the captcha; 2) right-click \"Open Signal\" and copy the link; 3) on this machine run: signal-cli -a %s submitRateLimitChallenge --challenge %s --captcha 'THE-LINK'", when, account, token)
}

// healthChecks are check's lines from what medbot run last recorded of
// Signal (medbot.Health): when it last heard the family, sent and passed
// a probe, and what is wrong.
func healthChecks(h medbot.Health, account string, now time.Time, zone *time.Location, add func(bool, string, ...any)) {
	if h.Updated.IsZero() {
		return // run never ran on this database
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.In(zone).Format("Mon 2 Jan 15:04") + " (" + medbot.Ago(now, t) + ")"
	}
	if now.Sub(h.Updated) > healthStale {
		add(false, "medbot run last looked at Signal %s: is it running? (systemctl status medbot)", at(h.Updated))
	}
	add(true, "last message from the family group: %s", at(h.LastReceived))
	add(true, "last message Signal took from medbot: %s", at(h.LastSent))
	switch {
	case h.LastProbe.IsZero() || now.Sub(h.LastProbe) > probeStale:
		add(false, "last hourly probe of Signal that passed: %s: medbot may be deaf (medbot run probes once an hour)", at(h.LastProbe))
	default:
		add(true, "last hourly probe of Signal that passed: %s", at(h.LastProbe))
	}
	if h.Gone != "" {
		add(false, "since %s Signal no longer accepts medbot's account (signal-cli: %s): run medbot setup again to link or register it", at(h.GoneAt), h.Gone)
	}
	if h.ProofToken != "" {
		captchaCheck(h.ProofToken, account, h.ProofAt, add)
	}
	if !h.DownSince.IsZero() {
		add(false, "medbot run has not reached signal-cli since %s", at(h.DownSince))
	}
	for _, g := range h.Invited {
		add(false, "medbot is only invited to %q and could not accept: accept it with signal-cli updateGroup, or add medbot again", g)
	}
}

// alertCheck says whether a second channel is set, and with test sends a
// test alert through it.
func alertCheck(ctx context.Context, command []string, test bool, add func(bool, string, ...any)) {
	switch {
	case len(command) == 0 && test:
		add(false, "no [alert] command to test: set one (README: A second channel)")
	case len(command) == 0:
		add(true, "no second channel: if Signal itself breaks, only the log says so (README: A second channel)")
	case !test:
		add(true, "second channel: %s (test it with medbot check -alert)", command[0])
	default:
		if err := runAlert(ctx, command, alertTest); err != nil {
			add(false, "the test alert failed: %v", err)
		} else {
			add(true, "test alert sent through %s", command[0])
		}
	}
}

func asRPC(err error, re **signalcli.RPCError) bool {
	return errors.As(err, re)
}
