package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// alertWait is how long the alert program may take.
const alertWait = 30 * time.Second

// alerter is the second channel: when the family cannot be told through
// Signal (the account gone, signal-cli unreachable, the database not
// writable, backups failing), it runs the configured program (no shell)
// with one plain line on standard input. Each kind of outage alerts once
// when it starts and once when it is over. The line names no child, no
// reading and no number: only what broke and what to do.
type alerter struct {
	command []string
	log     *slog.Logger

	mu     sync.Mutex
	raised map[string]bool
	// run runs the program; tests replace it.
	run func(ctx context.Context, argv []string, line string) error
}

func newAlerter(command []string, log *slog.Logger) *alerter {
	return &alerter{command: command, log: log, raised: map[string]bool{}, run: runAlert}
}

// set raises the kind of outage (on) with line, or says with over that it
// is over; each only once per outage. It reports whether it sent.
func (a *alerter) set(ctx context.Context, kind string, on bool, line, over string) bool {
	if a == nil {
		return false
	}
	a.mu.Lock()
	was := a.raised[kind]
	a.raised[kind] = on
	a.mu.Unlock()
	if was == on {
		return false
	}
	text := line
	if !on {
		text = over
	}
	if len(a.command) == 0 {
		return false
	}
	if err := a.run(ctx, a.command, text); err != nil {
		a.log.Error("the alert command failed", "kind", kind, "err", err)
		if on {
			// not told: try again on the next round
			a.mu.Lock()
			a.raised[kind] = false
			a.mu.Unlock()
		}
		return false
	}
	a.log.Info("alert sent", "kind", kind, "over", !on)
	return true
}

// runAlert runs argv with line on standard input, and waits at most
// alertWait.
func runAlert(ctx context.Context, argv []string, line string) error {
	ctx, cancel := context.WithTimeout(ctx, alertWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(line + "\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		if msg != "" {
			return fmt.Errorf("%s: %w: %s", argv[0], err, msg)
		}
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	return nil
}

// The lines the second channel sends. They say what broke and what to do,
// never anything of the family's records.
const (
	alertAccount     = "medbot: Signal no longer accepts the account medbot uses, so the family group gets no answers and nothing written there is recorded. Run medbot setup on the medbot computer to link or register it again."
	alertAccountOver = "medbot: Signal accepts medbot's account again; the family group is being read and answered."
	alertDaemon      = "medbot: signal-cli has not been reachable for more than 15 minutes, so nothing written in the family group is being recorded. Check the signal-cli service on the medbot computer (systemctl status), and medbot check."
	alertDaemonOver  = "medbot: signal-cli is reachable again; messages written meanwhile are being read now."
	alertCaptcha     = "medbot: Signal asks for a captcha before medbot may send again, so the family group gets no answers or reactions (messages are still recorded). Run medbot check on the medbot computer for the steps."
	alertCaptchaOver = "medbot: Signal takes medbot's messages again."
	alertDatabase    = "medbot: the database cannot be written, so new messages are held in memory only and are lost if medbot stops. Check the disk of the medbot computer (full? read-only?) and medbot check."
	alertDatabaseOK  = "medbot: the database can be written again; held messages are being saved."
	alertBackups     = "medbot: backups have failed for a day. Records are still saved on the medbot computer, but there is no recent copy. Is the backup disk plugged in, mounted and not full? medbot check says more."
	alertBackupsOK   = "medbot: backups work again."
	alertTest        = "medbot: a test alert from medbot check. If you read this, medbot can reach you when Signal cannot."
)
