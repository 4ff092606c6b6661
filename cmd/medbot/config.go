package main

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/parse"
)

// starter is a commented starter configuration, as `medbot init` writes it.
//
//go:embed starter.toml
var starter string

// Config is a loaded, checked configuration, in the typed parts the program
// hands out: the family and display units to the bot and renderers, the
// signal options to the signal-cli client, the path to the store.
type Config struct {
	// Path is the file it was read from ("" for one parsed from memory).
	Path string
	// ZoneName is the family zone's IANA name.
	ZoneName string
	// Database is the SQLite file's path, absolute or relative to the
	// working directory.
	Database string
	Family   medbot.Family
	Units    medbot.Units
	// Signal says how to reach signal-cli (Network and Address are empty
	// when neither signal.socket nor signal.tcp is set).
	Signal signalcli.Options
	// Groups are the family groups, by id or exact name.
	Groups []string
}

// file is the TOML as written.
type file struct {
	Timezone        string     `toml:"timezone"`
	Database        string     `toml:"database"`
	TemperatureUnit string     `toml:"temperature_unit"`
	Clock           string     `toml:"clock"`
	QuietHours      string     `toml:"quiet_hours"`
	Child           []fileItem `toml:"child"`
	Medication      []fileMed  `toml:"medication"`
	Event           []fileItem `toml:"event"`
	Signal          struct {
		Socket      string   `toml:"socket"`
		TCP         string   `toml:"tcp"`
		Account     string   `toml:"account"`
		Groups      []string `toml:"groups"`
		ReceiveMode string   `toml:"receive_mode"`
	} `toml:"signal"`
}

// fileItem is a [[child]], [[medication]] or [[event]] block's common part.
type fileItem struct {
	Name    string   `toml:"name"`
	Aliases []string `toml:"aliases"`
	Colour  string   `toml:"colour"`
}

type fileMed struct {
	fileItem
	Unit        string `toml:"unit"`
	MinInterval string `toml:"min_interval"`
	MaxPer24h   *int   `toml:"max_per_24h"`
	Schedule    string `toml:"schedule"`
	RemindNext  bool   `toml:"remind_next"`
}

// loadConfigFile reads and checks the configuration file at path.
func loadConfigFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	return parseConfig(data, path)
}

// parseConfig reads and checks a configuration held in memory; path names
// it in errors and places a relative database next to it.
func parseConfig(data []byte, path string) (*Config, error) {
	name := path
	if name == "" {
		name = "configuration"
	}
	bad := func(key, format string, args ...any) error {
		return &ConfigError{File: name, Key: key, Problem: fmt.Sprintf(format, args...)}
	}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, bad("", "line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, bad("", "%s", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, bad(und[0].String(), "unknown key")
	}
	c := &Config{Path: path, ZoneName: f.Timezone, Database: f.Database}
	if f.Timezone == "" {
		c.Family.Zone, c.ZoneName = time.Local, time.Local.String()
	} else if loc, err := time.LoadLocation(f.Timezone); err != nil || strings.EqualFold(f.Timezone, "local") {
		return nil, bad("timezone", "unknown zone %q (use an IANA name such as Europe/London)", f.Timezone)
	} else {
		c.Family.Zone = loc
	}
	if c.Database == "" {
		c.Database = "medbot.db"
	}
	if !filepath.IsAbs(c.Database) && path != "" {
		c.Database = filepath.Join(filepath.Dir(path), c.Database)
	}
	switch strings.ToUpper(f.TemperatureUnit) {
	case "", "C":
	case "F":
		c.Units.Fahrenheit = true
	default:
		return nil, bad("temperature_unit", "%q is neither C nor F", f.TemperatureUnit)
	}
	switch strings.ToLower(f.Clock) {
	case "", "24h", "24":
	case "12h", "12":
		c.Units.Clock12 = true
	default:
		return nil, bad("clock", "%q is neither 24h nor 12h", f.Clock)
	}
	if f.QuietHours != "" {
		q, err := parseQuietHours(f.QuietHours)
		if err != nil {
			return nil, bad("quiet_hours", "%v", err)
		}
		c.Family.QuietHours = q
	}
	if err := decodeChildren(c, f.Child, bad); err != nil {
		return nil, err
	}
	if err := decodeMedicines(c, f.Medication, bad); err != nil {
		return nil, err
	}
	if err := decodeEvents(c, f.Event, bad); err != nil {
		return nil, err
	}
	if err := checkAliases(c, f, bad); err != nil {
		return nil, err
	}
	c.Family.AssignColours()
	if err := decodeSignal(c, f, bad); err != nil {
		return nil, err
	}
	if _, err := parse.New(c.Family); err != nil {
		return nil, bad("", "%s", err)
	}
	return c, nil
}

type badFunc func(key, format string, args ...any) error

func decodeChildren(c *Config, children []fileItem, bad badFunc) error {
	if len(children) == 0 {
		return bad("child", "no children configured: add a [[child]] with a name")
	}
	owner := map[string]string{}
	for i, ch := range children {
		key := fmt.Sprintf("child[%d]", i)
		if strings.TrimSpace(ch.Name) == "" {
			return bad(key+".name", "missing")
		}
		if ch.Colour != "" {
			return bad(key+".colour", "children's colours are chosen by medbot")
		}
		for j, a := range append([]string{ch.Name}, ch.Aliases...) {
			k := norm(a)
			if k == "" {
				return bad(fmt.Sprintf("%s.aliases[%d]", key, j-1), "empty alias")
			}
			if prev, ok := owner[k]; ok && prev != ch.Name {
				field := key + ".aliases"
				if j == 0 {
					field = key + ".name"
				}
				return bad(field, "%q is also a name or alias of %s", a, prev)
			}
			owner[k] = ch.Name
		}
		c.Family.Children = append(c.Family.Children, medbot.Child{Name: strings.TrimSpace(ch.Name), Aliases: ch.Aliases})
	}
	return nil
}

// named is what medication and event blocks share: a name, aliases and a
// colour, as pointers into the entry they belong to.
type named struct {
	name    *string
	aliases *[]string
	colour  *string
}

// entries is a list of medicines or events seen through what their blocks
// share: at returns entry i; add appends one named name.
type entries struct {
	n   func() int
	at  func(i int) named
	add func(name string)
}

// listOf sees *xs as entries: view shows one element's shared part, newEntry
// makes a new one named name.
func listOf[T any](xs *[]T, view func(*T) named, newEntry func(name string) T) entries {
	return entries{
		n:   func() int { return len(*xs) },
		at:  func(i int) named { return view(&(*xs)[i]) },
		add: func(nm string) { *xs = append(*xs, newEntry(nm)) },
	}
}

// mergeBlock applies one [[medication]] or [[event]] block (key names it)
// to the entry it names, adding one when none does: aliases extend the
// entry's, a colour replaces its. It returns the entry's index.
func mergeBlock(key string, it fileItem, list entries, bad badFunc) (int, error) {
	nm := strings.ToLower(strings.TrimSpace(it.Name))
	if nm == "" {
		return 0, bad(key+".name", "missing")
	}
	i := 0
	for i < list.n() && *list.at(i).name != nm {
		i++
	}
	if i == list.n() {
		list.add(nm)
	}
	e := list.at(i)
	for _, a := range it.Aliases {
		if norm(a) == "" {
			return 0, bad(key+".aliases", "empty alias")
		}
		if !containsFold(*e.aliases, a) {
			*e.aliases = append(*e.aliases, strings.ToLower(a))
		}
	}
	if it.Colour != "" {
		col, err := parseColour(it.Colour)
		if err != nil {
			return 0, bad(key+".colour", "%v", err)
		}
		*e.colour = col
	}
	return i, nil
}

// decodeMedicines starts from the default medicines; the file's blocks
// extend or override them, or add new ones.
func decodeMedicines(c *Config, blocks []fileMed, bad badFunc) error {
	meds := medbot.DefaultMedications()
	list := listOf(&meds, func(m *medbot.Medicine) named { return named{&m.Name, &m.Aliases, &m.Colour} },
		func(nm string) medbot.Medicine { return medbot.Medicine{Name: nm} })
	for i, fm := range blocks {
		key := fmt.Sprintf("medication[%d]", i)
		k, err := mergeBlock(key, fm.fileItem, list, bad)
		if err != nil {
			return err
		}
		if err := decodeMedicineLimits(&meds[k], fm, key, bad); err != nil {
			return err
		}
	}
	c.Family.Medications = meds
	return nil
}

func decodeMedicineLimits(m *medbot.Medicine, fm fileMed, key string, bad badFunc) error {
	if fm.Unit != "" {
		u, ok := units[strings.ToLower(fm.Unit)]
		if !ok {
			return bad(key+".unit", "unknown unit %q (use ml, mg, puffs, tablets, drops or sachets)", fm.Unit)
		}
		m.Unit = u
	}
	if fm.MinInterval != "" {
		d, err := parseDuration(fm.MinInterval)
		if err != nil {
			return bad(key+".min_interval", "%v", err)
		}
		m.MinInterval = d
	}
	if fm.MaxPer24h != nil {
		if *fm.MaxPer24h < 0 || *fm.MaxPer24h > 48 {
			return bad(key+".max_per_24h", "%d is not a number of doses from 0 to 48", *fm.MaxPer24h)
		}
		m.MaxPer24h = *fm.MaxPer24h
	}
	if fm.Schedule != "" {
		s, err := parseSchedule(fm.Schedule)
		if err != nil {
			return bad(key+".schedule", "%v", err)
		}
		m.Schedule = s
	}
	m.RemindNext = m.RemindNext || fm.RemindNext
	return nil
}

// decodeEvents starts from the default events; the file's blocks extend or
// override them, or add new ones.
func decodeEvents(c *Config, blocks []fileItem, bad badFunc) error {
	evs := medbot.DefaultEvents()
	list := listOf(&evs, func(e *medbot.EventType) named { return named{&e.Name, &e.Aliases, &e.Colour} },
		func(nm string) medbot.EventType { return medbot.EventType{Name: nm} })
	for i, fe := range blocks {
		if _, err := mergeBlock(fmt.Sprintf("event[%d]", i), fe, list, bad); err != nil {
			return err
		}
	}
	c.Family.Events = evs
	return nil
}

// checkAliases refuses a medication alias that names another medication or
// a child, and an event alias that names another event.
func checkAliases(c *Config, f file, bad badFunc) error {
	children := map[string]string{}
	for _, ch := range c.Family.Children {
		for _, a := range append([]string{ch.Name}, ch.Aliases...) {
			children[norm(a)] = ch.Name
		}
	}
	meds := map[string]string{}
	for _, m := range c.Family.Medications {
		for _, a := range append([]string{m.Name}, m.Aliases...) {
			k := norm(a)
			if prev, ok := meds[k]; ok && prev != m.Name {
				return bad(medKey(f, m.Name)+".aliases", "%q is also an alias of %s", a, prev)
			}
			if ch, ok := children[k]; ok {
				return bad(medKey(f, m.Name)+".aliases", "%q is also a name or alias of %s", a, ch)
			}
			meds[k] = m.Name
		}
	}
	evs := map[string]string{}
	for _, e := range c.Family.Events {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			k := norm(a)
			if prev, ok := evs[k]; ok && prev != e.Name {
				return bad("event.aliases", "%q is an alias of both %s and %s", a, prev, e.Name)
			}
			evs[k] = e.Name
		}
	}
	return nil
}

func decodeSignal(c *Config, f file, bad badFunc) error {
	s := f.Signal
	c.Signal = signalcli.Options{Account: s.Account}
	c.Groups = s.Groups
	switch s.ReceiveMode {
	case "", "on-connection", "on-start":
	case "manual":
		c.Signal.Subscribe = true
	default:
		return bad("signal.receive_mode", "%q is not on-connection or manual (signal-cli's --receive-mode)", s.ReceiveMode)
	}
	switch {
	case s.Socket != "" && s.TCP != "":
		return bad("signal", "set socket or tcp, not both")
	case s.Socket != "":
		c.Signal.Network, c.Signal.Address = "unix", s.Socket
	case s.TCP != "":
		c.Signal.Network, c.Signal.Address = "tcp", s.TCP
	}
	for i, g := range c.Groups {
		if strings.TrimSpace(g) == "" {
			return bad(fmt.Sprintf("signal.groups[%d]", i), "empty group")
		}
	}
	return nil
}
