package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
)

// Monitor settings: how often it looks, how often it asks Signal whether
// the account still works (at most once an hour: the probe is a request to
// Signal's servers), and how long an outage lasts before the second
// channel is used.
const (
	monitorEvery  = time.Minute
	membersEvery  = 5 * time.Minute
	probeEvery    = time.Hour
	daemonOutage  = 15 * time.Minute
	databaseGrace = 2 * time.Minute
	backupOutage  = 24 * time.Hour
)

// healthStore is what the monitor needs of the store.
type healthStore interface {
	Writable(ctx context.Context) error
	SetHealth(ctx context.Context, h medbot.Health) error
}

// monitor knows when medbot has gone deaf or mute: every minute it takes
// what the signal-cli client saw (the account gone, a captcha asked for,
// the connection down, when the family last wrote), probes Signal once an
// hour, checks that the database can be written and that backups work,
// records it all for medbot check, tells the family once a day of a
// signal-cli too old for Signal, and raises and clears alerts on the
// second channel.
type monitor struct {
	client  *signalcli.Client
	st      healthStore
	version string
	groups  map[medbot.GroupID]bool
	invited []string
	log     *slog.Logger
	alert   *alerter
	// tell posts to the family once per key (bot.Announce), in its
	// language (units).
	tell    func(ctx context.Context, key, text string)
	units   medbot.Units
	backups func() time.Time // since when backups fail
	// members takes the family groups' current members (Bot.SetMembers),
	// read again every membersEvery: people join and leave.
	members func(map[string]bool)
	now     func() time.Time

	lastProbe, lastMembers time.Time
	dbBad                  time.Time
}

// run looks every monitorEvery until ctx ends.
func (m *monitor) run(ctx context.Context) {
	t := time.NewTicker(monitorEvery)
	defer t.Stop()
	for {
		m.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// round is one look.
func (m *monitor) round(ctx context.Context) {
	now := m.now()
	if now.Sub(m.lastProbe) >= probeEvery {
		m.lastProbe = now
		pctx, cancel := context.WithTimeout(ctx, time.Minute)
		if err := m.client.Probe(pctx); err != nil && !signalcli.AccountGone(err) {
			m.log.Warn("the hourly probe of Signal failed", "err", err)
		}
		cancel()
	}
	if m.members != nil && now.Sub(m.lastMembers) >= membersEvery {
		m.lastMembers = now
		m.refreshMembers(ctx)
	}
	ch := m.client.Health()
	h := medbot.Health{Version: m.version, Updated: now, LastSent: ch.LastSent, LastProbe: ch.LastProbe,
		Gone: ch.Gone, GoneAt: ch.GoneAt, ProofToken: ch.ProofToken, ProofAt: ch.ProofAt, DownSince: ch.DownSince, Invited: m.invited}
	for g, t := range ch.Received {
		if m.groups[g] && t.After(h.LastReceived) {
			h.LastReceived = t
		}
	}
	if err := m.st.SetHealth(ctx, h); err != nil && ctx.Err() == nil {
		m.log.Warn("recording Signal's health failed", "err", err)
	}
	if !signalcli.VersionAtLeast(m.version, signalcli.MinVersion) && m.tell != nil {
		m.tell(ctx, "signal-cli-too-old:"+now.Format("2006-01-02"), versionWarning(m.units, m.version))
	}
	m.alert.set(ctx, "account", h.Gone != "", alertAccount, alertAccountOver)
	m.alert.set(ctx, "captcha", h.ProofToken != "", alertCaptcha, alertCaptchaOver)
	m.alert.set(ctx, "signal-cli", !h.DownSince.IsZero() && now.Sub(h.DownSince) > daemonOutage, alertDaemon, alertDaemonOver)
	if err := m.st.Writable(ctx); err != nil && ctx.Err() == nil {
		if m.dbBad.IsZero() {
			m.dbBad = now
		}
	} else {
		m.dbBad = time.Time{}
	}
	m.alert.set(ctx, "database", !m.dbBad.IsZero() && now.Sub(m.dbBad) >= databaseGrace, alertDatabase, alertDatabaseOK)
	if m.backups != nil {
		since := m.backups()
		m.alert.set(ctx, "backups", !since.IsZero() && now.Sub(since) >= backupOutage, alertBackups, alertBackupsOK)
	}
}

// refreshMembers reads the family groups' members again (a local call to
// signal-cli) and hands them to the bot.
func (m *monitor) refreshMembers(ctx context.Context) {
	gs, err := m.client.ListGroups(ctx)
	if err != nil {
		return // kept as they were
	}
	if members := membersOf(gs, m.groups); len(members) > 0 {
		m.members(members)
	}
}

// versionWarning is what the family and the log are told of a signal-cli
// older than Signal keeps.
func versionWarning(u medbot.Units, version string) string {
	return u.F("⚠️ medbot runs on signal-cli %s. Signal's servers unregister accounts on signal-cli before %s, and then medbot would hear nothing. Whoever looks after medbot: upgrade signal-cli (medbot's README, \"Upgrading signal-cli\").", version, signalcli.MinVersion)
}
