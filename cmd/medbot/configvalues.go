package main

// The configuration's errors, and the values written in it: durations,
// schedules, quiet hours, colours and units.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot"
)

var units = map[string]string{"ml": "ml", "mg": "mg", "puffs": "puffs", "puff": "puffs", "tablets": "tablets", "tablet": "tablets", "drops": "drops", "drop": "drops", "sachets": "sachets", "sachet": "sachets"}

var colourRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// namedColours are the colour names a family may write, as the scheme's
// colours (medbot.ThingColours).
var namedColours = map[string]string{
	"blue": medbot.SkyBlue, "lightblue": medbot.SkyBlue, "sky": medbot.SkyBlue, "black": medbot.NearBlack,
	"wine": medbot.Wine, "brown": medbot.Wine, "teal": medbot.Teal, "green": medbot.Teal, "indigo": medbot.Indigo,
	"navy": medbot.Indigo, "purple": medbot.Purple, "pink": medbot.Purple, "rose": medbot.Rose, "red": medbot.Rose,
	"orange": medbot.RedBrown,
}

func parseColour(s string) (string, error) {
	if c, ok := namedColours[strings.ToLower(s)]; ok {
		return c, nil
	}
	if !colourRE.MatchString(s) {
		return "", fmt.Errorf("%q is not a colour (use #rrggbb or a name such as red, blue, green)", s)
	}
	if len(s) == 7 && slices.Contains(medbot.ChildColours, strings.ToUpper(s)) {
		return "", fmt.Errorf("%q is a child's colour: medicines and events have colours of their own (e.g. %s)", s, strings.Join(medbot.ThingColours, ", "))
	}
	if len(s) == 4 {
		s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	return strings.ToUpper(s), nil
}

// parseDuration reads a duration such as "4h", "30m", "1h30m" or "2d".
func parseDuration(s string) (time.Duration, error) {
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

func parseQuietHours(s string) (*medbot.QuietHours, error) {
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
	return &medbot.QuietHours{From: ds[0], To: ds[1]}, nil
}

var (
	perDayRE = regexp.MustCompile(`^(\d+)\s*(?:/|x|times|per)\s*(?:a\s+|per\s+)?(?:day|daily|d)$`)
	everyRE  = regexp.MustCompile(`^every\s+(\d+)\s*(h|hr|hrs|hour|hours)$`)
	forRE    = regexp.MustCompile(`^(.*?)\s+for\s+(\d+)\s+days?$`)
	untilRE  = regexp.MustCompile(`^(.*?)\s+until\s+(\d{4}-\d{2}-\d{2})$`)
)

// parseSchedule reads a course: "3/day", "every 8h", optionally followed by
// "for 7 days" or "until 2026-11-30".
func parseSchedule(s string) (*medbot.Schedule, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	sc := &medbot.Schedule{Text: s}
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

// ConfigError is a configuration problem: the file, the key and what is
// wrong.
type ConfigError struct {
	File, Key, Problem string
}

// Error writes "FILE: KEY: PROBLEM".
func (e *ConfigError) Error() string {
	f := e.File
	if f == "" {
		f = "configuration"
	}
	if e.Key == "" {
		return f + ": " + e.Problem
	}
	return f + ": " + e.Key + ": " + e.Problem
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

// ConfigErrors are all the problems of one configuration, reported at once.
type ConfigErrors []*ConfigError

// Error writes one problem a line.
func (es ConfigErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// knownKeys are the keys of each table, "" for the top level.
var knownKeys = map[string][]string{
	"":            {"timezone", "language", "database", "temperature_unit", "clock", "quiet_hours", "child", "medication", "event", "signal", "backup", "flags", "alert"},
	"flags":       {"nice", "nhs", "plan", "fever", "fever_source", "amber", "red"},
	"flags.amber": {"recheck"},
	"flags.red":   {"recheck"},
	"child.plan":  {"spo2", "spo2_says", "fever", "fever_says", "reliever", "reliever_every", "reliever_puffs", "reliever_says", "level"},
	"backup":      {"dir", "every", "keep", "age_recipients"},
	"child":       {"name", "aliases", "weight_kg", "born", "plan"},
	"medication":  {"name", "aliases", "colour", "unit", "min_interval", "max_per_24h", "schedule", "remind_next", "max_dose", "strength"},
	"event":       {"name", "aliases", "colour"},
	"signal":      {"socket", "tcp", "account", "groups", "receive_mode", "command", "config_dir"},
}

// unknownKey reports a key the configuration does not know, with what was
// probably meant: a key of the same table within two edits, or a
// top-level key written after a table (where TOML puts it in the table).
func unknownKey(k toml.Key, bad badFunc) {
	table, leaf := strings.Join(k[:len(k)-1], "."), k[len(k)-1]
	if (table == "child" || table == "medication" || table == "event") && slices.Contains(knownKeys[""], leaf) {
		bad(k.String(), "unknown key: top-level keys such as %s go before the first [[child]], [[medication]] or [[event]] table; move it up", leaf)
		return
	}
	best, bestD := "", 3
	for _, known := range knownKeys[table] {
		if d := editDistance(leaf, known); d < bestD {
			best, bestD = known, d
		}
	}
	if best != "" {
		bad(k.String(), "unknown key: did you mean %s?", best)
		return
	}
	bad(k.String(), "unknown key (known here: %s)", strings.Join(knownKeys[table], ", "))
}

// editDistance is the Levenshtein distance of two short keys. Written here
// rather than imported: ten lines, for config keys only.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// typeRE reads the TOML library's type errors.
var typeRE = regexp.MustCompile(`line (\d+) \(last key "([^"]+)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)`)

// typeWords says in plain words what a Go type wants.
var typeWords = map[string]string{
	"integer": "a whole number", "int": "a whole number", "string": "text in quotes", "bool": "true or false",
	"slice": `a list in brackets, such as ["a", "b"]`, "float": "a number",
}

// typeProblem rewrites a type error of the TOML library in plain words:
// "line 9: medication.max_per_24h must be a whole number, not "4"".
func typeProblem(file string, data []byte, err error) error {
	m := typeRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &ConfigError{File: file, Problem: err.Error()}
	}
	want := typeWords[m[4]]
	if want == "" {
		want = "a " + m[4]
	}
	value := m[3]
	line, _ := strconv.Atoi(m[1])
	if lines := strings.Split(string(data), "\n"); line >= 1 && line <= len(lines) {
		if _, v, ok := strings.Cut(lines[line-1], "="); ok {
			value = strings.TrimSpace(v)
		}
	}
	return ConfigErrors{{File: file, Key: m[2], Problem: fmt.Sprintf("line %d: must be %s, not %s", line, want, value)}}
}

var doseRE = regexp.MustCompile(`^\s*(\d+(?:[.,]\d+)?)\s*([a-z]+)\s*$`)

// parseDose reads a dose such as "10ml", "7.5 ml" or "2 puffs".
func parseDose(s string) (float64, string, error) {
	m := doseRE.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return 0, "", fmt.Errorf("%q is not a dose (use e.g. \"10ml\" or \"2 puffs\")", s)
	}
	u, ok := units[m[2]]
	if !ok {
		return 0, "", fmt.Errorf("%q: unknown unit %q (use ml, mg, puffs, tablets, drops or sachets)", s, m[2])
	}
	v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil || v <= 0 {
		return 0, "", fmt.Errorf("%q is not a dose", s)
	}
	return v, u, nil
}

// parseStrength reads a medicine's strength: "120mg/5ml", "250 mg / 5 ml".
func parseStrength(s string) (mg, ml float64, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		var ua, ub string
		if mg, ua, err = parseDose(a); err == nil {
			ml, ub, err = parseDose(b)
		}
		if err == nil && ua == "mg" && ub == "ml" {
			return mg, ml, nil
		}
	}
	return 0, 0, fmt.Errorf("%q is not a strength (use e.g. \"120mg/5ml\")", s)
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func tomlList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
