package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// watchdog pings systemd's watchdog (WATCHDOG=1) every half interval,
// but only while healthy answers in time: a medbot that is alive but
// stuck (its store blocked, signal-cli not answering) stops pinging and
// systemd restarts it.
type watchdog struct {
	interval time.Duration
	healthy  func(ctx context.Context) error
	notify   func(state string) error
	log      *slog.Logger
}

func (w *watchdog) run(ctx context.Context) {
	t := time.NewTicker(w.interval / 2)
	defer t.Stop()
	sick := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cctx, cancel := context.WithTimeout(ctx, w.interval/2)
		err := w.healthy(cctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			if !sick {
				w.log.Warn("not healthy: withholding the watchdog ping so systemd restarts medbot if it stays stuck", "err", err)
			}
			sick = true
		default:
			if sick {
				w.log.Info("healthy again")
			}
			sick = false
			if err := w.notify("WATCHDOG=1"); err != nil {
				w.log.Warn("watchdog ping", "err", err)
			}
		}
	}
}

// sdNotify tells systemd (Type=notify) a state; nothing without systemd.
func sdNotify(e *env, state string) {
	if _, err := daemon.SdNotify(false, state); err != nil {
		e.log.Warn("telling systemd", "state", state, "err", err)
	}
}
