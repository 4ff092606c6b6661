package medbot

import (
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
	// Flags are the family's flag settings.
	Flags FlagSettings
	// Language is the language the family writes in: "en" (or "", the
	// same). The parser refuses one it does not read, rather than misread
	// it with another language's rules.
	Language string
}

// Child is a child of the family, named by Name or any of Aliases.
type Child struct {
	Name    string
	Aliases []string
	// WeightKg, when the family sets it, lets the report show doses in
	// mg/kg; 0: not known, nothing is guessed.
	WeightKg float64
	// Born is the child's date of birth (zero: not given); with
	// BornMonthOnly, only its month is known. Flags for babies and age
	// bands need it.
	Born          time.Time
	BornMonthOnly bool
	// Plan is the child's own plan from their doctor, in the family's
	// words.
	Plan Plan
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
	// StrengthMg per StrengthML, when the family sets it ("120mg/5ml"),
	// lets the report show doses in ml as mg; 0: not known.
	StrengthMg, StrengthML float64
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

// Child returns the child named name.
func (f *Family) Child(name string) (Child, bool) {
	for _, c := range f.Children {
		if c.Name == name {
			return c, true
		}
	}
	return Child{}, false
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
		{Name: "paracetamol", Aliases: []string{"calpol", "acetaminophen", "tylenol", "panadol", "para", "disprol"}, Colour: Indigo, MinInterval: 4 * time.Hour, MaxPer24h: 4, Antipyretic: true},
		{Name: "ibuprofen", Aliases: []string{"nurofen", "brufen", "advil", "motrin", "ibu", "calprofen"}, Colour: Rose, MinInterval: 6 * time.Hour, MaxPer24h: 3, Antipyretic: true},
		{Name: "amoxicillin", Aliases: []string{"amox", "amoxil", "amoxycillin"}, Colour: Teal},
		// the blue inhaler sky blue, the brown one wine
		{Name: "salbutamol", Aliases: []string{"ventolin", "blue inhaler", "blue pump", "blue"}, Unit: "puffs", Colour: SkyBlue},
		{Name: "beclometasone", Aliases: []string{"clenil", "qvar", "brown inhaler", "brown pump", "brown"}, Unit: "puffs", Colour: Wine},
		{Name: "prednisolone", Aliases: []string{"pred", "steroids", "steroid"}, Colour: Purple},
		{Name: "cetirizine", Aliases: []string{"zirtek"}, Colour: NearBlack},
		{Name: "chlorphenamine", Aliases: []string{"piriton"}, Colour: Indigo},
		// not the blue inhaler's sky blue: both are medicines (●), and a
		// night of asthma and a tummy bug has both
		{Name: "oral rehydration", Aliases: []string{"dioralyte", "ors"}, Unit: "sachets", Colour: RedBrown},
	}
}

// DefaultEvents returns the events of the message language with their
// default colours.
func DefaultEvents() []EventType {
	return []EventType{
		{Name: "sleep", Aliases: []string{"asleep", "sleeping", "sleep", "nap", "napping", "dozed off", "gone to sleep", "went to sleep"}, Colour: Indigo},
		{Name: "wake", Aliases: []string{"awake", "woke", "woke up", "waking", "up from nap"}, Colour: SkyBlue},
		{Name: "vomit", Aliases: []string{"vomit", "vomited", "vomiting", "threw up", "thrown up", "puked", "was sick", "been sick"}, Colour: Wine},
		{Name: "cough", Aliases: []string{"cough", "coughing", "coughing fit"}, Colour: Teal},
		{Name: "rash", Aliases: []string{"rash", "spots"}, Colour: Rose},
		{Name: "doctor", Aliases: []string{"gp", "doctor", "dr", "111", "999", "a&e", "hospital", "ambulance", "nurse", "out of hours"}, Colour: NearBlack},
		{Name: "fluids", Aliases: []string{"drank", "drink", "drinking", "fluids", "bottle", "water", "milk", "juice"}, Colour: RedBrown},
		{Name: "food", Aliases: []string{"ate", "eating", "breakfast", "lunch", "dinner", "snack"}, Colour: Purple},
		{Name: "nappy", Aliases: []string{"nappy", "diaper", "wet nappy", "dirty nappy"}, Colour: NearBlack},
	}
}

// DefaultFamily returns the default medicines and events, no children, in
// UTC.
func DefaultFamily() Family {
	return Family{Medications: DefaultMedications(), Events: DefaultEvents(), Zone: time.UTC}
}

// AssignColours gives every medication and event without a colour one of
// the things' colours, in turn.
func (f *Family) AssignColours() {
	n := 0
	next := func() string {
		c := ThingColours[n%len(ThingColours)]
		n++
		return c
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
