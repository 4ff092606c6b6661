package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

func loadConfig(path string) (*Config, *parse.Parser, error) {
	cfg, err := loadConfigFile(path)
	if err != nil {
		return nil, nil, err
	}
	p, err := parse.New(cfg.Family)
	if err != nil {
		return nil, nil, err
	}
	return cfg, p, nil
}

func openStore(cfg *Config, dbFlag string) (*store.Store, error) {
	return store.Open(dbPath(cfg, dbFlag), store.Options{Zone: cfg.Family.Zone})
}

// dbPath is the database a command uses: -db, else the configuration's.
func dbPath(cfg *Config, dbFlag string) string {
	if dbFlag != "" {
		return dbFlag
	}
	return cfg.Database
}

// dataFlags are the flags of the commands that read the family's data.
type dataFlags struct {
	config, db *string
	log        *slog.Logger // where open warns (default: slog's)
	// create lets the command create a database that is not there yet
	// (run, import); the others refuse a missing one, so a mistyped -db
	// is an error, not an empty answer.
	create bool
	// refuseHalfRestored refuses to create one where a restore kept the
	// database it replaced (run): starting empty, the dose limits would
	// forget every earlier dose.
	refuseHalfRestored bool
}

// dataFlagSet is the flag set of a command named name that reads the
// family's data, with the data flags already on it.
func dataFlagSet(e *env, name, usage string) (*flag.FlagSet, dataFlags) {
	fs := flags(e, name, usage)
	df := addDataFlags(fs)
	df.log = e.log
	return fs, df
}

func addDataFlags(fs *flag.FlagSet) dataFlags {
	return dataFlags{
		config: fs.String("config", "medbot.toml", "configuration `file`"),
		db:     fs.String("db", "", "database `path` (default: the configuration's)"),
	}
}

// data is what a command that reads the family's data works with.
type data struct {
	cfg *Config
	p   *parse.Parser
	st  *store.Store
}

// open parses the command's flags, loads the configuration and opens its
// database; the caller closes d.st.
func (f dataFlags) open(fs *flag.FlagSet, args []string) (*data, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	cfg, p, err := loadConfig(*f.config)
	if err != nil {
		return nil, err
	}
	path := dbPath(cfg, *f.db)
	if !f.create && !exists(path) {
		return nil, fmt.Errorf("no database at %s: check -db or the configuration's database (medbot run creates it)", path)
	}
	if kept, _ := filepath.Glob(path + ".before-restore-*"); f.refuseHalfRestored && !exists(path) && len(kept) > 0 {
		return nil, fmt.Errorf("no database at %s, but a restore kept one there (%s): not starting with no records (the dose limits would forget every earlier dose). Put the one you want in place with medbot restore", path, kept[len(kept)-1])
	}
	st, err := openStore(cfg, *f.db)
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	if aside := st.SetAside(); aside != "" {
		log := f.log
		if log == nil {
			log = slog.Default()
		}
		log.Warn("the database's write-ahead log belonged to another file (the database was replaced while medbot was stopped): set aside, nothing in it applied", "kept", aside)
	}
	return &data{cfg: cfg, p: p, st: st}, nil
}

// exists reports whether a file is at path.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// scopeFlags say what a picture or report covers: -child, and -window
// before -now; with the data flags.
type scopeFlags struct {
	dataFlags
	child, window, now *string
}

func addScopeFlags(fs *flag.FlagSet, window string) scopeFlags {
	return scopeFlags{
		dataFlags: addDataFlags(fs),
		child:     fs.String("child", "", "only this `child` (default: all)"),
		window:    fs.String("window", window, "the `period` before now"),
		now:       fs.String("now", "", "as of this `time` (RFC 3339; default now)"),
	}
}

// read returns the scope's time, window and children (nil: all).
func (s scopeFlags) read(d *data) (now time.Time, window time.Duration, kids []string, err error) {
	if now, err = parseNow(*s.now); err != nil {
		return
	}
	if window, err = windowFlag("-window", *s.window); err != nil {
		return
	}
	kids, err = children(d.p, d.cfg, *s.child)
	return
}

// windowFlag reads a period flag, at most parse.MaxWindow as in the group:
// what graphs and report read and draw grows with it (medbot export
// streams everything).
func windowFlag(name, s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	if d > parse.MaxWindow {
		return 0, fmt.Errorf("%s: %s is more than the %d days medbot draws; for every record, use medbot export", name, s, int(parse.MaxWindow.Hours()/24))
	}
	return d, nil
}

// parseSince reads a -since flag: the start of the last period, or the
// zero time for "" (everything).
func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := parseDuration(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("-since: %v", err)
	}
	return time.Now().Add(-d), nil
}

// parseNow reads a -now flag; "" is now.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("-now: %q is not an RFC 3339 time such as 2026-11-20T14:05:00Z", s)
	}
	return t, nil
}

// children reads a -child flag: nil for "" (every child).
func children(p *parse.Parser, cfg *Config, s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	name, ok := childName(p, s)
	if !ok {
		return nil, fmt.Errorf("-child: %q is not one of the configured children %v", s, cfg.Family.ChildNames())
	}
	return []string{name}, nil
}

// childName resolves a child's name or alias.
func childName(p *parse.Parser, s string) (string, bool) {
	c, ok := p.Command("status " + s)
	if !ok || len(c.Children) != 1 {
		return "", false
	}
	return c.Children[0], true
}

// starterFor is the starter configuration in zone, with no children: a
// family that is not written yet fails check, never passes as Freya and
// Rory.
func starterFor(zone string) string {
	return strings.Replace(starter, `timezone = "ZONE"`, `timezone = "`+zone+`"`, 1)
}

func cmdInit(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "init", "[-o medbot.toml]")
	out := fs.String("o", "medbot.toml", "where to write the configuration (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text := starterFor(machineZone())
	if *out == "-" {
		_, err := io.WriteString(e.stdout, text)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists: not overwriting it", *out)
		}
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: write your children's names and your group into it (medbot check fails until you do), then run 'medbot check -config %s'. medbot setup asks for all of it instead.\n", *out, *out)
	return nil
}

func cmdParse(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "parse", "-config FILE < messages.jsonl")
	cfgPath := fs.String("config", "medbot.toml", "configuration `file`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, p, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return lines(e.stdin, func(n int, line []byte) error {
		if len(strings.TrimSpace(string(line))) == 0 {
			return nil
		}
		return enc.Encode(p.ParseLine(line))
	})
}
