package medbot

import (
	"fmt"
	"math"
	"time"
)

// Family is what medbot knows of the family it serves: the children, the
// medicines they may be given with the family's limits, the events worth
// recording, the family's time zone and when reminders keep quiet.
type Family struct {
	Children    []Child
	Medications []Medicine
	Events      []EventType
	// Zone is the family's time zone; nil means UTC.
	Zone *time.Location
	// QuietHours, when set, silences reminders at those local times.
	QuietHours *QuietHours
}

// Child is a child of the family, named by Name or any of Aliases.
type Child struct {
	Name    string
	Aliases []string
}

// Medicine is a medicine medbot recognises, with the family's limits.
// Name is the canonical ingredient (paracetamol); Aliases are brands,
// abbreviations and nicknames (calpol, para).
type Medicine struct {
	Name    string
	Aliases []string
	// Unit, when set, is the unit of a bare count ("blue x4" is 4 puffs).
	Unit string
	// Colour is its display colour, "#rrggbb".
	Colour string
	// MinInterval is the shortest time between two doses (0: no limit).
	MinInterval time.Duration
	// MaxPer24h is the most doses in any 24 hours (0: no limit).
	MaxPer24h int
	// Schedule is a course ("3/day for 7 days"), nil when taken as needed.
	Schedule *Schedule
	// RemindNext posts once when the next dose becomes allowed.
	RemindNext bool
	// MaxDose, when set, is the most for one dose, in MaxDoseUnit: a dose
	// above it waits for a parent's yes before it counts.
	MaxDose     float64
	MaxDoseUnit string
	// Antipyretic marks a fever medicine: its doses are drawn on the
	// temperature chart.
	Antipyretic bool
}

// EventType is something that happens, named by Name or any of Aliases.
type EventType struct {
	Name    string
	Aliases []string
	Colour  string // "#rrggbb"
}

// Schedule is a medication course: PerDay doses a day (one every Every),
// for Days days or until Until.
type Schedule struct {
	PerDay int
	Every  time.Duration
	Days   int
	Until  time.Time // a local date; zero when open
	Text   string    // as the family wrote it
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

// ChildNames returns the children's names in the family's order.
func (f *Family) ChildNames() []string {
	out := make([]string, len(f.Children))
	for i, ch := range f.Children {
		out[i] = ch.Name
	}
	return out
}

// Medication returns the medicine named name (its canonical name).
func (f *Family) Medication(name string) (Medicine, bool) {
	for _, m := range f.Medications {
		if m.Name == name {
			return m, true
		}
	}
	return Medicine{}, false
}

// Colours returns the display colour of every medication and event by name.
func (f *Family) Colours() map[string]string {
	out := make(map[string]string, len(f.Medications)+len(f.Events))
	for _, m := range f.Medications {
		out[m.Name] = m.Colour
	}
	for _, e := range f.Events {
		out[e.Name] = e.Colour
	}
	return out
}

// DefaultMedications returns the medicines of the message language with
// their default colours and limits. The limits (paracetamol 4 h apart, 4
// in 24 h; ibuprofen 6 h, 3) are to be checked with the child's doctor or
// the medicine's leaflet.
func DefaultMedications() []Medicine {
	return []Medicine{
		{Name: "paracetamol", Aliases: []string{"calpol", "acetaminophen", "tylenol", "panadol", "para", "disprol"}, Colour: "#0072B2", MinInterval: 4 * time.Hour, MaxPer24h: 4, Antipyretic: true},
		{Name: "ibuprofen", Aliases: []string{"nurofen", "brufen", "advil", "motrin", "ibu", "calprofen"}, Colour: "#D55E00", MinInterval: 6 * time.Hour, MaxPer24h: 3, Antipyretic: true},
		{Name: "amoxicillin", Aliases: []string{"amox", "amoxil", "amoxycillin"}, Colour: "#009E73"},
		// the blue inhaler is blue, the brown one brown
		{Name: "salbutamol", Aliases: []string{"ventolin", "blue inhaler", "blue pump", "blue"}, Unit: "puffs", Colour: "#56B4E9"},
		{Name: "beclometasone", Aliases: []string{"clenil", "qvar", "brown inhaler", "brown pump", "brown"}, Unit: "puffs", Colour: "#8C6D1F"},
		{Name: "prednisolone", Aliases: []string{"pred", "steroids", "steroid"}, Colour: "#CC79A7"},
		{Name: "cetirizine", Aliases: []string{"zirtek"}, Colour: "#7F3C8D"},
		{Name: "chlorphenamine", Aliases: []string{"piriton"}, Colour: "#666666"},
		{Name: "oral rehydration", Aliases: []string{"dioralyte", "ors"}, Unit: "sachets", Colour: "#FDB462"},
	}
}

// DefaultEvents returns the events of the message language with their
// default colours.
func DefaultEvents() []EventType {
	return []EventType{
		{Name: "sleep", Aliases: []string{"asleep", "sleeping", "sleep", "nap", "napping", "dozed off", "gone to sleep", "went to sleep"}, Colour: "#332288"},
		{Name: "wake", Aliases: []string{"awake", "woke", "woke up", "waking", "up from nap"}, Colour: "#E69F00"},
		{Name: "vomit", Aliases: []string{"vomit", "vomited", "vomiting", "threw up", "thrown up", "puked", "was sick", "been sick"}, Colour: "#882255"},
		{Name: "cough", Aliases: []string{"cough", "coughing", "coughing fit"}, Colour: "#9ACD32"},
		{Name: "rash", Aliases: []string{"rash", "spots"}, Colour: "#E73F74"},
		{Name: "doctor", Aliases: []string{"gp", "doctor", "dr", "111", "999", "a&e", "hospital", "ambulance", "nurse", "out of hours"}, Colour: "#000000"},
		{Name: "fluids", Aliases: []string{"drank", "drink", "drinking", "fluids", "bottle", "water", "milk", "juice"}, Colour: "#A6CEE3"},
		{Name: "food", Aliases: []string{"ate", "eating", "breakfast", "lunch", "dinner", "snack"}, Colour: "#66A61E"},
		{Name: "nappy", Aliases: []string{"nappy", "diaper", "wet nappy", "dirty nappy"}, Colour: "#999999"},
	}
}

// DefaultFamily returns the default medicines and events, no children, in
// UTC.
func DefaultFamily() Family {
	return Family{Medications: DefaultMedications(), Events: DefaultEvents(), Zone: time.UTC}
}

// Palette is where colours for medications and events without one come
// from: the first far enough from every colour already used. The first
// ones are far from every default colour.
var Palette = []string{"#E31A1C", "#FFD92F", "#8B0000", "#2F4F4F", "#00CED1",
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F", "#000000", "#7F3C8D",
	"#1F3A93", "#B15928", "#6A3D9A", "#33A02C", "#FB9A99", "#8DD3C7", "#BC80BD", "#4D4D4D", "#80B1D3"}

// MinColourDistance is how far apart (in RGB) two colours of one picture
// must be to tell them apart at a glance.
const MinColourDistance = 60

// ColourDistance is the RGB distance of two "#rrggbb" colours.
func ColourDistance(a, b string) float64 {
	var x, y [3]int
	fmt.Sscanf(a, "#%02x%02x%02x", &x[0], &x[1], &x[2])
	fmt.Sscanf(b, "#%02x%02x%02x", &y[0], &y[1], &y[2])
	d := 0.0
	for i := range x {
		d += float64((x[i] - y[i]) * (x[i] - y[i]))
	}
	return math.Sqrt(d)
}

// AssignColours gives every medication and event without a colour the
// first palette colour far enough from all those already used.
func (f *Family) AssignColours() {
	var taken []string
	for _, m := range f.Medications {
		if m.Colour != "" {
			taken = append(taken, m.Colour)
		}
	}
	for _, e := range f.Events {
		if e.Colour != "" {
			taken = append(taken, e.Colour)
		}
	}
	next := func() string {
		best, bestD := Palette[len(taken)%len(Palette)], -1.0
		for _, p := range Palette {
			d := 1e9
			for _, t := range taken {
				d = math.Min(d, ColourDistance(p, t))
			}
			if d >= MinColourDistance {
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
	for i := range f.Medications {
		if f.Medications[i].Colour == "" {
			f.Medications[i].Colour = next()
		}
	}
	for i := range f.Events {
		if f.Events[i].Colour == "" {
			f.Events[i].Colour = next()
		}
	}
}

// Antipyretics returns the fever medicines, whose doses are marked on the
// temperature chart.
func (f *Family) Antipyretics() []string {
	var out []string
	for _, m := range f.Medications {
		if m.Antipyretic {
			out = append(out, m.Name)
		}
	}
	return out
}
