package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/store"
)

// check is one line of medbot check.
type check struct {
	ok   bool
	text string
}

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs, df := dataFlagSet(e, "check", "-config FILE [-alert]")
	cfgPath := df.config
	alert := fs.Bool("alert", false, "send a test alert through the [alert] command")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	checks := runChecks(ctx, *cfgPath, *df.db)
	if cfg, _, err := loadConfig(*cfgPath); err == nil {
		alertCheck(ctx, cfg.Alert, *alert, func(ok bool, f string, a ...any) { checks = append(checks, check{ok, fmt.Sprintf(f, a...)}) })
	}
	printChecks(e.stdout, checks)
	return checksResult(checks)
}

// runChecks checks the configuration at cfgPath, the database (dbFlag
// overrides the configuration's), backups, disk space and signal-cli.
func runChecks(ctx context.Context, cfgPath, dbFlag string) (checks []check) {
	add := func(ok bool, format string, a ...any) { checks = append(checks, check{ok, fmt.Sprintf(format, a...)}) }
	cfg, _, err := loadConfig(cfgPath)
	if err != nil {
		add(false, "configuration: %v", err)
		return checks
	}
	add(true, "configuration %s is valid (%s, zone %s)", cfgPath, medbot.Count(len(cfg.Family.Children), "child"), cfg.ZoneName)
	if off := flagsOff(cfg.Family); len(off) > 0 {
		add(true, "flags (facts with their source, see help flags): %s", strings.Join(off, "; "))
	} else {
		add(true, "flags (facts with their source, see help flags): NICE NG143, the NHS parent guide and the children's plans are on, for every child's age")
	}
	line, src := cfg.Family.FeverLine()
	add(true, "fever line %s, from %s (on the charts and in the report's fever episode)", cfg.Units.Temperature(line), src)
	if cfg.Family.Language == "de" {
		add(true, "language de: messages are read in German (and English); replies, help, status, the pictures and the report are in German")
	}
	if fi, err := os.Stat(cfgPath); err == nil && fi.Mode().Perm()&0o077 != 0 {
		add(false, "configuration is readable by other users: run chmod 600 %s", cfgPath)
	}

	dbFile := dbPath(cfg, dbFlag)
	var st *store.Store
	if exists(dbFile) { // check creates nothing
		st, err = store.Open(dbFile, store.Options{Zone: cfg.Family.Zone})
	}
	kept, _ := filepath.Glob(dbFile + ".before-restore-*")
	switch {
	case st == nil && err == nil && len(kept) > 0:
		add(false, "no database at %s, but one was kept there by a restore (%s): a restore that stopped half-way? Put the one you want back in place (medbot restore -config %s FILE), or medbot run starts with no records and the dose limits forget every earlier dose", dbFile, kept[len(kept)-1], cfgPath)
	case st == nil && err == nil:
		add(true, "no database at %s yet: medbot run creates it there (if that is not where it should be, check -db or the configuration's database)", dbFile)
	case err != nil:
		add(false, "%s", damaged(dbFile, err, cfgPath, cfg.Backup.Dir))
	default:
		if err := st.IntegrityCheck(ctx); err != nil {
			add(false, "%s", damaged(dbFile, err, cfgPath, cfg.Backup.Dir))
		} else {
			n, o, _ := st.Counts(ctx)
			add(true, "database %s opens and passes an integrity check (%s, %s)", dbFile, medbot.Count(n, "message"), medbot.Count(o, "record"))
		}
		if fi, err := os.Stat(dbFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
			add(false, "database is readable by other users: run chmod 600 %s", dbFile)
		}
	}
	if aside, _ := filepath.Glob(dbFile + "-wal.set-aside-*"); len(aside) > 0 {
		add(true, "%s set aside: a write-ahead log found beside the database that belonged to another file (the database was replaced while medbot was stopped). Nothing in it was applied; remove it once the records are as they should be", strings.Join(aside, ", "))
	}
	backupChecks(ctx, cfg.Backup, dbFile, st, time.Now(), cfg.Family.Zone, add)
	var health medbot.Health
	if st != nil {
		health, _ = st.Health(ctx)
		st.Close()
	}
	free, err := freeSpace(dbFile)
	switch {
	case err != nil:
		add(false, "free disk space: %v", err)
	case free < 100<<20:
		add(false, "only %d MB free beside the database: make room, or medbot will stop saving", free>>20)
	default:
		add(true, "%d MB free beside the database", free>>20)
	}

	so, err := signalOptions(cfg)
	if err != nil {
		add(false, "%v", err)
		return checks
	}
	if cfg.SignalCommand != "" {
		if p, err := exec.LookPath(cfg.SignalCommand); err != nil {
			add(false, "signal.command %s: %v: install signal-cli 0.14.1 or newer (it needs Java 25; README: Installing signal-cli) or fix the path", cfg.SignalCommand, err)
		} else {
			add(true, "signal-cli at %s (medbot run starts it)", p)
		}
		if fi, err := os.Stat(so.Address); err != nil || fi.Mode()&os.ModeSocket == 0 {
			add(true, "signal-cli is not running now: medbot run starts it, and checks the account and groups then")
			return checks
		}
	}
	client := signalcli.New(so)
	defer client.Close()
	fam, err := connect(ctx, cfg, client, false)
	switch {
	case errors.Is(err, errUnreachable):
		add(false, "%v", err)
	case errors.Is(err, errAccount):
		add(true, "signal-cli reachable at %s", so.Address)
		add(false, "%v", err)
	case errors.Is(err, errNotRegistered):
		versionCheck(fam.version, so.Address, add)
		add(false, "%v", err)
	case errors.Is(err, errNotMember), errors.Is(err, errAmbiguousGroup):
		versionCheck(fam.version, so.Address, add)
		add(true, "account registered")
		add(false, "%v", err)
	case err != nil:
		add(false, "%v", err)
	default:
		versionCheck(fam.version, so.Address, add)
		add(true, "account registered")
		for _, name := range fam.names {
			add(true, "member of group %q", name)
		}
		if a := cfg.Signal.Account; a != "" && !fam.members[a] {
			// a daemon started with -a ignores the account a request
			// names, so a wrong signal.account passes every call; the
			// family group lists the bot's own number among its members
			if _, err := client.ListAccounts(ctx); signalcli.NotImplemented(err) {
				add(false, "signal.account %s is not a member of the family group: this signal-cli daemon was started with -a and serves that account whatever signal.account says. Set signal.account to the number in the daemon's -a (or remove it)", a)
			}
		}
	}
	if err == nil || errors.Is(err, errNotMember) {
		probeCheck(ctx, client, cfg.Signal.Account, add)
	}
	healthChecks(health, cfg.Signal.Account, time.Now(), cfg.Family.Zone, add)
	return checks
}

// damaged is check's one line for a database that fails to open or its
// integrity check: what SQLite found (its first line) and what to do,
// naming the newest backup.
func damaged(dbFile string, err error, cfgPath, backupDir string) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrNotMedbot) {
		return fmt.Sprintf("database %s: %s", dbFile, msg)
	}
	newest := "BACKUP"
	if backupDir != "" {
		if bs, _ := filepath.Glob(filepath.Join(backupDir, "medbot-*.db*")); len(bs) > 0 {
			for i := len(bs) - 1; i >= 0; i-- {
				if !strings.HasSuffix(bs[i], ".sha256") {
					newest = bs[i]
					break
				}
			}
		}
	}
	return fmt.Sprintf("database %s is damaged (%s): stop medbot and restore the newest backup: medbot restore -config %s %s", dbFile, msg, cfgPath, newest)
}

// checksResult is errChecks when a check failed.
func checksResult(checks []check) error {
	for _, c := range checks {
		if !c.ok {
			return errChecks
		}
	}
	return nil
}

// errChecks is returned when a check failed (each said what to do).
var errChecks = errors.New("some checks failed (see above)")

func printChecks(w io.Writer, checks []check) {
	for _, c := range checks {
		mark := "✓"
		if !c.ok {
			mark = "✗"
		}
		fmt.Fprintf(w, "%s %s\n", mark, c.text)
	}
}

// freeSpace returns the bytes available to medbot where path lives.
func freeSpace(path string) (uint64, error) {
	dir := path
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	var s syscall.Statfs_t
	if err := syscall.Statfs(dir, &s); err != nil {
		return 0, err
	}
	return s.Bavail * uint64(s.Bsize), nil
}
