// Package config reads medbot's TOML configuration: the family's zone and
// children, the medications and events beyond the defaults, dose limits,
// and how to reach signal-cli.
//
// Bad configuration is an error that names the file, the key and what is
// wrong, e.g.
//
//	medbot.toml: child[1].aliases: "roo" is also an alias of Rory
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot/parse"
)

// Starter is a commented starter configuration, as `medbot init` writes it.
//
//go:embed starter.toml
var Starter string

// Config is a loaded, checked configuration.
type Config struct {
	// Path is the file it was read from ("" for one parsed from memory).
	Path string
	// Zone is the family's time zone; ZoneName its IANA name.
	Zone     *time.Location
	ZoneName string
	// Database is the SQLite file's path, absolute or relative to the
	// working directory.
	Database string
	// TemperatureUnit is "C" or "F", for display.
	TemperatureUnit string
	// Clock is "24h" or "12h", for times in replies.
	Clock       string
	Children    []parse.Child
	Medications []Medication
	Events      []Event
	// QuietHours, when set, silences reminders between From and To (local
	// clock times, may wrap past midnight).
	QuietHours *QuietHours
	Signal     Signal
}

// Medication is a medication with its display colour and the family's limits.
type Medication struct {
	parse.Medication
	Colour string // "#rrggbb"; "" picks one from the palette
	// MinInterval is the shortest time between two doses (0: no limit).
	MinInterval time.Duration
	// MaxPer24h is the most doses in any 24 hours (0: no limit).
	MaxPer24h int
	// Schedule is a course ("3/day for 7 days"), nil when taken as needed.
	Schedule *Schedule
	// RemindNext posts once when the next dose becomes allowed.
	RemindNext bool
}

// Event is an event with its display colour.
type Event struct {
	parse.Event
	Colour string
}

// Signal says how to reach signal-cli and which groups are the family's.
type Signal struct {
	Socket  string // UNIX socket path
	TCP     string // host:port
	Account string // the bot's number, for a multi-account daemon
	// Groups are the family groups, by id or exact name.
	Groups []string
	// Manual is set when the daemon runs with --receive-mode=manual: medbot
	// then asks for messages with subscribeReceive.
	Manual bool
}

// QuietHours is a daily span of local time when medbot posts no reminders.
type QuietHours struct {
	From, To time.Duration // since local midnight
}

// Contains reports whether the local clock time of t lies in q.
func (q *QuietHours) Contains(t time.Time) bool {
	if q == nil {
		return false
	}
	h, m, s := t.Clock()
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second
	if q.From <= q.To {
		return d >= q.From && d < q.To
	}
	return d >= q.From || d < q.To
}

// defaultLimits are the family's limits unless configured: check them with
// the child's doctor or the medicine's leaflet.
var defaultLimits = map[string]struct {
	interval time.Duration
	max      int
}{
	"paracetamol": {4 * time.Hour, 4},
	"ibuprofen":   {6 * time.Hour, 3},
}

// Palette is where colours for configured medications and events without
// one come from: the first far enough from every colour already used.
// The first ones are far from every default colour.
var Palette = []string{"#E31A1C", "#FFD92F", "#8B0000", "#2F4F4F", "#00CED1",
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F", "#000000", "#7F3C8D",
	"#1F3A93", "#B15928", "#6A3D9A", "#33A02C", "#FB9A99", "#8DD3C7", "#BC80BD", "#4D4D4D", "#80B1D3"}

// minColourDistance is how far apart (in RGB) two colours of one picture
// must be to tell them apart at a glance.
const minColourDistance = 60

// colourDistance is the RGB distance of two "#rrggbb" colours.
func colourDistance(a, b string) float64 {
	var x, y [3]int
	fmt.Sscanf(a, "#%02x%02x%02x", &x[0], &x[1], &x[2])
	fmt.Sscanf(b, "#%02x%02x%02x", &y[0], &y[1], &y[2])
	d := 0.0
	for i := range x {
		d += float64((x[i] - y[i]) * (x[i] - y[i]))
	}
	return math.Sqrt(d)
}

var defaultColours = map[string]string{
	// medicines: the blue inhaler is blue, the brown one brown
	"paracetamol": "#0072B2", "ibuprofen": "#D55E00", "amoxicillin": "#009E73", "salbutamol": "#56B4E9",
	"beclometasone": "#8C6D1F", "prednisolone": "#CC79A7", "cetirizine": "#7F3C8D", "chlorphenamine": "#666666",
	"oral rehydration": "#FDB462",
	// events
	"sleep": "#332288", "wake": "#E69F00", "vomit": "#882255", "cough": "#9ACD32", "rash": "#E73F74",
	"doctor": "#000000", "fluids": "#A6CEE3", "food": "#66A61E", "nappy": "#999999",
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

type fileItem struct {
	Name    string   `toml:"name"`
	Aliases []string `toml:"aliases"`
	Colour  string   `toml:"colour"`
}

type fileMed struct {
	Name        string   `toml:"name"`
	Aliases     []string `toml:"aliases"`
	Colour      string   `toml:"colour"`
	Unit        string   `toml:"unit"`
	MinInterval string   `toml:"min_interval"`
	MaxPer24h   *int     `toml:"max_per_24h"`
	Schedule    string   `toml:"schedule"`
	RemindNext  bool     `toml:"remind_next"`
}

// Error is a configuration problem: the file, the key and what is wrong.
type Error struct {
	File, Key, Problem string
}

// Error writes "FILE: KEY: PROBLEM".
func (e *Error) Error() string {
	f := e.File
	if f == "" {
		f = "configuration"
	}
	if e.Key == "" {
		return f + ": " + e.Problem
	}
	return f + ": " + e.Key + ": " + e.Problem
}

// Load reads and checks the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	return Parse(data, path)
}

// Parse reads and checks a configuration held in memory; path names it in
// errors and places a relative database next to it.
func Parse(data []byte, path string) (*Config, error) {
	var f file
	name := path
	if name == "" {
		name = "configuration"
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Error{File: name, Problem: fmt.Sprintf("line %d: %s", perr.Position.Line, perr.Message)}
		}
		return nil, &Error{File: name, Problem: err.Error()}
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, &Error{File: name, Key: und[0].String(), Problem: "unknown key"}
	}
	bad := func(key, format string, args ...any) error {
		return &Error{File: name, Key: key, Problem: fmt.Sprintf(format, args...)}
	}
	c := &Config{Path: path, TemperatureUnit: "C", Clock: "24h"}

	// zone
	c.ZoneName = f.Timezone
	if f.Timezone == "" {
		c.Zone = time.Local
		c.ZoneName = time.Local.String()
	} else {
		loc, err := time.LoadLocation(f.Timezone)
		if err != nil || strings.EqualFold(f.Timezone, "local") {
			return nil, bad("timezone", "unknown zone %q (use an IANA name such as Europe/London)", f.Timezone)
		}
		c.Zone = loc
	}

	// database
	c.Database = f.Database
	if c.Database == "" {
		c.Database = "medbot.db"
	}
	if !filepath.IsAbs(c.Database) && path != "" {
		c.Database = filepath.Join(filepath.Dir(path), c.Database)
	}

	switch strings.ToUpper(f.TemperatureUnit) {
	case "", "C":
	case "F":
		c.TemperatureUnit = "F"
	default:
		return nil, bad("temperature_unit", "%q is neither C nor F", f.TemperatureUnit)
	}
	switch strings.ToLower(f.Clock) {
	case "", "24h", "24":
	case "12h", "12":
		c.Clock = "12h"
	default:
		return nil, bad("clock", "%q is neither 24h nor 12h", f.Clock)
	}
	if f.QuietHours != "" {
		q, err := parseQuietHours(f.QuietHours)
		if err != nil {
			return nil, bad("quiet_hours", "%v", err)
		}
		c.QuietHours = q
	}

	// children
	if len(f.Child) == 0 {
		return nil, bad("child", "no children configured: add a [[child]] with a name")
	}
	aliasOwner := map[string]string{}
	for i, ch := range f.Child {
		key := fmt.Sprintf("child[%d]", i)
		if strings.TrimSpace(ch.Name) == "" {
			return nil, bad(key+".name", "missing")
		}
		if ch.Colour != "" {
			return nil, bad(key+".colour", "children's colours are chosen by medbot")
		}
		for j, a := range append([]string{ch.Name}, ch.Aliases...) {
			k := norm(a)
			if k == "" {
				return nil, bad(fmt.Sprintf("%s.aliases[%d]", key, j-1), "empty alias")
			}
			if prev, ok := aliasOwner[k]; ok && prev != ch.Name {
				field := key + ".aliases"
				if j == 0 {
					field = key + ".name"
				}
				return nil, bad(field, "%q is also a name or alias of %s", a, prev)
			}
			aliasOwner[k] = ch.Name
		}
		c.Children = append(c.Children, parse.Child{Name: strings.TrimSpace(ch.Name), Aliases: ch.Aliases})
	}

	// medications: defaults, then the file's, which extend or override
	meds := map[string]*Medication{}
	var order []string
	for _, m := range parse.DefaultMedications() {
		mm := &Medication{Medication: m, Colour: defaultColours[m.Name]}
		if l, ok := defaultLimits[m.Name]; ok {
			mm.MinInterval, mm.MaxPer24h = l.interval, l.max
		}
		meds[m.Name] = mm
		order = append(order, m.Name)
	}
	for i, fm := range f.Medication {
		key := fmt.Sprintf("medication[%d]", i)
		nm := strings.ToLower(strings.TrimSpace(fm.Name))
		if nm == "" {
			return nil, bad(key+".name", "missing")
		}
		m, ok := meds[nm]
		if !ok {
			m = &Medication{Medication: parse.Medication{Name: nm}}
			meds[nm] = m
			order = append(order, nm)
		}
		for _, a := range fm.Aliases {
			if norm(a) == "" {
				return nil, bad(key+".aliases", "empty alias")
			}
			if !containsFold(m.Aliases, a) {
				m.Aliases = append(m.Aliases, strings.ToLower(a))
			}
		}
		if fm.Colour != "" {
			col, err := parseColour(fm.Colour)
			if err != nil {
				return nil, bad(key+".colour", "%v", err)
			}
			m.Colour = col
		}
		if fm.Unit != "" {
			u, ok := units[strings.ToLower(fm.Unit)]
			if !ok {
				return nil, bad(key+".unit", "unknown unit %q (use ml, mg, puffs, tablets, drops or sachets)", fm.Unit)
			}
			m.Unit = u
		}
		if fm.MinInterval != "" {
			d, err := ParseDuration(fm.MinInterval)
			if err != nil {
				return nil, bad(key+".min_interval", "%v", err)
			}
			m.MinInterval = d
		}
		if fm.MaxPer24h != nil {
			if *fm.MaxPer24h < 0 || *fm.MaxPer24h > 48 {
				return nil, bad(key+".max_per_24h", "%d is not a number of doses from 0 to 48", *fm.MaxPer24h)
			}
			m.MaxPer24h = *fm.MaxPer24h
		}
		if fm.Schedule != "" {
			s, err := ParseSchedule(fm.Schedule)
			if err != nil {
				return nil, bad(key+".schedule", "%v", err)
			}
			m.Schedule = s
		}
		m.RemindNext = m.RemindNext || fm.RemindNext
	}
	medOwner := map[string]string{}
	for _, nm := range order {
		m := meds[nm]
		for _, a := range append([]string{m.Name}, m.Aliases...) {
			k := norm(a)
			if prev, ok := medOwner[k]; ok && prev != m.Name {
				return nil, bad(medKey(f, m.Name)+".aliases", "%q is also an alias of %s", a, prev)
			}
			if ch, ok := aliasOwner[k]; ok {
				return nil, bad(medKey(f, m.Name)+".aliases", "%q is also a name or alias of %s", a, ch)
			}
			medOwner[k] = m.Name
		}
		c.Medications = append(c.Medications, *m)
	}

	// events
	evs := map[string]*Event{}
	var evOrder []string
	for _, e := range parse.DefaultEvents() {
		evs[e.Name] = &Event{Event: e, Colour: defaultColours[e.Name]}
		evOrder = append(evOrder, e.Name)
	}
	for i, fe := range f.Event {
		key := fmt.Sprintf("event[%d]", i)
		nm := strings.ToLower(strings.TrimSpace(fe.Name))
		if nm == "" {
			return nil, bad(key+".name", "missing")
		}
		e, ok := evs[nm]
		if !ok {
			e = &Event{Event: parse.Event{Name: nm}}
			evs[nm] = e
			evOrder = append(evOrder, nm)
		}
		for _, a := range fe.Aliases {
			if norm(a) == "" {
				return nil, bad(key+".aliases", "empty alias")
			}
			if !containsFold(e.Aliases, a) {
				e.Aliases = append(e.Aliases, strings.ToLower(a))
			}
		}
		if fe.Colour != "" {
			col, err := parseColour(fe.Colour)
			if err != nil {
				return nil, bad(key+".colour", "%v", err)
			}
			e.Colour = col
		}
	}
	evOwner := map[string]string{}
	for _, nm := range evOrder {
		e := evs[nm]
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			k := norm(a)
			if prev, ok := evOwner[k]; ok && prev != e.Name {
				return nil, bad("event.aliases", "%q is an alias of both %s and %s", a, prev, e.Name)
			}
			evOwner[k] = e.Name
		}
		c.Events = append(c.Events, *e)
	}
	assignColours(c)

	// signal
	c.Signal = Signal{Socket: f.Signal.Socket, TCP: f.Signal.TCP, Account: f.Signal.Account, Groups: f.Signal.Groups}
	switch f.Signal.ReceiveMode {
	case "", "on-connection", "on-start":
	case "manual":
		c.Signal.Manual = true
	default:
		return nil, bad("signal.receive_mode", "%q is not on-connection or manual (signal-cli's --receive-mode)", f.Signal.ReceiveMode)
	}
	if c.Signal.Socket != "" && c.Signal.TCP != "" {
		return nil, bad("signal", "set socket or tcp, not both")
	}
	for i, g := range c.Signal.Groups {
		if strings.TrimSpace(g) == "" {
			return nil, bad(fmt.Sprintf("signal.groups[%d]", i), "empty group")
		}
	}
	if _, err := parse.New(c.Vocabulary()); err != nil {
		return nil, &Error{File: name, Problem: err.Error()}
	}
	return c, nil
}

func medKey(f file, name string) string {
	for i, m := range f.Medication {
		if strings.EqualFold(strings.TrimSpace(m.Name), name) {
			return fmt.Sprintf("medication[%d]", i)
		}
	}
	return "medication"
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func containsFold(xs []string, x string) bool {
	for _, y := range xs {
		if norm(y) == norm(x) {
			return true
		}
	}
	return false
}

var units = map[string]string{"ml": "ml", "mg": "mg", "puffs": "puffs", "puff": "puffs", "tablets": "tablets", "tablet": "tablets", "drops": "drops", "drop": "drops", "sachets": "sachets", "sachet": "sachets"}

var colourRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

var namedColours = map[string]string{
	"red": "#D55E00", "orange": "#E69F00", "yellow": "#F0E442", "green": "#009E73", "blue": "#0072B2",
	"lightblue": "#56B4E9", "sky": "#56B4E9", "purple": "#7F3C8D", "pink": "#CC79A7", "brown": "#8C6D1F",
	"black": "#000000", "grey": "#999999", "gray": "#999999", "teal": "#11A579",
}

func parseColour(s string) (string, error) {
	if c, ok := namedColours[strings.ToLower(s)]; ok {
		return c, nil
	}
	if !colourRE.MatchString(s) {
		return "", fmt.Errorf("%q is not a colour (use #rrggbb or a name such as red, blue, green)", s)
	}
	if len(s) == 4 {
		s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	return strings.ToUpper(s), nil
}

// assignColours gives every medication and event without a colour the
// first palette colour far enough from all those already used.
func assignColours(c *Config) {
	var taken []string
	for _, m := range c.Medications {
		if m.Colour != "" {
			taken = append(taken, m.Colour)
		}
	}
	for _, e := range c.Events {
		if e.Colour != "" {
			taken = append(taken, e.Colour)
		}
	}
	next := func() string {
		best, bestD := Palette[len(taken)%len(Palette)], -1.0
		for _, p := range Palette {
			d := 1e9
			for _, t := range taken {
				d = math.Min(d, colourDistance(p, t))
			}
			if d >= minColourDistance {
				best = p
				break
			}
			if d > bestD {
				best, bestD = p, d // none far enough: the farthest
			}
		}
		taken = append(taken, best)
		return best
	}
	for i := range c.Medications {
		if c.Medications[i].Colour == "" {
			c.Medications[i].Colour = next()
		}
	}
	for i := range c.Events {
		if c.Events[i].Colour == "" {
			c.Events[i].Colour = next()
		}
	}
}

// ParseDuration reads a duration such as "4h", "30m", "1h30m" or "2d".
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if strings.HasSuffix(t, "d") {
		n, err := strconv.Atoi(strings.TrimSuffix(t, "d"))
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(t)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration (use e.g. 4h, 30m, 1h30m)", s)
	}
	return d, nil
}

func parseQuietHours(s string) (*QuietHours, error) {
	parts := strings.Split(s, "-")
	if len(parts) != 2 {
		return nil, fmt.Errorf("%q is not a span such as 22:00-07:00", s)
	}
	var ds [2]time.Duration
	for i, p := range parts {
		t, err := time.Parse("15:04", strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("%q is not a span such as 22:00-07:00", s)
		}
		ds[i] = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	if ds[0] == ds[1] {
		return nil, fmt.Errorf("%q is empty", s)
	}
	return &QuietHours{From: ds[0], To: ds[1]}, nil
}

// Vocabulary returns what the parser should recognise.
func (c *Config) Vocabulary() parse.Vocabulary {
	v := parse.Vocabulary{Children: c.Children, Zone: c.Zone}
	for _, m := range c.Medications {
		v.Medications = append(v.Medications, m.Medication)
	}
	for _, e := range c.Events {
		v.Events = append(v.Events, e.Event)
	}
	return v
}

// Medication returns the configured medication named name.
func (c *Config) Medication(name string) (Medication, bool) {
	for _, m := range c.Medications {
		if m.Name == name {
			return m, true
		}
	}
	return Medication{}, false
}

// Colours returns the display colour of every medication and event by name.
func (c *Config) Colours() map[string]string {
	out := map[string]string{}
	for _, m := range c.Medications {
		out[m.Name] = m.Colour
	}
	for _, e := range c.Events {
		out[e.Name] = e.Colour
	}
	return out
}

// ChildNames returns the children's names in configured order.
func (c *Config) ChildNames() []string {
	out := make([]string, len(c.Children))
	for i, ch := range c.Children {
		out[i] = ch.Name
	}
	return out
}

// Schedule is a medication course: Per doses a day (or one every Every),
// for Days days or until Until.
type Schedule struct {
	PerDay int
	Every  time.Duration
	Days   int
	Until  time.Time // a local date; zero when open
	Text   string
}

var (
	perDayRE = regexp.MustCompile(`^(\d+)\s*(?:/|x|times|per)\s*(?:a\s+|per\s+)?(?:day|daily|d)$`)
	everyRE  = regexp.MustCompile(`^every\s+(\d+)\s*(h|hr|hrs|hour|hours)$`)
	forRE    = regexp.MustCompile(`^(.*?)\s+for\s+(\d+)\s+days?$`)
	untilRE  = regexp.MustCompile(`^(.*?)\s+until\s+(\d{4}-\d{2}-\d{2})$`)
)

// ParseSchedule reads a course: "3/day", "every 8h", optionally followed by
// "for 7 days" or "until 2026-11-30".
func ParseSchedule(s string) (*Schedule, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	sc := &Schedule{Text: s}
	if m := forRE.FindStringSubmatch(t); m != nil {
		sc.Days, _ = strconv.Atoi(m[2])
		if sc.Days < 1 || sc.Days > 365 {
			return nil, fmt.Errorf("%q: a course lasts 1 to 365 days", s)
		}
		t = m[1]
	} else if m := untilRE.FindStringSubmatch(t); m != nil {
		u, err := time.Parse("2006-01-02", m[2])
		if err != nil {
			return nil, fmt.Errorf("%q: %q is not a date", s, m[2])
		}
		sc.Until = u
		t = m[1]
	}
	switch {
	case perDayRE.MatchString(t):
		n, _ := strconv.Atoi(perDayRE.FindStringSubmatch(t)[1])
		if n < 1 || n > 24 {
			return nil, fmt.Errorf("%q: 1 to 24 doses a day", s)
		}
		sc.PerDay = n
		sc.Every = 24 * time.Hour / time.Duration(n)
	case everyRE.MatchString(t):
		n, _ := strconv.Atoi(everyRE.FindStringSubmatch(t)[1])
		if n < 1 || n > 24 || 24%n != 0 {
			return nil, fmt.Errorf("%q: every N hours, with N dividing 24 (4, 6, 8, 12, 24)", s)
		}
		sc.Every = time.Duration(n) * time.Hour
		sc.PerDay = 24 / n
	case t == "daily" || t == "once a day" || t == "once daily":
		sc.PerDay, sc.Every = 1, 24*time.Hour
	default:
		return nil, fmt.Errorf("%q is not a schedule (use e.g. \"3/day\", \"every 8h\", \"3/day for 7 days\")", s)
	}
	return sc, nil
}
