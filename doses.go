package medbot

import (
	"fmt"
	"slices"
	"time"
)

// Rule is one of the family's limits that a dose can break.
type Rule int

// The rules a dose is judged by.
const (
	// TooSoon: closer to the dose before it than the medicine's
	// MinInterval.
	TooSoon Rule = iota + 1
	// Over24h: more than MaxPer24h doses in the 24 hours ending with it.
	Over24h
	// OverCourseDay: more doses of a course on one local day than its
	// Schedule.PerDay.
	OverCourseDay
)

// Breach is one dose that broke one rule, with what it is measured by.
type Breach struct {
	Rule Rule
	Dose Observation
	// Before is the dose before it and Gap how long after it this one was
	// (TooSoon); Interval is the gap set.
	Before   Observation
	Gap      time.Duration
	Interval time.Duration
	// Count is the doses counted with this one (in the 24 h up to it, or
	// on its day), Limit the most the family set.
	Count, Limit int
}

// Fact states a breach for a screen, without the child or medicine:
// "2 h 24 min after the dose at 22:00 yesterday; the gap set is 4 h",
// "5th in 24 h; the limit set is 4", "4th on Fri 20 Nov; the course is 3
// a day". Days are named relative to the dose itself.
func (b Breach) Fact(u Units, zone *time.Location) string {
	switch b.Rule {
	case TooSoon:
		return u.F("%s after the dose at %s; the gap set is %s", u.Span(b.Gap), u.When(b.Before.At, b.Dose.At, zone), u.Span(b.Interval))
	case Over24h:
		return u.F("%s in 24 h; the limit set is %d", u.Ordinal(b.Count), b.Limit)
	case OverCourseDay:
		return u.F("%s dose on %s; the course is %d a day", u.Ordinal(b.Count), u.Day(b.Dose.At.In(zone)), b.Limit)
	}
	return ""
}

// String names a rule for a table: "too soon", "over the 24 h limit",
// "over the course's daily count".
func (r Rule) String() string { return r.In(Units{}) }

// In names a rule in the family's language.
func (r Rule) In(u Units) string {
	switch r {
	case TooSoon:
		return u.T("too soon")
	case Over24h:
		return u.T("over the 24 h limit")
	case OverCourseDay:
		return u.T("over the course's daily count")
	}
	return u.T("unknown rule")
}

// Course is the state of a course of a scheduled medicine (a medicine
// with a Schedule) at a moment.
type Course struct {
	Schedule *Schedule
	Start    time.Time // the course's first dose
	// Day is the course's local calendar day (1: the day of the first
	// dose); Given the doses since Start, GivenToday those on now's local
	// day, DueToday how many that day should have.
	Day, Given, GivenToday, DueToday int
	// Total is the course's doses (PerDay × Days; 0: open-ended).
	Total int
	// NextDue is when the next dose is due; zero once the course is
	// complete.
	NextDue time.Time
}

// Complete reports whether every dose of the course was given.
func (c Course) Complete() bool { return c.NextDue.IsZero() }

// DoseJudgement is what the family's limits say of one child's doses of
// one medicine, at one moment: every breach among them, the next time a
// dose is within the limits, and the course. Every screen that speaks of
// doses (the reply to a dose, the answer to "can she have…", status, the
// charts, the timeline and the report) reads it, so that none can
// disagree with another.
type DoseJudgement struct {
	Medicine Medicine
	// Doses are the doses judged, in time order (ties in message order).
	Doses []Observation
	// Breaches are the doses that broke a rule, in time order.
	Breaches []Breach
	// Next is when the next dose is within the limits (counted from the
	// latest dose given); HasNext is false when the medicine has none.
	Next    time.Time
	HasNext bool
	// In24h counts the doses in the 24 hours up to now.
	In24h int
	// Course is set for a scheduled medicine with a dose in its course.
	Course *Course
}

// Last is the latest dose; ok is false when there is none.
func (j DoseJudgement) Last() (Observation, bool) {
	if len(j.Doses) == 0 {
		return Observation{}, false
	}
	return j.Doses[len(j.Doses)-1], true
}

// Of returns the breaches of the doses of message id.
func (j DoseJudgement) Of(id int64) []Breach {
	var out []Breach
	for _, b := range j.Breaches {
		if b.Dose.MessageID == id {
			out = append(out, b)
		}
	}
	return out
}

// DoseLookback is how far before a moment doses must be read for
// JudgeDoses to judge that moment and the doses after it: a day for the
// 24 h count, and a whole course for a scheduled medicine.
func DoseLookback(m Medicine) time.Duration {
	d := 24 * time.Hour
	if m.Schedule != nil {
		days := m.Schedule.Days
		if days == 0 {
			days = 2
		}
		if c := time.Duration(days+2) * 24 * time.Hour; c > d {
			d = c
		}
	}
	return d
}

// JudgeDoses judges one child's doses of medicine m at now, in zone (the
// course's days are local days). The doses may come in any order; doses
// after now and pending or withdrawn ones are left out. Every dose is
// judged against all the others, so a back-dated dose breaks the gap to
// the dose after it as well as the one before.
func JudgeDoses(m Medicine, doses []Observation, now time.Time, zone *time.Location) DoseJudgement {
	if zone == nil {
		zone = time.UTC
	}
	j := DoseJudgement{Medicine: m}
	for _, d := range doses {
		if d.Kind == Medication && d.Name == m.Name && !d.Pending && !d.Retracted && !d.At.After(now) {
			j.Doses = append(j.Doses, d)
		}
	}
	slices.SortStableFunc(j.Doses, func(a, b Observation) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmpInt64(a.MessageID, b.MessageID)
	})
	ds := j.Doses
	for i, d := range ds {
		if i > 0 && m.MinInterval > 0 {
			if gap := d.At.Sub(ds[i-1].At); gap < m.MinInterval {
				j.Breaches = append(j.Breaches, Breach{Rule: TooSoon, Dose: d, Before: ds[i-1], Gap: gap, Interval: m.MinInterval})
			}
		}
		if m.MaxPer24h > 0 {
			if n := countIn(ds[:i+1], d.At.Add(-24*time.Hour), d.At); n > m.MaxPer24h {
				j.Breaches = append(j.Breaches, Breach{Rule: Over24h, Dose: d, Count: n, Limit: m.MaxPer24h})
			}
		}
	}
	if len(ds) == 0 {
		return j
	}
	j.In24h = countIn(ds, now.Add(-24*time.Hour), now)
	last := ds[len(ds)-1].At
	if m.MinInterval > 0 || m.MaxPer24h > 0 {
		j.HasNext = true
		j.Next = last.Add(m.MinInterval)
		if m.MaxPer24h > 0 && len(ds) >= m.MaxPer24h {
			// the dose that must drop out of the trailing 24 h first
			if t := ds[len(ds)-m.MaxPer24h].At.Add(24 * time.Hour); t.After(j.Next) {
				j.Next = t
			}
		}
	}
	if m.Schedule != nil && m.Schedule.Every > 0 {
		j.Course = judgeCourse(m, &j, now, zone)
	}
	return j
}

// judgeCourse finds the course the latest doses belong to (from the first
// dose after a break of two intervals), counts it by local days, and adds
// a breach for each dose beyond the day's count.
func judgeCourse(m Medicine, j *DoseJudgement, now time.Time, zone *time.Location) *Course {
	s := m.Schedule
	ds := j.Doses
	start := 0
	for i := 1; i < len(ds); i++ {
		if ds[i].At.Sub(ds[i-1].At) > 2*s.Every+time.Hour {
			start = i
		}
	}
	c := &Course{Schedule: s, Start: ds[start].At, Given: len(ds) - start}
	if s.Days > 0 {
		c.Total = s.PerDay * s.Days
	}
	today := LocalDay(now, zone)
	c.Day = DaysBetween(LocalDay(c.Start, zone), today) + 1
	perDay := map[time.Time]int{}
	givenBefore := 0
	for _, d := range ds[start:] {
		day := LocalDay(d.At, zone)
		perDay[day]++
		if n := perDay[day]; n > s.PerDay {
			j.Breaches = append(j.Breaches, Breach{Rule: OverCourseDay, Dose: d, Count: n, Limit: s.PerDay})
		}
		if day.Before(today) {
			givenBefore++
		}
	}
	slices.SortStableFunc(j.Breaches, func(a, b Breach) int { return a.Dose.At.Compare(b.Dose.At) })
	c.GivenToday = perDay[today]
	c.DueToday = s.PerDay
	if c.Total > 0 && c.Total-givenBefore < c.DueToday {
		c.DueToday = max(c.Total-givenBefore, 0)
	}
	over := c.Total > 0 && c.Given >= c.Total
	if until := s.Until; !until.IsZero() && !today.Before(time.Date(until.Year(), until.Month(), until.Day()+1, 0, 0, 0, 0, zone)) {
		over = true
	}
	if !over {
		c.NextDue = ds[len(ds)-1].At.Add(s.Every)
	}
	return c
}

// countIn counts the doses in (from, to].
func countIn(ds []Observation, from, to time.Time) int {
	n := 0
	for _, d := range ds {
		if d.At.After(from) && !d.At.After(to) {
			n++
		}
	}
	return n
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// LocalDay is the local midnight starting t's day in zone.
func LocalDay(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, zone)
}

// DaysBetween counts the calendar days from local midnight a to local
// midnight b (daylight saving's 23- and 25-hour days count as one).
func DaysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return int(time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)).Hours() / 24)
}

// Ordinal writes 1st, 2nd, 3rd, 4th...
func Ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// Span writes a duration to the minute for a parent: "2 h 24 min",
// "4 h", "35 min".
func Span(d time.Duration) string { return Units{}.Span(d) }
