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
	// SignalCommand, when set, is the signal-cli that run starts itself
	// (with SignalConfigDir as its --config when set).
	SignalCommand, SignalConfigDir string
	// Backup says where run takes its backups; Dir "" for none.
	Backup BackupConfig
	// Alert is the second channel: a program and its arguments, run with
	// one plain line on standard input when the family cannot be told
	// through Signal (nil: none).
	Alert []string
}

// file is the TOML as written.
type file struct {
	Timezone        string      `toml:"timezone"`
	Language        string      `toml:"language,omitempty"`
	Database        string      `toml:"database"`
	TemperatureUnit string      `toml:"temperature_unit"`
	Clock           string      `toml:"clock"`
	QuietHours      string      `toml:"quiet_hours"`
	Child           []fileChild `toml:"child"`
	Medication      []fileMed   `toml:"medication"`
	Event           []fileItem  `toml:"event"`
	Flags           fileFlags   `toml:"flags"`
	Backup          struct {
		Dir           string   `toml:"dir"`
		Every         string   `toml:"every"`
		Keep          *int     `toml:"keep"`
		AgeRecipients []string `toml:"age_recipients"`
		SameDisk      bool     `toml:"same_disk"`
	} `toml:"backup"`
	Signal struct {
		Command     string   `toml:"command"`
		ConfigDir   string   `toml:"config_dir"`
		Socket      string   `toml:"socket"`
		TCP         string   `toml:"tcp"`
		Account     string   `toml:"account"`
		Groups      []string `toml:"groups"`
		ReceiveMode string   `toml:"receive_mode"`
	} `toml:"signal"`
	Alert struct {
		Command []string `toml:"command"`
	} `toml:"alert"`
}

// fileItem is a [[child]], [[medication]] or [[event]] block's common part.
type fileItem struct {
	Name    string   `toml:"name,omitempty"`
	Aliases []string `toml:"aliases,omitempty"`
	Colour  string   `toml:"colour,omitempty"`
}

type fileChild struct {
	fileItem
	WeightKg *float64 `toml:"weight_kg,omitempty"`
	Born     string   `toml:"born,omitempty"`
	Plan     filePlan `toml:"plan,omitempty"`
}

type fileMed struct {
	fileItem
	Unit        string `toml:"unit,omitempty"`
	MinInterval string `toml:"min_interval,omitempty"`
	MaxPer24h   *int   `toml:"max_per_24h,omitempty"`
	Schedule    string `toml:"schedule,omitempty"`
	RemindNext  bool   `toml:"remind_next,omitempty"`
	MaxDose     string `toml:"max_dose,omitempty"`
	Strength    string `toml:"strength,omitempty"`
}

// beside resolves p, a path written in the configuration at cfgPath,
// against the configuration's folder and makes it absolute: medbot, and
// the signal-cli it starts, find the same files whatever folder they were
// started in (signal-cli 0.13.19 even dies on a socket path with no folder
// in it). "" stays "".
func beside(cfgPath, p string) string {
	if p == "" {
		return ""
	}
	if !filepath.IsAbs(p) && cfgPath != "" {
		p = filepath.Join(filepath.Dir(cfgPath), p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
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
	var problems ConfigErrors
	bad := func(key, format string, args ...any) error {
		e := &ConfigError{File: name, Key: key, Problem: fmt.Sprintf(format, args...)}
		problems = append(problems, e)
		return e
	}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, bad("", "line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, typeProblem(name, data, err)
	}
	for _, k := range md.Undecoded() {
		unknownKey(k, bad)
	}
	c := &Config{Path: path, ZoneName: f.Timezone, Database: f.Database}
	c.Family.Language = f.Language
	if !parse.Reads(f.Language) {
		bad("language", "%q is not a language medbot reads yet: it reads English (\"en\") only, and would misread other languages' messages", f.Language)
	}
	if f.Timezone == "" {
		c.Family.Zone, c.ZoneName = time.Local, time.Local.String()
	} else if loc, err := time.LoadLocation(f.Timezone); err != nil || strings.EqualFold(f.Timezone, "local") {
		bad("timezone", "unknown zone %q (use an IANA name such as Europe/London)", f.Timezone)
	} else {
		c.Family.Zone = loc
	}
	if c.Database == "" {
		c.Database = "medbot.db"
	}
	c.Database = beside(path, c.Database)
	switch strings.ToUpper(f.TemperatureUnit) {
	case "", "C":
	case "F":
		c.Units.Fahrenheit = true
	default:
		bad("temperature_unit", "%q is neither C nor F", f.TemperatureUnit)
	}
	switch strings.ToLower(f.Clock) {
	case "", "24h", "24":
	case "12h", "12":
		c.Units.Clock12 = true
	default:
		bad("clock", "%q is neither 24h nor 12h", f.Clock)
	}
	if f.QuietHours != "" {
		if q, err := parseQuietHours(f.QuietHours); err != nil {
			bad("quiet_hours", "%v", err)
		} else {
			c.Family.QuietHours = q
		}
	}
	decodeMedicines(c, f.Medication, bad)
	decodeChildren(c, f.Child, bad) // after the medicines: a plan names its reliever
	decodeFlags(c, f.Flags, bad)
	decodeEvents(c, f.Event, bad)
	checkAliases(c, f, bad)
	c.Family.AssignColours()
	decodeSignal(c, f, bad)
	decodeBackup(c, f, path, bad)
	if cmd := f.Alert.Command; md.IsDefined("alert", "command") {
		switch {
		case len(cmd) == 0 || strings.TrimSpace(cmd[0]) == "":
			bad("alert.command", "empty: give the program and its arguments, for example [\"/usr/bin/mail\", \"-s\", \"medbot\", \"parent@example.org\"]")
		case !filepath.IsAbs(cmd[0]) && strings.ContainsRune(cmd[0], ' '):
			bad("alert.command", "%q: the program and each argument are separate strings of the list (no shell runs it)", cmd[0])
		default:
			c.Alert = cmd
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if _, err := parse.New(c.Family); err != nil {
		return nil, bad("", "%s", err)
	}
	return c, nil
}

type badFunc func(key, format string, args ...any) error

func decodeChildren(c *Config, children []fileChild, bad badFunc) {
	if len(children) == 0 {
		bad("child", "no children configured: add a [[child]] with a name")
		return
	}
	owner := map[string]int{} // name or alias -> the child's index
	for i, ch := range children {
		key := fmt.Sprintf("child[%d]", i)
		if strings.TrimSpace(ch.Name) == "" {
			bad(key+".name", "missing")
			continue
		}
		if ch.Colour != "" {
			bad(key+".colour", "children's colours are chosen by medbot: remove it")
		}
		for j, a := range append([]string{ch.Name}, ch.Aliases...) {
			field := key + ".aliases"
			if j == 0 {
				field = key + ".name"
			}
			k := norm(a)
			if k == "" {
				bad(fmt.Sprintf("%s.aliases[%d]", key, j-1), "empty alias")
				continue
			}
			if parse.Reserved(k) {
				bad(field, "%q is a word medbot reads as something else (every child, or a command): choose another", a)
				continue
			}
			if prev, ok := owner[k]; ok && prev != i {
				bad(field, "%q is also a name or alias of %s: each child needs names of their own", a, children[prev].Name)
				continue
			}
			owner[k] = i
		}
		child := medbot.Child{Name: strings.TrimSpace(ch.Name), Aliases: ch.Aliases}
		if ch.WeightKg != nil {
			if *ch.WeightKg <= 0 || *ch.WeightKg > 150 {
				bad(key+".weight_kg", "%g is not a child's weight in kg", *ch.WeightKg)
			} else {
				child.WeightKg = *ch.WeightKg
			}
		}
		decodeBorn(&child, ch.Born, c.Family.Zone, key, bad)
		decodePlan(c, &child, ch.Plan, key, bad)
		c.Family.Children = append(c.Family.Children, child)
	}
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
func decodeMedicines(c *Config, blocks []fileMed, bad badFunc) {
	meds := medbot.DefaultMedications()
	list := listOf(&meds, func(m *medbot.Medicine) named { return named{&m.Name, &m.Aliases, &m.Colour} },
		func(nm string) medbot.Medicine { return medbot.Medicine{Name: nm} })
	for i, fm := range blocks {
		key := fmt.Sprintf("medication[%d]", i)
		if k, err := mergeBlock(key, fm.fileItem, list, bad); err == nil {
			decodeMedicineLimits(&meds[k], fm, key, bad)
		}
	}
	c.Family.Medications = meds
}

func decodeMedicineLimits(m *medbot.Medicine, fm fileMed, key string, bad badFunc) {
	if fm.Unit != "" {
		if u, ok := units[strings.ToLower(fm.Unit)]; ok {
			m.Unit = u
		} else {
			bad(key+".unit", "unknown unit %q (use ml, mg, puffs, tablets, drops or sachets)", fm.Unit)
		}
	}
	if fm.MinInterval != "" {
		if d, err := parseDuration(fm.MinInterval); err != nil {
			bad(key+".min_interval", "%v", err)
		} else {
			m.MinInterval = d
		}
	}
	if fm.MaxPer24h != nil {
		if *fm.MaxPer24h < 0 || *fm.MaxPer24h > 48 {
			bad(key+".max_per_24h", "%d is not a number of doses from 0 to 48", *fm.MaxPer24h)
		} else {
			m.MaxPer24h = *fm.MaxPer24h
		}
	}
	if fm.Schedule != "" {
		if sc, err := parseSchedule(fm.Schedule); err != nil {
			bad(key+".schedule", "%v", err)
		} else {
			m.Schedule = sc
		}
	}
	m.RemindNext = m.RemindNext || fm.RemindNext
	if fm.Strength != "" {
		if mg, ml, err := parseStrength(fm.Strength); err != nil {
			bad(key+".strength", "%v", err)
		} else {
			m.StrengthMg, m.StrengthML = mg, ml
		}
	}
	if fm.MaxDose != "" {
		if v, u, err := parseDose(fm.MaxDose); err != nil {
			bad(key+".max_dose", "%v", err)
		} else {
			m.MaxDose, m.MaxDoseUnit = v, u
		}
	}
}

// decodeEvents starts from the default events; the file's blocks extend or
// override them, or add new ones.
func decodeEvents(c *Config, blocks []fileItem, bad badFunc) {
	evs := medbot.DefaultEvents()
	list := listOf(&evs, func(e *medbot.EventType) named { return named{&e.Name, &e.Aliases, &e.Colour} },
		func(nm string) medbot.EventType { return medbot.EventType{Name: nm} })
	for i, fe := range blocks {
		mergeBlock(fmt.Sprintf("event[%d]", i), fe, list, bad)
	}
	c.Family.Events = evs
}

// checkAliases refuses a medication alias that names another medication or
// a child, and an event alias that names another event.
func checkAliases(c *Config, f file, bad badFunc) {
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
				bad(medKey(f, m.Name)+".aliases", "%q is also an alias of %s", a, prev)
			}
			if ch, ok := children[k]; ok {
				bad(medKey(f, m.Name)+".aliases", "%q is also a name or alias of %s", a, ch)
			}
			meds[k] = m.Name
		}
	}
	evs := map[string]string{}
	for _, e := range c.Family.Events {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			k := norm(a)
			if prev, ok := evs[k]; ok && prev != e.Name {
				bad("event.aliases", "%q is an alias of both %s and %s", a, prev, e.Name)
			}
			evs[k] = e.Name
		}
	}
}

func decodeSignal(c *Config, f file, bad badFunc) {
	s := f.Signal
	c.Signal = signalcli.Options{Account: s.Account}
	c.Groups = s.Groups
	switch s.ReceiveMode {
	case "", "on-connection", "on-start":
	case "manual":
		c.Signal.Subscribe = true
	default:
		bad("signal.receive_mode", "%q is not on-connection or manual (signal-cli's --receive-mode)", s.ReceiveMode)
	}
	switch {
	case s.Socket != "" && s.TCP != "":
		bad("signal", "set socket or tcp, not both")
	case s.Socket != "":
		c.Signal.Network, c.Signal.Address = "unix", beside(c.Path, s.Socket)
	case s.TCP != "":
		c.Signal.Network, c.Signal.Address = "tcp", s.TCP
	}
	if s.Command != "" {
		c.SignalCommand, c.SignalConfigDir = s.Command, beside(c.Path, s.ConfigDir)
		switch {
		case s.Account == "":
			bad("signal.account", "required with signal.command: the bot's number, e.g. \"+447700900000\", for signal-cli -a")
		case s.TCP != "":
			bad("signal.tcp", "with signal.command medbot talks to its signal-cli over a private socket: remove tcp")
		case s.Socket == "":
			c.Signal.Network, c.Signal.Address = "unix", filepath.Join(filepath.Dir(c.Database), "signal-cli.sock")
		}
	} else if s.ConfigDir != "" {
		bad("signal.config_dir", "only used with signal.command")
	}
	for i, g := range c.Groups {
		if strings.TrimSpace(g) == "" {
			bad(fmt.Sprintf("signal.groups[%d]", i), "empty group")
		}
	}
}
