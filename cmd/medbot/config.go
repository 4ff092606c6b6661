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
	c.Units.Lang = f.Language // replies and pictures in the family's language
	if !parse.Reads(f.Language) {
		bad("language", "%q is not a language medbot reads yet: it reads English (\"en\") and German (\"de\"), and would misread other languages' messages", f.Language)
	}
	if f.Timezone == "" {
		// this machine's zone by its real name (TZ, /etc/localtime), so
		// every picture and page names it ("Europe/London", not "Local")
		c.Family.Zone, c.ZoneName = time.Local, time.Local.String()
		if name := machineZone(); name != "UTC" || time.Local.String() == "UTC" {
			if loc, err := time.LoadLocation(name); err == nil {
				c.Family.Zone, c.ZoneName = loc, name
			}
		}
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
