package main

import (
	"github.com/medbot/medbot"

	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCorpusConfigsLoad(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/*.toml")
	local, _ := filepath.Glob("../../parse/testdata/corpus/*.toml")
	files = append(files, local...)
	if len(files) == 0 {
		t.Fatal("no corpus configurations found")
	}
	for _, f := range files {
		c, err := loadConfigFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if raw, _ := os.ReadFile(f); strings.Contains(string(raw), "language = \"de\"") {
			// German: the German vocabulary and the locale's defaults
			para, _ := c.Family.Medication("paracetamol")
			if c.Family.Language != "de" || c.Family.Fever() != 38.5 || para.MinInterval != 6*time.Hour || !slices.Contains(para.Aliases, "ben-u-ron") {
				t.Errorf("%s: language %q fever %v paracetamol %+v", f, c.Family.Language, c.Family.Fever(), para)
			}
			continue
		}
		if c.ZoneName != "Europe/London" || len(c.Family.Children) == 0 {
			t.Errorf("%s: %+v", f, c)
		}
	}
}

func TestStarterLoads(t *testing.T) {
	c, err := parseConfig([]byte(starterFor("Europe/London")+"\n[[child]]\nname = \"Rory\"\n"), "/etc/medbot/medbot.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Database != "/etc/medbot/medbot.db" {
		t.Errorf("database %q", c.Database)
	}
	para, ok := c.Family.Medication("paracetamol")
	if !ok || para.MinInterval != 4*time.Hour || para.MaxPer24h != 4 || para.Colour == "" {
		t.Errorf("paracetamol defaults: %+v", para)
	}
	ibu, _ := c.Family.Medication("ibuprofen")
	if ibu.MinInterval != 6*time.Hour || ibu.MaxPer24h != 3 {
		t.Errorf("ibuprofen defaults: %+v", ibu)
	}
	if c.Signal.Network != "unix" || c.Signal.Address == "" || len(c.Groups) != 1 {
		t.Errorf("signal: %+v", c.Signal)
	}
}

func TestExtendAndOverride(t *testing.T) {
	c, err := parseConfig([]byte(`
timezone = "America/New_York"
temperature_unit = "F"
clock = "12h"
quiet_hours = "22:00-07:00"
[[child]]
name = "Zoë"
[[medication]]
name = "paracetamol"
aliases = ["medised"]
max_per_24h = 5
[[medication]]
name = "amoxicillin"
schedule = "3/day for 7 days"
[[medication]]
name = "fexofenadine"
aliases = ["telfast"]
unit = "mg"
colour = "#abc"
[[event]]
name = "nosebleed"
aliases = ["nose bleed"]
colour = "purple"
`), "")
	if err != nil {
		t.Fatal(err)
	}
	para, _ := c.Family.Medication("paracetamol")
	if para.MaxPer24h != 5 || para.MinInterval != 4*time.Hour || !contains(para.Aliases, "calpol") || !contains(para.Aliases, "medised") {
		t.Errorf("paracetamol: %+v", para)
	}
	amox, _ := c.Family.Medication("amoxicillin")
	if amox.Schedule == nil || amox.Schedule.PerDay != 3 || amox.Schedule.Days != 7 {
		t.Errorf("amoxicillin schedule: %+v", amox.Schedule)
	}
	fex, ok := c.Family.Medication("fexofenadine")
	if !ok || fex.Colour != "#AABBCC" || fex.Unit != "mg" {
		t.Errorf("fexofenadine: %+v", fex)
	}
	if !c.Units.Fahrenheit || !c.Units.Clock12 || c.Family.QuietHours == nil {
		t.Errorf("display: %+v", c)
	}
	if !c.Family.QuietHours.Contains(time.Date(2026, 1, 1, 23, 0, 0, 0, time.UTC)) || c.Family.QuietHours.Contains(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)) {
		t.Error("quiet hours wrap past midnight")
	}
	// every colour is the scheme's, or the one the family chose
	for _, m := range c.Family.Medications {
		if m.Name != "fexofenadine" && !slices.Contains(medbot.ThingColours, m.Colour) {
			t.Errorf("%s: colour %s is not the scheme's", m.Name, m.Colour)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestErrors(t *testing.T) {
	const kids = "[[child]]\nname = \"Freya\"\naliases = [\"Frey\"]\n[[child]]\nname = \"Rory\"\naliases = [\"Roo\"]\n"
	tests := []struct {
		name, toml, want string
	}{
		{"unknown key", "colour_scheme = 1\n" + kids, "family.toml: colour_scheme: unknown key"},
		{"unknown child key", kids + "age = 4\n", "family.toml: child.age: unknown key"},
		{"unknown nested key", kids + "[signal]\nsocket = \"/x\"\nport = 3\n", "family.toml: signal.port: unknown key"},
		{"unknown zone", "timezone = \"Mars/Olympus\"\n" + kids, `family.toml: timezone: unknown zone "Mars/Olympus"`},
		{"child alias shared", "[[child]]\nname = \"Freya\"\naliases = [\"F\"]\n[[child]]\nname = \"Fred\"\naliases = [\"f\"]\n", `family.toml: child[1].aliases: "f" is also a name or alias of Freya`},
		{"medication alias shared", kids + "[[medication]]\nname = \"fakeol\"\naliases = [\"Calpol\"]\n", `family.toml: medication[0].aliases: "calpol" is also an alias of paracetamol`},
		{"bad colour", kids + "[[medication]]\nname = \"paracetamol\"\ncolour = \"#12345\"\n", `family.toml: medication[0].colour: "#12345" is not a colour`},
		{"bad duration", kids + "[[medication]]\nname = \"paracetamol\"\nmin_interval = \"four hours\"\n", `family.toml: medication[0].min_interval: "four hours" is not a duration`},
		{"bad schedule", kids + "[[medication]]\nname = \"amoxicillin\"\nschedule = \"sometimes\"\n", `family.toml: medication[0].schedule: "sometimes" is not a schedule`},
		{"bad unit", "temperature_unit = \"K\"\n" + kids, `family.toml: temperature_unit: "K" is neither C nor F`},
		{"no children", "timezone = \"UTC\"\n", "family.toml: child: no children configured"},
		{"socket and tcp", kids + "[signal]\nsocket = \"/x\"\ntcp = \"localhost:7583\"\n", "family.toml: signal: set socket or tcp, not both"},
		{"syntax", kids + "timezone = \n", "family.toml: line 7:"},
		{"wrong type", kids + "[[medication]]\nname = \"paracetamol\"\nmax_per_24h = \"four\"\n", "family.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig([]byte(tt.toml), "family.toml")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant prefix %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := loadConfigFile(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("err = %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

func TestParseSchedule(t *testing.T) {
	for s, want := range map[string][2]int{"3/day": {3, 0}, "every 8h": {3, 0}, "2x a day for 5 days": {2, 5}, "daily": {1, 0}, "4 times per day": {4, 0}} {
		sc, err := parseSchedule(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if sc.PerDay != want[0] || sc.Days != want[1] {
			t.Errorf("%q: %+v", s, sc)
		}
	}
}

// TestColoursFromTheScheme: every medicine and event, default or added,
// takes one of the scheme's colours, never a child's; a family cannot
// give one a child's colour.
func TestColoursFromTheScheme(t *testing.T) {
	c, err := parseConfig([]byte("[[child]]\nname = \"A\"\n[[medication]]\nname = \"fexofenadine\"\n[[medication]]\nname = \"montelukast\"\n[[event]]\nname = \"nosebleed\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	for name, col := range c.Family.Colours() {
		if !slices.Contains(medbot.ThingColours, col) || slices.Contains(medbot.ChildColours, col) {
			t.Errorf("%s: %s is not one of the scheme's things' colours", name, col)
		}
	}
	_, err = parseConfig([]byte("[[child]]\nname = \"A\"\n[[medication]]\nname = \"paracetamol\"\ncolour = \"#0072B2\"\n"), "f.toml")
	if err == nil || !strings.Contains(err.Error(), "is a child's colour") {
		t.Errorf("a child's colour for a medicine: %v", err)
	}
}

// TestConfigMistakes checks every problem at once,
// each with its key and what to do.
func TestConfigMistakes(t *testing.T) {
	const kids = "[[child]]\nname = \"Freya\"\n[[child]]\nname = \"Rory\"\n"
	tests := []struct {
		name, toml string
		want       []string // each must appear, in order, one per line
	}{
		{"two problems at once", "timezone = \"Mars/Olympus\"\nbogus_key = 1\n" + kids,
			[]string{`family.toml: bogus_key: unknown key`, `family.toml: timezone: unknown zone "Mars/Olympus"`}},
		{"two children named Sam", "[[child]]\nname = \"Sam\"\n[[child]]\nname = \"sam\"\n",
			[]string{`family.toml: child[1].name: "sam" is also a name or alias of Sam`}},
		{"both as an alias", "[[child]]\nname = \"Freya\"\naliases = [\"both\"]\n",
			[]string{`family.toml: child[0].aliases: "both" is a word medbot reads as something else`}},
		{"kids and all as aliases", "[[child]]\nname = \"Freya\"\naliases = [\"kids\", \"all\"]\n",
			[]string{`child[0].aliases: "kids" is a word`, `child[0].aliases: "all" is a word`}},
		{"top-level key after a table", kids + "clock = \"12h\"\n",
			[]string{`family.toml: child.clock: unknown key: top-level keys such as clock go before the first [[child]]`}},
		{"did you mean temperature_unit", "temprature_unit = \"F\"\n" + kids,
			[]string{`family.toml: temprature_unit: unknown key: did you mean temperature_unit?`}},
		{"did you mean signal.groups", kids + "[signal]\ngroup = [\"Family\"]\n",
			[]string{`family.toml: signal.group: unknown key: did you mean groups?`}},
		{"a type in plain words", kids + "[[medication]]\nname = \"paracetamol\"\nmax_per_24h = \"4\"\n",
			[]string{`family.toml: medication.max_per_24h: line 7: must be a whole number, not "4"`}},
		{"a list in plain words", kids + "[signal]\ngroups = \"Family\"\n",
			[]string{`family.toml: signal.groups: line 6: must be a list in brackets`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig([]byte(tt.toml), "family.toml")
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			at := 0
			for _, w := range tt.want {
				for at < len(lines) && !strings.Contains(lines[at], w) {
					at++
				}
				if at == len(lines) {
					t.Errorf("%q missing (in order) from:\n%s", w, err)
					break
				}
			}
		})
	}
}
