package report

import (
	"slices"
	"unicode"

	"github.com/medbot/medbot"

	"strings"
	"time"
)

// doseRow is one row of the dose table.
type doseRow struct {
	At    time.Time
	Name  string // ingredient: paracetamol
	Given string // the name the parent wrote, when it differs: Calpol
	Dose  string // "5 ml", or "" when not given
	By    string
	// Count is the doses of this ingredient in the 24 h up to this one;
	// Limit the family's most in 24 h (0: none).
	Count, Limit int
	// Breach is set when the dose broke one of the family's limits (the
	// "Doses outside the limits" table says which and by how much).
	Breach bool
	// Mg is the dose in mg and PerKg in mg/kg, and Mg24, PerKg24 the 24 h
	// total, when the family set the strength and the child's weight (0:
	// not known; nothing is guessed).
	Mg, PerKg, Mg24, PerKg24 float64
}

// breachRow is one row of the "Doses outside the limits" table: a dose
// medbot.JudgeDoses found breaking one of the family's limits.
type breachRow struct {
	At   time.Time
	Name string
	Rule string // "too soon"
	Fact string // "2 h 24 min after the dose at 22:00; the gap set is 4 h"
	By   string
}

// entry is an event or a note.
type entry struct {
	At   time.Time
	What string // "Vomit: was sick after his milk", "Note: GP says..."
	By   string
}

// child is one child's part of the report.
type child struct {
	Name     string
	Title    string               // Name as the PDF can write it (printable)
	Obs      []medbot.Observation // readings and doses for the charts
	Doses    []doseRow
	Breaches []breachRow // the doses outside the family's limits
	Entries  []entry
	Readings []medbot.Observation // every reading in the window
	// Flags are the child's flags (medbot.JudgeFlags) for the charts;
	// FlagRows those that crossed in the window, for the table.
	Flags    []medbot.Flag
	FlagRows []flagRow
	// About is the child's age and latest weight, in words.
	About   string
	Fever   string   // the fever episode, in words
	Courses []string // each course's progress, in words
}

// childrenOf sorts the observations (as Filter reads them, in time order)
// into each child's part. Notes that name no child are the family's: in
// every child's part.
func childrenOf(obs []medbot.Observation, o Options) []child {
	names := o.Children
	if len(names) == 0 {
		names = o.Family.ChildNames()
	}
	var out []child
	for _, name := range names {
		var own []medbot.Observation
		for _, ob := range obs {
			if ob.Child == name || (ob.Child == "" && ob.Kind == medbot.Note && !ob.At.Before(o.From)) {
				own = append(own, ob)
			}
		}
		ch := child{Name: name}
		kid, _ := o.Family.Child(name)
		ch.Flags = medbot.JudgeFlags(&o.Family, kid, own, o.To)
		for _, f := range ch.Flags {
			if !f.At.Before(o.From) {
				ch.FlagRows = append(ch.FlagRows, flagRow{At: f.At, Fact: f.Text(o.Units, o.Family.Zone, o.To), Level: f.Rule.Level.String(), Until: f.Until})
			}
		}
		weight := kid.WeightKg
		// one judgement per medicine: the same one every screen reads
		breached := map[int64]map[string]bool{} // message id -> medicine -> broke a rule
		for _, m := range o.Family.Medications {
			j := medbot.JudgeDoses(m, own, o.To, o.Family.Zone)
			for _, br := range j.Breaches {
				if br.Dose.At.Before(o.From) {
					continue
				}
				ch.Breaches = append(ch.Breaches, breachRow{At: br.Dose.At, Name: m.Name, Rule: br.Rule.In(o.Units), Fact: br.Fact(o.Units, o.Family.Zone), By: br.Dose.Sender})
				if breached[br.Dose.MessageID] == nil {
					breached[br.Dose.MessageID] = map[string]bool{}
				}
				breached[br.Dose.MessageID][m.Name] = true
			}
		}
		slices.SortStableFunc(ch.Breaches, func(a, b breachRow) int { return a.At.Compare(b.At) })
		for i, ob := range own {
			if ob.At.Before(o.From) {
				if ob.Kind == medbot.Medication {
					ch.Obs = append(ch.Obs, ob) // for the chart's judgement of the first doses
				}
				continue
			}
			if ob.Kind == medbot.Weight {
				weight = ob.Value // the latest weight before a dose gives its mg/kg
			}
			switch ob.Kind.Info().Class {
			case medbot.ReadingClass:
				ch.Obs = append(ch.Obs, ob)
				ch.Readings = append(ch.Readings, ob)
			case medbot.DoseClass:
				ch.Obs = append(ch.Obs, ob)
				m, _ := o.Family.Medication(ob.Name)
				count := 0
				for _, prev := range own[:i+1] {
					if prev.Kind == medbot.Medication && prev.Name == ob.Name && prev.At.After(ob.At.Add(-24*time.Hour)) {
						count++
					}
				}
				d := doseRow{At: ob.At, Name: ob.Name, Given: givenName(ob, m), By: ob.Sender, Count: count, Limit: m.MaxPer24h, Breach: breached[ob.MessageID][ob.Name]}
				if ob.HasDose {
					d.Dose = o.Units.Amount(ob.Dose, ob.Unit)
				}
				if d.Mg = milligrams(ob, m); d.Mg > 0 {
					for _, prev := range own[:i] {
						if prev.Kind == medbot.Medication && prev.Name == ob.Name && prev.At.After(ob.At.Add(-24*time.Hour)) {
							d.Mg24 += milligrams(prev, m)
						}
					}
					d.Mg24 += d.Mg
					if weight > 0 {
						d.PerKg, d.PerKg24 = d.Mg/weight, d.Mg24/weight
					}
				}
				ch.Doses = append(ch.Doses, d)
			case medbot.EventClass:
				what := medbot.Capitalise(o.Units.T(ob.Name))
				if t := strings.TrimSpace(ob.Text); t != "" && !strings.EqualFold(t, ob.Name) {
					what += ": " + t
				}
				ch.Entries = append(ch.Entries, entry{At: ob.At, What: what, By: ob.Sender})
			case medbot.NoteClass:
				what := o.Units.F("Note: %s", ob.Text)
				if ob.Child == "" {
					what = o.Units.F("Family note: %s", ob.Text)
				}
				ch.Entries = append(ch.Entries, entry{At: ob.At, What: what, By: ob.Sender})
			}
		}
		ch.About = about(kid, own, o)
		ch.Fever = feverEpisode(own, o)
		ch.Courses = courseProgress(own, o)
		out = append(out, ch)
	}
	return out
}

// milligrams is a dose in mg: as written, or from ml by the medicine's
// strength; 0 when it cannot be told.
func milligrams(ob medbot.Observation, m medbot.Medicine) float64 {
	switch {
	case !ob.HasDose:
		return 0
	case ob.Unit == "mg":
		return ob.Dose
	case ob.Unit == "ml" && m.StrengthML > 0:
		return ob.Dose * m.StrengthMg / m.StrengthML
	}
	return 0
}

// givenName finds which of a medicine's names the parent wrote ("Calpol"
// for paracetamol), as written; "" when it was the ingredient itself or a
// typo.
func givenName(o medbot.Observation, m medbot.Medicine) string {
	words := strings.FieldsFunc(o.MessageText, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	for _, a := range m.Aliases {
		aw := strings.Fields(strings.ToLower(a))
		for i := 0; i+len(aw) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(aw)], aw) {
				return strings.Join(words[i:i+len(aw)], " ")
			}
		}
	}
	return ""
}
