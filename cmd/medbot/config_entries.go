package main

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli"
)

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
	meds := medbot.DefaultMedicationsFor(c.Family.Language)
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
	evs := medbot.DefaultEventsFor(c.Family.Language)
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
