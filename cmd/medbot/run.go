package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/store"
)

// signalOptions returns how to reach signal-cli, or an error when the
// configuration does not say.
func signalOptions(cfg *Config) (signalcli.Options, error) {
	if cfg.Signal.Address == "" {
		return cfg.Signal, errors.New("configuration: set signal.socket or signal.tcp to reach signal-cli's daemon")
	}
	return cfg.Signal, nil
}

// family is what start-up learns from signal-cli.
type family struct {
	version string
	groups  map[medbot.GroupID]bool
	names   map[medbot.GroupID]string
	members map[string]bool
	// accepted are the configured groups whose invitation connect
	// accepted; invited those it found only invited to (and, not asked to
	// accept, left so).
	accepted, invited []string
}

// errNotRegistered, errNotMember and errUnreachable name start-up refusals.
var (
	errUnreachable   = errors.New("signal-cli is not reachable")
	errNotRegistered = errors.New("the account is not registered with Signal")
	errNotMember     = errors.New("the account is not a member of a configured group")
	// errAmbiguousGroup: a configured group name names more than one group.
	errAmbiguousGroup = errors.New("signal.groups")
)

// connect reaches signal-cli, asks its version and resolves the family
// groups (by id or exact name). With accept, a configured group medbot was
// only invited to is joined (signal-cli's updateGroup); without, it is an
// error that says so.
func connect(ctx context.Context, cfg *Config, client *signalcli.Client, accept bool) (family, error) {
	f := family{groups: map[medbot.GroupID]bool{}, names: map[medbot.GroupID]string{}}
	so, err := signalOptions(cfg)
	if err != nil {
		return f, err
	}
	network, addr := so.Network, so.Address
	cctx, cancel := context.WithTimeout(ctx, connectWait)
	defer cancel()
	err = client.Connect(cctx)
	// a signal-cli medbot starts itself makes its socket file at bind, a
	// moment before it listens: refused in that moment is not down
	for tries := 0; err != nil && cfg.SignalCommand != "" && errors.Is(err, syscall.ECONNREFUSED) && tries < 50 && cctx.Err() == nil; tries++ {
		time.Sleep(100 * time.Millisecond)
		err = client.Connect(cctx)
	}
	if err != nil {
		return f, fmt.Errorf("%w at %s %s: is the daemon running? Start it with\n  signal-cli -a +NUMBER daemon --%s %s --receive-mode=on-connection\n(%v)", errUnreachable, network, addr, map[string]string{"unix": "socket", "tcp": "tcp"}[network], addr, err)
	}
	if f.version, err = client.Version(cctx); err != nil {
		if cctx.Err() != nil {
			return f, noAnswer(network, addr)
		}
		if aerr := accountProblem(cctx, cfg, err); aerr != nil {
			return f, aerr
		}
		return f, fmt.Errorf("asking signal-cli its version: %w", err)
	}
	groups, err := client.ListGroups(cctx)
	if err != nil && cctx.Err() != nil {
		return f, noAnswer(network, addr)
	}
	if err != nil {
		var re *signalcli.RPCError
		if aerr := accountProblem(cctx, cfg, err); aerr != nil {
			return f, aerr
		}
		if errors.As(err, &re) && strings.Contains(strings.ToLower(re.Message), "not registered") {
			return f, fmt.Errorf("%w: register it (signal-cli -a +NUMBER register, then verify) or link it to a phone (signal-cli link -n medbot); signal-cli said: %s", errNotRegistered, re.Message)
		}
		return f, fmt.Errorf("listing groups: %w", err)
	}
	if len(cfg.Groups) == 0 {
		return f, errors.New("configuration: signal.groups is empty: name the family group")
	}
	for _, want := range cfg.Groups {
		// a name two groups share could serve a stranger's group the
		// children's records: only an id may choose between them
		var named []string
		for _, g := range groups {
			if g.Name == want && string(g.ID) != want {
				named = append(named, fmt.Sprintf("%s (%s)", g.ID, medbot.Count(g.Size, "member")))
			}
		}
		if len(named) > 1 {
			return f, fmt.Errorf("%w: %d groups are called %q, and medbot serves one family: set signal.groups to the id of the family's, one of: %s", errAmbiguousGroup, len(named), want, strings.Join(named, ", "))
		}
		found := false
		for i, g := range groups {
			if string(g.ID) != want && g.Name != want {
				continue
			}
			if !g.IsMember && len(g.Pending) > 0 {
				// invited, not a member yet: it sees nothing of the group
				if accept && client.AcceptInvite(cctx, "", g.ID) == nil {
					groups[i].IsMember, g.IsMember = true, true
					f.accepted = append(f.accepted, g.Name)
				} else {
					f.invited = append(f.invited, g.Name)
				}
			}
			if g.IsMember {
				f.groups[g.ID] = true
				f.names[g.ID] = g.Name
				found = true
			}
		}
		if !found && len(f.invited) > 0 {
			return f, fmt.Errorf("%w: %q: medbot was invited to it but has not accepted the invitation yet, so it sees nothing written there. medbot run and medbot setup accept it (or: signal-cli -a +NUMBER updateGroup -g GROUPID)", errNotMember, want)
		}
		if !found {
			var in []string
			for _, g := range groups {
				if g.IsMember {
					in = append(in, fmt.Sprintf("%q (id %s)", g.Name, g.ID))
				}
			}
			list := "none"
			if len(in) > 0 {
				list = strings.Join(in, ", ")
			}
			return f, fmt.Errorf("%w: %q. Add the bot's number to the group and accept the invitation (signal-cli -a +NUMBER updateGroup -g GROUPID), or fix signal.groups. Groups it is in: %s", errNotMember, want, list)
		}
	}
	f.members = membersOf(groups, f.groups)
	return f, nil
}

// membersOf is who is in the groups of want (uuids and numbers): the only
// people medbot hears.
func membersOf(groups []signalcli.Group, want map[medbot.GroupID]bool) map[string]bool {
	members := map[string]bool{}
	for _, g := range groups {
		if want[g.ID] {
			for _, id := range g.Members {
				members[id] = true
			}
		}
	}
	return members
}

// connectWait is how long connect waits for signal-cli's first answers.
var connectWait = 15 * time.Second

// noAnswer is what a signal-cli that takes the connection and never
// answers gets said of it, instead of "context deadline exceeded".
func noAnswer(network, addr string) error {
	return fmt.Errorf("%w: signal-cli at %s %s took the connection but did not answer within %s. It may still be starting (a JVM on a Raspberry Pi can take a minute: try again), or be stuck: look at its log (journalctl -u signal-cli) and restart it", errUnreachable, network, addr, connectWait)
}

// errAccount says signal.account does not fit the daemon.
var errAccount = errors.New("signal.account")

// accountProblem turns a multi-account daemon's refusals (signal-cli
// 0.13.19: -32602 "Specified account does not exist", "Method requires
// valid account parameter") into what to set, naming the accounts the
// daemon serves; nil for any other error.
func accountProblem(ctx context.Context, cfg *Config, err error) error {
	var re *signalcli.RPCError
	if !errors.As(err, &re) || re.Code != signalcli.CodeInvalidParams {
		return nil
	}
	served := "none"
	// asked without an account: naming an unknown one is refused
	o := cfg.Signal
	o.Account = ""
	bare := signalcli.New(o)
	defer bare.Close()
	if bare.Connect(ctx) == nil {
		if ns, err := bare.ListAccounts(ctx); err == nil && len(ns) > 0 {
			served = strings.Join(ns, ", ")
		}
	}
	switch {
	case strings.Contains(re.Message, "Specified account does not exist"):
		return fmt.Errorf("%w: signal-cli's daemon runs without -a (it serves the accounts it has) and %s is not one of them (it serves: %s). Set signal.account to the bot's number, or run medbot setup to link or register it", errAccount, cfg.Signal.Account, served)
	case strings.Contains(re.Message, "requires valid account"):
		if served == "none" {
			return fmt.Errorf("%w: signal-cli's daemon serves no account yet: run medbot setup to link a parent's phone or register a number for medbot (it sets signal.account)", errAccount)
		}
		return fmt.Errorf("%w: signal-cli's daemon serves several accounts (%s): set signal.account to the bot's number (or run medbot setup to choose)", errAccount, served)
	}
	return nil
}

// warnReadable warns when a file holding family data is readable by others.
func warnReadable(e *env, path, what string) {
	fi, err := os.Stat(path)
	if err == nil && fi.Mode().Perm()&0o077 != 0 {
		e.log.Warn(what+" is readable by other users of this machine; run chmod 600 on it", "path", path, "mode", fi.Mode().Perm().String())
	}
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs, df := dataFlagSet(e, "run", "-config FILE")
	df.create = true
	df.refuseHalfRestored = true
	d, err := df.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	cfg, p, st := d.cfg, d.p, d.st
	// held while running: medbot restore refuses to replace the database
	unlock, err := store.Lock(dbPath(cfg, *df.db))
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("another medbot run is already serving %s: stop it first", dbPath(cfg, *df.db))
	} else if err != nil {
		return err
	}
	defer unlock()
	warnReadable(e, *df.config, "the configuration")
	warnReadable(e, dbPath(cfg, *df.db), "the database")

	so, err := signalOptions(cfg)
	if err != nil {
		return err
	}
	so.Log = e.log
	if cfg.SignalCommand != "" {
		sup := newSupervisor(cfg.SignalCommand, cfg.Signal.Account, cfg.SignalConfigDir, so.Address, e.log)
		first, err := sup.start()
		if err != nil {
			return err
		}
		e.log.Info("signal-cli started")
		supCtx, supStop := context.WithCancel(context.WithoutCancel(ctx))
		supDone := make(chan struct{})
		go func() { sup.run(supCtx, first); close(supDone) }()
		// runs last: the bot and its client finish before signal-cli stops
		defer func() { supStop(); <-supDone }()
	}
	client := signalcli.New(so)
	fam, err := connect(ctx, cfg, client, true)
	if err != nil {
		client.Close()
		return err
	}
	for range fam.accepted {
		e.log.Info("accepted the invitation to a family group")
	}
	e.log.Info("medbot started", "signal_cli", fam.version, "groups", len(fam.groups))
	if !signalcli.VersionAtLeast(fam.version, signalcli.MinVersion) {
		e.log.Error("signal-cli is too old for Signal: Signal's servers unregister accounts on signal-cli before "+signalcli.MinVersion+"; upgrade it (README: Upgrading signal-cli). medbot keeps serving meanwhile", "signal_cli", fam.version)
	}
	b := &bot.Bot{Family: cfg.Family, Units: cfg.Units, Parser: p, Store: st, Transport: signalcli.Transport{Client: client}, Groups: fam.groups, Members: fam.members, Log: e.log,
		Polls: signalcli.VersionAtLeast(fam.version, signalcli.PollVersion)}
	// the client outlives the bot: on SIGTERM the bot finishes the messages
	// it has (storing and reacting) before the connection closes
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	clientDone := make(chan struct{})
	go func() { client.Run(runCtx); close(clientDone) }()
	go b.RunReminders(ctx, time.Minute)
	sdNotify(e, daemon.SdNotifyReady)
	defer sdNotify(e, daemon.SdNotifyStopping)
	if iv, err := daemon.SdWatchdogEnabled(false); err == nil && iv > 0 {
		w := &watchdog{interval: iv, log: e.log, healthy: func(ctx context.Context) error {
			if err := st.Writable(ctx); err != nil {
				return fmt.Errorf("the database: %w", err)
			}
			if _, err := client.Version(ctx); err != nil {
				return fmt.Errorf("signal-cli: %w", err)
			}
			return nil
		}, notify: func(state string) error { _, err := daemon.SdNotify(false, state); return err }}
		go w.run(ctx)
	}
	backups := &backupLoop{cfg: cfg.Backup, units: cfg.Units, zone: cfg.Family.Zone, st: st, log: e.log, tell: b.Announce, now: time.Now, retryMin: time.Minute}
	go backups.run(ctx)
	mon := &monitor{client: client, st: st, version: fam.version, units: cfg.Units, groups: fam.groups, invited: fam.invited, log: e.log,
		alert: newAlerter(cfg.Alert, e.log), tell: b.Announce, backups: backups.failingSince, members: b.SetMembers, now: time.Now}
	go mon.run(ctx)
	err = b.Run(ctx, signalcli.Incoming(client.Events()))
	stop()
	<-clientDone
	e.log.Info("medbot stopped")
	return err
}
