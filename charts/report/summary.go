package report

import (
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/medbot/medbot"
)

// feverGap is how long without a reading of 38 °C or more ends a fever
// episode.
const feverGap = 24 * time.Hour

// when writes a moment for the summary: "Fri 20 14:10".
func when(t time.Time, o Options) string {
	zone := o.Family.Zone
	if zone == nil {
		zone = time.UTC
	}
	return o.Units.F("%s %d", o.Units.Weekday(t.In(zone)), t.In(zone).Day()) + " " + o.Units.Clock(t, zone)
}

// span writes a duration in days and hours: "2 days 14 h", "5 h".
func span(d time.Duration, u medbot.Units) string {
	h := int(d.Round(time.Hour).Hours())
	switch {
	case h >= 24 && h%24 == 0:
		return u.Count(h/24, "day")
	case h >= 24:
		return u.F("%s %d h", u.Count(h/24, "day"), h%24)
	}
	return u.F("%d h", h)
}

// feverEpisode says the child's latest fever episode in words: from the
// first reading of 38 °C or more with no 24 h gap between fever readings,
// to the last, with the highest. "Fever since Fri 20 14:10 (2 days 14 h);
// highest 39.4 °C at Sat 21 02:10."
func feverEpisode(own []medbot.Observation, o Options) string {
	var temps []medbot.Observation
	for _, ob := range own {
		if ob.Kind == medbot.Temperature && ob.Child != "" && !ob.At.After(o.To) {
			temps = append(temps, ob)
		}
	}
	last := -1
	for i := range temps {
		if temps[i].Value >= o.Family.Fever() {
			last = i
		}
	}
	if last < 0 {
		return o.Units.F("No fever (%s or more) recorded in this period.", o.Units.Temperature(o.Family.Fever()))
	}
	first, hi := last, last
	for i := last - 1; i >= 0; i-- {
		if temps[i].Value < o.Family.Fever() {
			continue
		}
		if temps[first].At.Sub(temps[i].At) > feverGap {
			break
		}
		first = i
		if temps[i].Value > temps[hi].Value {
			hi = i
		}
	}
	highest := o.Units.F("highest %s at %s", o.Units.Temperature(temps[hi].Value), when(temps[hi].At, o))
	start := temps[first].At
	// over when a later reading was below the line, or the last fever
	// reading is more than the gap before the report's end
	for i := last + 1; i < len(temps); i++ {
		if temps[i].Value < o.Family.Fever() {
			return o.Units.F("Fever from %s to %s (%s); %s; below %s since %s.", when(start, o), when(temps[last].At, o),
				span(temps[last].At.Sub(start), o.Units), highest, o.Units.Temperature(o.Family.Fever()), when(temps[i].At, o))
		}
	}
	if o.To.Sub(temps[last].At) > feverGap {
		return o.Units.F("Fever from %s to %s (%s); %s.", when(start, o), when(temps[last].At, o), span(temps[last].At.Sub(start), o.Units), highest)
	}
	return o.Units.F("Fever since %s (%s); %s.", when(start, o), span(o.To.Sub(start), o.Units), highest)
}

// courseProgress says each course under way in words, from the course's
// judgement (medbot.JudgeDoses): its day, the doses given against the
// doses due so far, the missed ones by when they were due, and the days
// with more than the course's count. "Amoxicillin (3/day for 7 days): day
// 3 of 7; 8 doses given, 7 due so far; missed: none; more than 3 on Fri
// 20 Nov (4)."
func courseProgress(own []medbot.Observation, o Options) []string {
	var out []string
	for _, m := range o.Family.Medications {
		if m.Schedule == nil || m.Schedule.Every <= 0 {
			continue
		}
		j := medbot.JudgeDoses(m, own, o.To, o.Family.Zone)
		c := j.Course
		if c == nil {
			continue
		}
		var doses []time.Time
		for _, d := range j.Doses {
			if !d.At.Before(c.Start) {
				doses = append(doses, d.At)
			}
		}
		end := o.To
		if c.Total > 0 && c.Complete() {
			end = doses[len(doses)-1]
		}
		// the doses due: one every interval from the first; a dose within
		// half an interval of its time counts for it
		used := make([]bool, len(doses))
		var missed []string
		due := 0
		for t := doses[0]; !t.After(end) && (c.Total == 0 || due < c.Total); t = t.Add(m.Schedule.Every) {
			covered := false
			for k, d := range doses {
				if !used[k] && d.Sub(t).Abs() <= m.Schedule.Every/2 {
					used[k], covered = true, true
					break
				}
			}
			switch {
			case covered:
				due++
			case t.Before(end.Add(-m.Schedule.Every / 2)):
				due++ // past its time by half an interval: missed
				missed = append(missed, when(t, o))
			}
		}
		u := o.Units
		day := u.F("day %d", c.Day)
		if m.Schedule.Days > 0 {
			day = u.F("day %d of %d", min(c.Day, m.Schedule.Days), m.Schedule.Days)
		}
		if c.Complete() {
			day = u.T("complete")
		}
		line := u.F("%s (%s): %s; %s given, %d due so far", medbot.Capitalise(u.T(m.Name)), u.Schedule(*m.Schedule), day, u.Count(c.Given, "dose"), due)
		switch len(missed) {
		case 0:
		case 1:
			line += u.F("; missed: the one due %s", missed[0])
		default:
			line += u.F("; missed: the ones due %s", strings.Join(missed, ", "))
		}
		var over []string
		for _, br := range j.Breaches {
			if br.Rule == medbot.OverCourseDay && br.Count == m.Schedule.PerDay+1 {
				n := 0
				for _, b2 := range j.Breaches {
					if b2.Rule == medbot.OverCourseDay && medbot.LocalDay(b2.Dose.At, o.Family.Zone).Equal(medbot.LocalDay(br.Dose.At, o.Family.Zone)) {
						n = max(n, b2.Count)
					}
				}
				over = append(over, fmt.Sprintf("%s (%d)", u.Day(br.Dose.At.In(o.Family.Zone)), n))
			}
		}
		if len(over) > 0 {
			line += u.F("; more than %d a day on %s", m.Schedule.PerDay, strings.Join(over, ", "))
		}
		out = append(out, line+".")
	}
	return out
}

// flagRow is one flag that crossed in the period: when, the sentence
// medbot posted, its level and when it ended.
type flagRow struct {
	At, Until   time.Time
	Fact, Level string
}

// flagTable lists each flag that crossed in the period, first of the
// tables: what a doctor most needs to see.
func flagTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, s medbot.FlagSettings, u medbot.Units) {
	none := u.T("None: no record in this period crossed a line medbot checks (NICE NG143, the NHS parent guide, the family's plan).")
	var off []string
	for _, src := range medbot.Sources {
		if s.Off[src.Source] {
			off = append(off, string(src.Source))
		}
	}
	if len(off) > 0 {
		none += u.F(" Turned off by the family: %s.", strings.Join(off, ", "))
	}
	if !section(pdf, u.T("Flags"), len(ch.FlagRows), none) {
		return
	}
	var rows [][]string
	for _, f := range ch.FlagRows {
		until := u.T("still")
		if !f.Until.IsZero() {
			until = clock(f.Until)
		}
		rows = append(rows, []string{clock(f.At), u.T(f.Level), f.Fact, until})
	}
	table(pdf, []float64{30, 16, 106, 28}, []string{u.T("Time"), u.T("Level"), u.T("Flag, with its source"), u.T("Until")}, rows)
}

// about is the child's age at the report's end and latest weight, in
// words: "Born 14 Sep 2025, 14 months old at the end of this period.
// Weight 14.2 kg (Mon 30 Nov)."; "" when neither is known.
func about(kid medbot.Child, own []medbot.Observation, o Options) string {
	var parts []string
	u := o.Units
	if kid.BornKnown() {
		parts = append(parts, u.F("Born %s, %s at the end of this period.", u.Date(kid.Born, !kid.BornMonthOnly), kid.AgeIn(u, o.To)))
	}
	for i := len(own) - 1; i >= 0; i-- {
		if own[i].Kind == medbot.Weight && !own[i].At.After(o.To) {
			parts = append(parts, u.F("Weight %s (recorded %s).", u.Value(medbot.Weight, own[i].Value), when(own[i].At, o)))
			return strings.Join(parts, " ")
		}
	}
	if kid.WeightKg > 0 {
		parts = append(parts, u.F("Weight %s (as set by the family).", u.Value(medbot.Weight, kid.WeightKg)))
	}
	return strings.Join(parts, " ")
}
