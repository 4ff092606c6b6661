package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// BackupConfig is the [backup] table.
type BackupConfig struct {
	Dir        string
	Every      time.Duration // default 24 h
	Keep       int           // 0: the store's default (14)
	Recipients []age.Recipient
	// SameDisk allows a folder on the database's own disk (same_disk).
	SameDisk bool
}

func (b BackupConfig) options() store.BackupOptions {
	return store.BackupOptions{Dir: b.Dir, Keep: b.Keep, Recipients: b.Recipients, SameDisk: b.SameDisk}
}

func decodeBackup(c *Config, f file, path string, bad badFunc) {
	b := f.Backup
	c.Backup = BackupConfig{Dir: beside(path, b.Dir), Every: 24 * time.Hour, SameDisk: b.SameDisk}
	if b.Every != "" {
		if d, err := parseDuration(b.Every); err != nil {
			bad("backup.every", "%v", err)
		} else {
			c.Backup.Every = d
		}
	}
	if b.Keep != nil {
		if *b.Keep < 1 || *b.Keep > 1000 {
			bad("backup.keep", "%d is not a number of backups from 1 to 1000", *b.Keep)
		} else {
			c.Backup.Keep = *b.Keep
		}
	}
	for i, r := range b.AgeRecipients {
		rec, err := age.ParseX25519Recipient(strings.TrimSpace(r))
		if err != nil {
			bad(fmt.Sprintf("backup.age_recipients[%d]", i), "%q is not an age public key (age1...): %v", r, err)
			continue
		}
		c.Backup.Recipients = append(c.Backup.Recipients, rec)
	}
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs, df := dataFlagSet(e, "backup", "-config FILE [-o FILE]")
	out := fs.String("o", "", "write the backup to this `file` instead of the configuration's backup.dir")
	d, err := df.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	o := d.cfg.Backup.options()
	o.File = *out
	if o.File == "" && o.Dir == "" {
		return errors.New("no backup folder: set dir in the configuration's [backup] table, or give -o FILE")
	}
	path, err := d.st.Backup(ctx, o)
	if err != nil {
		return fmt.Errorf("backup failed: %w", err)
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", path)
	return nil
}

func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs, df := dataFlagSet(e, "restore", "-config FILE [-identity KEYFILE] [-yes] BACKUP")
	identity := fs.String("identity", "", "age identity `file` to decrypt an encrypted (.age) backup")
	yes := fs.Bool("yes", false, "restore even a backup older than the database, or holding fewer messages")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "medbot restore: give the one backup file to restore")
		fs.Usage()
		return errUsage
	}
	cfg, _, err := loadConfig(*df.config)
	if err != nil {
		return err
	}
	var ids []age.Identity
	if *identity != "" {
		f, err := os.Open(*identity)
		if err != nil {
			return fmt.Errorf("reading the identity: %w", err)
		}
		ids, err = age.ParseIdentities(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("reading the identity %s: %w", *identity, err)
		}
	}
	db := dbPath(cfg, *df.db)
	src := fs.Arg(0)
	newest := func(sum store.Summary) string {
		if sum.Newest.IsZero() {
			return "no records"
		}
		return "newest record " + sum.Newest.In(cfg.Family.Zone).Format("Mon 2 Jan 2006 15:04")
	}
	// a running medbot holds the database: said first
	unlock, err := store.Lock(db)
	if err != nil {
		return fmt.Errorf("nothing restored: %w", err)
	}
	unlock()
	// said before anything is touched: what each holds
	in, err := store.Inspect(ctx, src, ids)
	if err != nil {
		return fmt.Errorf("nothing restored: %w", err)
	}
	fmt.Fprintf(e.stdout, "the backup %s: %s, %s, %s\n", src, medbot.Count(in.Messages, "message"), medbot.Count(in.Records, "record"), newest(in))
	if cur, err := store.Describe(ctx, db); err == nil {
		fmt.Fprintf(e.stdout, "the database it replaces, %s: %s, %s, %s\n", db, medbot.Count(cur.Messages, "message"), medbot.Count(cur.Records, "record"), newest(cur))
		var why []string
		if in.Newest.Before(cur.Newest) {
			why = append(why, "older than the database")
		}
		if in.Messages < cur.Messages {
			why = append(why, fmt.Sprintf("holds fewer messages (%d, not %d)", in.Messages, cur.Messages))
		}
		if len(why) > 0 {
			fmt.Fprintf(e.stdout, "⚠ The backup is %s: what was recorded since it was taken is not in it (the database now in place is kept beside it either way).\n", strings.Join(why, " and "))
			if !*yes {
				return errors.New("nothing restored: add -yes to restore this backup all the same")
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(e.stdout, "the database it replaces, %s, does not pass its check (%v): restoring is the right thing\n", db, err)
	}
	r, err := store.Restore(ctx, src, db, ids, time.Now())
	if err != nil {
		return fmt.Errorf("nothing restored: %w", err)
	}
	fmt.Fprintf(e.stdout, "restored %s into %s: %d messages, %d records, %s\n", src, db, r.Messages, r.Records, newest(r.Summary))
	if !r.Checked {
		fmt.Fprintln(e.stdout, "(it had no checksum beside it, made by an older medbot: only its structure was checked)")
	}
	if r.Kept != "" {
		fmt.Fprintf(e.stdout, "the database it replaced is kept as %s\n", r.Kept)
	} else {
		fmt.Fprintln(e.stdout, "there was no database there before")
	}
	return nil
}

// backupLoop is run's backup schedule: at start-up when the last good
// backup is older than every, then every after; a failure is retried with
// backoff (retryMin doubling to an hour), logged once per outage, and told
// to the family once a day while it lasts.
type backupLoop struct {
	cfg      BackupConfig
	units    medbot.Units
	zone     *time.Location
	st       *store.Store
	log      *slog.Logger
	tell     func(ctx context.Context, key, text string) // posts once per key
	now      func() time.Time
	retryMin time.Duration

	mu      sync.Mutex
	failing time.Time // since when backups fail; zero while they work
}

// failingSince is since when backups have failed (zero while they work).
func (l *backupLoop) failingSince() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failing
}

func (l *backupLoop) setFailing(t time.Time) {
	l.mu.Lock()
	l.failing = t
	l.mu.Unlock()
}

func (l *backupLoop) run(ctx context.Context) {
	if l.cfg.Dir == "" {
		return
	}
	last, _ := l.st.LastBackup(ctx)
	wait := time.Duration(0)
	if !last.IsZero() {
		wait = max(last.Add(l.cfg.Every).Sub(l.now()), 0)
	}
	var failingSince time.Time
	retry := l.retryMin
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		_, err := l.st.Backup(ctx, l.cfg.options())
		if err == nil {
			if !failingSince.IsZero() {
				l.log.Info("backups work again")
			}
			failingSince, retry, wait = time.Time{}, l.retryMin, l.cfg.Every
			l.setFailing(failingSince)
			continue
		}
		if ctx.Err() != nil {
			return
		}
		now := l.now()
		if failingSince.IsZero() {
			failingSince = now
			l.setFailing(now)
			l.log.Error("backup failed; retrying", "dir", l.cfg.Dir, "err", err)
		}
		if l.tell != nil {
			l.tell(ctx, "backup-failing:"+now.Format("2006-01-02"), l.units.F(
				"⚠️ Backups to %s have failed since %s: is the disk or stick plugged in and not full? Records are still being saved here; medbot check says more.",
				l.cfg.Dir, l.units.When(failingSince, now, l.zone)))
		}
		wait, retry = retry, min(retry*2, time.Hour)
	}
}

// backupChecks are medbot check's lines about backups.
func backupChecks(ctx context.Context, cfg BackupConfig, dbFile string, st *store.Store, now time.Time, zone *time.Location, add func(bool, string, ...any)) {
	if cfg.Dir == "" {
		add(false, "no backups: set dir in the configuration's [backup] table (a USB stick, a NAS share, a second disk)")
		return
	}
	switch err := store.BackupDirOK(cfg.Dir, dbFile, cfg.SameDisk); {
	case err != nil:
		add(false, "%v", err)
	case writable(cfg.Dir) != nil:
		add(false, "backup folder %s is not writable: %v", cfg.Dir, writable(cfg.Dir))
	default:
		free, _ := freeSpace(cfg.Dir)
		add(true, "backup folder %s is writable, %d MB free", cfg.Dir, free>>20)
	}
	if st == nil {
		return
	}
	last, err := st.LastBackup(ctx)
	switch {
	case err != nil:
		add(false, "last backup: %v", err)
	case last.IsZero():
		add(true, "no backup taken yet: medbot run takes one at start-up (or run medbot backup now)")
	case now.Sub(last) > 2*cfg.Every:
		add(false, "last good backup %s (%s): older than twice every (%s)", last.In(zone).Format("Mon 2 Jan 15:04"), medbot.Ago(now, last), cfg.Every)
	default:
		add(true, "last good backup %s (%s)", last.In(zone).Format("Mon 2 Jan 15:04"), medbot.Ago(now, last))
	}
}

// writable checks that a file can be made in dir.
func writable(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("not a folder")
	}
	f, err := os.CreateTemp(dir, ".medbot-check-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}
