package medbot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// FlagLookback is how far back JudgeFlags needs a child's records: a
// fever's fifth day with the days before it.
const FlagLookback = 10 * 24 * time.Hour

// readingLasts is how long a flagged reading stands with no reading of
// its kind after it: a day-old reading is not the child's state now.
const readingLasts = 24 * time.Hour

// episodeGap ends a fever episode: no fever reading for this long.
const episodeGap = 48 * time.Hour

// wetWatch is how long after the last wet nappy the family is taken to be
// recording nappies at all: after it, no "no wet nappy" flag.
const wetWatch = 72 * time.Hour

// Flag is one crossing of a line: from the record (or the moment) that
// crossed it until a record that did not. It is the one judgement the
// reply, status, the charts and the report all read.
type Flag struct {
	Rule  FlagRule // a plan's rules are made from the child's Plan
	Child Child
	// At is when it crossed; Until when it ended (zero while it lasts).
	At, Until time.Time
	// Obs is the record that crossed (zero for a flag from time passing),
	// Latest the latest record of the crossing.
	Obs, Latest Observation
	// Since is where a time-passing or reliever flag counts from (the
	// fever's first reading, the last wet nappy, the run's first dose),
	// Count the reliever doses since it.
	Since time.Time
	Count int
	fever float64
}

// Open reports whether the flag still stands.
func (f Flag) Open() bool { return f.Until.IsZero() }

// LevelOf is the highest level of the flags reading ob stands under: a
// crossing of its line, for its child, between its start and its end.
// Pictures ring or embolden the reading by it.
func LevelOf(flags []Flag, ob Observation) Level {
	var l Level
	for _, f := range flags {
		if f.Rule.Crosses != nil && f.Child.Name == ob.Child && f.Rule.Kind == ob.Kind && !ob.At.Before(f.At) &&
			(f.Open() || ob.At.Before(f.Until)) && f.Rule.Crosses(ob.Value) && f.Rule.Level > l {
			l = f.Rule.Level
		}
	}
	return l
}

// Key names the crossing, the same however often it is judged: a flag is
// posted once per crossing.
func (f Flag) Key() string {
	return fmt.Sprintf("flag|%s|%s|%d", f.Rule.ID, f.Child.Name, f.At.UnixMilli())
}

// Text is the sentence a parent reads: the fact, then its source, in the
// family's language.
func (f Flag) Text(u Units, zone *time.Location, now time.Time) string {
	name := f.Child.Name
	says := f.says(u)
	switch f.Rule.ID {
	case "nice-fever-5-days":
		line := u.F("%s or more", u.Temperature(f.fever))
		if f.fever != FeverC {
			line += u.T(", your fever line")
		}
		return u.F("%s has had a fever (%s) since %s: this is day %d. %s.", name, line, u.When(f.Since, now, zone), DaysBetween(LocalDay(f.Since, zone), LocalDay(f.At, zone))+1, Capitalise(says))
	case "nhs-no-wee":
		return u.F("%s: no wet nappy recorded since %s, %s. %s.", name, u.When(f.Since, now, zone), u.Span(f.At.Sub(f.Since)), Capitalise(says))
	case "plan-reliever-often":
		return u.F("%s has needed the %s %s since %s. %s", name, f.Child.Plan.RelieverWord, u.Count(f.Count, "time"), u.When(f.Since, now, zone), sentence(says))
	case "plan-reliever-puffs":
		return u.F("%s had %s of the %s at %s. %s", name, u.Amount(f.Obs.Dose, f.Obs.Unit), f.Child.Plan.RelieverWord, u.When(f.Obs.At, now, zone), sentence(says))
	}
	v := u.Describe(f.Obs)
	end := "."
	if strings.HasSuffix(says, ".") || strings.HasSuffix(says, "!") {
		end = "" // a plan's own words, as written
	}
	if f.Rule.Source != PlanSource {
		says = Capitalise(says)
	}
	if f.Rule.NeedsAge() {
		if f.Obs.Kind == Temperature {
			return u.F("%s is %s and %s: %s%s", name, f.Child.AgeIn(u, f.Obs.At), v, f.says(u), end)
		}
		return u.F("%s is %s with %s: %s%s", name, f.Child.AgeIn(u, f.Obs.At), v, f.says(u), end)
	}
	return u.F("%s: %s. %s%s", name, v, says, end)
}

// says is the rule's source in the family's language: the source's words,
// or the family's own plan quoted.
func (f Flag) says(u Units) string {
	if f.Rule.Source == PlanSource {
		return u.F("Your plan for %s says: %s", f.Child.Name, f.Rule.Says)
	}
	return u.T(f.Rule.Says)
}

// sentence ends s with a full stop unless it ends with one already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// Short is the flag in a line of status or the report: "SpO2 94 % at
// 02:10 (NICE, amber)".
func (f Flag) Short(u Units, zone *time.Location, now time.Time) string {
	src := map[Source]string{NICE: "NICE", NHS: "NHS", PlanSource: u.T("your plan")}[f.Rule.Source]
	var what string
	switch f.Rule.ID {
	case "nice-fever-5-days":
		what = u.F("fever since %s, day %d", u.When(f.Since, now, zone), DaysBetween(LocalDay(f.Since, zone), LocalDay(f.At, zone))+1)
	case "nhs-no-wee":
		what = u.F("no wet nappy since %s", u.When(f.Since, now, zone))
	case "plan-reliever-often":
		what = u.F("%s %s since %s", f.Child.Plan.RelieverWord, u.Count(f.Count, "time"), u.When(f.Since, now, zone))
	case "plan-reliever-puffs":
		what = u.F("%s %s at %s", f.Child.Plan.RelieverWord, u.Amount(f.Obs.Dose, f.Obs.Unit), u.When(f.Obs.At, now, zone))
	default:
		what = u.F("%s at %s", u.Describe(f.Latest), u.When(f.Latest.At, now, zone))
	}
	return fmt.Sprintf("%s (%s, %s)", what, src, u.T(f.Rule.Level.String()))
}

// planRules are the lines of c's own plan, as rules.
func planRules(c Child) []FlagRule {
	p := c.Plan
	lvl := p.Level
	if lvl == 0 {
		lvl = Amber
	}
	says := func(s string) string { return s } // the family's words, quoted by Flag.says
	var rs []FlagRule
	if p.SpO2 > 0 {
		line := p.SpO2
		rs = append(rs, FlagRule{ID: "plan-spo2", Source: PlanSource, Level: lvl, Kind: SpO2, FromMonths: anyAge, ToMonths: anyAge,
			Crosses: func(v float64) bool { return v < line }, Says: says(p.SpO2Says)})
	}
	if p.FeverC > 0 {
		line, l := p.FeverC, p.FeverLevel
		if l == 0 {
			l = lvl
		}
		rs = append(rs, FlagRule{ID: "plan-temp", Source: PlanSource, Level: l, Kind: Temperature, FromMonths: anyAge, ToMonths: anyAge,
			Crosses: func(v float64) bool { return v >= line }, Says: says(p.FeverSays)})
	}
	if p.Reliever != "" && p.RelieverEvery > 0 {
		rs = append(rs, FlagRule{ID: "plan-reliever-often", Source: PlanSource, Level: lvl, FromMonths: anyAge, ToMonths: anyAge, Says: says(p.RelieverSays)})
	}
	if p.Reliever != "" && p.RelieverPuffs > 0 {
		rs = append(rs, FlagRule{ID: "plan-reliever-puffs", Source: PlanSource, Level: lvl, FromMonths: anyAge, ToMonths: anyAge, Says: says(p.RelieverSays)})
	}
	return rs
}

// JudgeFlags judges a child's records (any order; pending and withdrawn
// ones are left out) against every line that is on for the family, and
// returns each crossing up to now, oldest first. Records should reach
// FlagLookback before the time of interest.
func JudgeFlags(fam *Family, c Child, obs []Observation, now time.Time) []Flag {
	var own []Observation
	for _, o := range obs {
		if o.Child == c.Name && !o.Pending && !o.Retracted && !o.At.After(now) {
			own = append(own, o)
		}
	}
	slices.SortStableFunc(own, func(a, b Observation) int { return a.At.Compare(b.At) })
	var out []Flag
	rules := FlagRules
	if fam.FlagsOn(PlanSource) {
		rules = append(slices.Clip(rules), planRules(c)...)
	}
	for _, r := range rules {
		if !fam.FlagsOn(r.Source) {
			continue
		}
		switch {
		case r.Crosses != nil:
			out = append(out, readingFlags(r, c, own, now)...)
		case r.ID == "nice-fever-5-days":
			out = append(out, feverDays(r, c, own, fam.Fever(), now, fam.Zone)...)
		case r.ID == "nhs-no-wee":
			out = append(out, noWee(r, c, own, now)...)
		case r.ID == "plan-reliever-often":
			out = append(out, relieverRuns(r, c, own, now)...)
		case r.ID == "plan-reliever-puffs":
			for _, o := range own {
				if o.Kind == Medication && o.Name == c.Plan.Reliever && o.HasDose && o.Dose > c.Plan.RelieverPuffs {
					out = append(out, Flag{Rule: r, Child: c, At: o.At, Until: o.At, Obs: o, Latest: o})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Flag) int { return a.At.Compare(b.At) })
	return out
}

// readingFlags are the crossings of a reading's line: each starts at a
// reading over it after one that was not, and ends at the next that is
// not, or a day after its latest reading when none came.
func readingFlags(r FlagRule, c Child, own []Observation, now time.Time) []Flag {
	var out []Flag
	var cur *Flag
	for _, o := range own {
		if o.Kind != r.Kind {
			continue
		}
		on := r.inBand(c, o.At) && r.Crosses(o.Value)
		if cur != nil && o.At.Sub(cur.Latest.At) >= readingLasts {
			cur.Until = cur.Latest.At.Add(readingLasts) // stale before this one came
			cur = nil
		}
		switch {
		case on && cur == nil:
			out = append(out, Flag{Rule: r, Child: c, At: o.At, Obs: o, Latest: o})
			cur = &out[len(out)-1]
		case on:
			cur.Latest = o
		case cur != nil:
			cur.Until = o.At
			cur = nil
		}
	}
	if cur != nil && !cur.Latest.At.Add(readingLasts).After(now) {
		cur.Until = cur.Latest.At.Add(readingLasts) // stale: not read again for a day
	}
	return out
}

// feverDays flags a fever's fifth local day: an episode is fever readings
// (at or over the family's line) less than episodeGap apart, and it
// crosses at the start of its fifth day when there was fever on the
// fourth, else at its first fever reading on the fifth day or later.
func feverDays(r FlagRule, c Child, own []Observation, fever float64, now time.Time, zone *time.Location) []Flag {
	var out []Flag
	var ep []Observation
	flush := func() {
		if len(ep) == 0 || (c.BornKnown() && !r.inBand(c, ep[0].At)) {
			return
		}
		day5 := LocalDay(ep[0].At, zone).AddDate(0, 0, 4)
		f := Flag{Rule: r, Child: c, Since: ep[0].At, fever: fever, Latest: ep[len(ep)-1]}
		for i, o := range ep {
			if o.At.Before(day5) {
				continue
			}
			if i > 0 && !ep[i-1].At.Before(day5.Add(-24*time.Hour)) {
				f.At = day5
			} else {
				f.At = o.At
				f.Obs = o
			}
			break
		}
		last := ep[len(ep)-1]
		if f.At.IsZero() && !last.At.Before(day5.Add(-24*time.Hour)) && now.Before(last.At.Add(episodeGap)) && !now.Before(day5) {
			f.At = day5 // time passing: still feverish as day 5 begins
		}
		if f.At.IsZero() {
			return
		}
		if end := last.At.Add(episodeGap); !end.After(now) {
			f.Until = end
		}
		out = append(out, f)
	}
	for _, o := range own {
		if o.Kind != Temperature || o.Value < fever {
			continue
		}
		if len(ep) > 0 && o.At.Sub(ep[len(ep)-1].At) >= episodeGap {
			flush()
			ep = nil
		}
		ep = append(ep, o)
	}
	flush()
	return out
}

// wet reports whether a nappy record counts as a wee: any nappy except
// one the parent called dirty and not wet.
func wet(o Observation) bool {
	if o.Kind != Event || o.Name != "nappy" {
		return false
	}
	words := strings.ToLower(o.MessageText + " " + o.Text)
	return strings.Contains(words, "wet") || !(strings.Contains(words, "dirty") || strings.Contains(words, "poo"))
}

// noWee flags the time since the last wet nappy passing 12 hours (8
// under 3 months), for a family that records nappies.
func noWee(r FlagRule, c Child, own []Observation, now time.Time) []Flag {
	var out []Flag
	var wets []time.Time
	for _, o := range own {
		if wet(o) {
			wets = append(wets, o.At)
		}
	}
	for i, w := range wets {
		limit := 12 * time.Hour
		if c.BornKnown() && c.MonthsAt(w) < 3 {
			limit = 8 * time.Hour
		}
		at := w.Add(limit)
		next := now
		if i+1 < len(wets) {
			next = wets[i+1]
		}
		if at.After(now) || !at.Before(next) || at.Sub(w) > wetWatch {
			continue
		}
		f := Flag{Rule: r, Child: c, At: at, Since: w}
		if i+1 < len(wets) {
			f.Until = wets[i+1]
		} else if now.Sub(w) > wetWatch {
			f.Until = w.Add(wetWatch)
		}
		out = append(out, f)
	}
	return out
}

// relieverRuns flags the reliever needed more often than the plan says:
// a run of doses each less than RelieverEvery after the one before,
// crossing at its second dose.
func relieverRuns(r FlagRule, c Child, own []Observation, now time.Time) []Flag {
	var out []Flag
	var prev *Observation
	var cur *Flag
	for i := range own {
		o := own[i]
		if o.Kind != Medication || o.Name != c.Plan.Reliever {
			continue
		}
		if prev != nil && o.At.Sub(prev.At) < c.Plan.RelieverEvery {
			if cur == nil {
				out = append(out, Flag{Rule: r, Child: c, At: o.At, Obs: o, Since: prev.At, Count: 1})
				cur = &out[len(out)-1]
			}
			cur.Count++
			cur.Latest = o
		} else if cur != nil {
			cur.Until = o.At
			cur = nil
		}
		prev = &own[i]
	}
	if cur != nil && prev != nil && !prev.At.Add(c.Plan.RelieverEvery).After(now) {
		cur.Until = prev.At.Add(c.Plan.RelieverEvery) // over once the next was not needed that soon
	}
	return out
}
