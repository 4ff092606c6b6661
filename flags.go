package medbot

import (
	"time"
)

// Flags are facts, never advice: each states what was recorded and the
// published line (or the family's own plan) it crosses, naming its source.
// This file holds every source's words in one table (FlagRules); flag
// judgement (JudgeFlags) is in judge_flags.go.

// Level is a flag's level in its source's traffic light.
type Level int

// The levels.
const (
	Amber Level = iota + 1
	Red
)

func (l Level) String() string {
	if l == Red {
		return "red"
	}
	return "amber"
}

// Source is where a flag's line comes from.
type Source string

// The sources.
const (
	// NICE is NICE guideline NG143, Fever in under 5s (2019, updated
	// 2021), table 1, the traffic light system.
	NICE Source = "nice"
	// NHS is the NHS parent version of NG143 (Healthier Together, "Fever
	// in children").
	NHS Source = "nhs"
	// PlanSource is the family's own plan for a child, as they wrote it
	// in the configuration.
	PlanSource Source = "plan"
)

// Sources are the sources in the order help and check name them, with
// their editions.
var Sources = []struct {
	Source  Source
	Edition string
}{
	{NICE, "NICE NG143, Fever in under 5s: assessment and initial management (2019, updated 2021), traffic light table"},
	{NHS, "NHS Healthier Together parent guide to fever in under 5s, based on NG143"},
	{PlanSource, "your own plan for a child, as written in medbot's configuration"},
}

// FlagSettings are the family's [flags] settings.
type FlagSettings struct {
	// Off are the sources turned off (check and help say so).
	Off map[Source]bool
	// FeverC is the family's fever line; 0: NICE's 38 °C.
	FeverC float64
	// FeverSource names where the family's fever line comes from ("the
	// German S3 guideline"); "" with FeverC set: "your settings".
	FeverSource string
	// Recheck is, per level, how long after a flagged reading medbot asks
	// for a new one; 0: never.
	Recheck map[Level]time.Duration
}

// Plan is a child's own plan from their doctor or nurse (an asthma
// action plan, a bronchiolitis discharge letter), in the family's words.
type Plan struct {
	// SpO2 is the plan's oxygen line: a reading below it crosses.
	SpO2     float64
	SpO2Says string
	// FeverC is the plan's temperature line: a reading at or above it
	// crosses.
	FeverC     float64
	FeverSays  string
	FeverLevel Level
	// Reliever is the reliever medicine (canonical name) and RelieverWord the
	// family's word for it ("blue inhaler"); RelieverEvery is the plan's
	// "more often than every N hours", RelieverPuffs its "more than N
	// puffs at once" (0: not in the plan).
	Reliever, RelieverWord string
	RelieverEvery          time.Duration
	RelieverPuffs          float64
	RelieverSays           string
	// Level is the level of the plan's flags (default amber).
	Level Level
}

// Age bands, in months, for the rules that depend on age.
const (
	anyAge  = -1
	under5y = 60
)

// FlagRule is one published line. A rule with an age band needs the
// child's born date; rules for "under 5" apply unless the born date says
// 5 or older.
type FlagRule struct {
	ID     string
	Source Source
	Level  Level
	Kind   Kind // the reading it reads; "" for the time-passing rules
	// FromMonths and ToMonths bound the child's age: FromMonths ≤ age <
	// ToMonths (anyAge: unbounded).
	FromMonths, ToMonths int
	// Crosses reports whether a reading crosses the line.
	Crosses func(v float64) bool
	// Says is the source's line, as a clause: "NICE lists 38 °C or more
	// under 3 months as red".
	Says string
}

// NeedsAge reports whether r can only be judged with the child's born
// date.
func (r FlagRule) NeedsAge() bool {
	return r.FromMonths > 0 || (r.ToMonths != anyAge && r.ToMonths != under5y)
}

// FlagRules are the published lines medbot checks, each as its source
// states it. The time-passing ones (fever for 5 days, no wet nappy) have
// no Crosses: JudgeFlags reads them from the records' times.
var FlagRules = []FlagRule{
	{ID: "nice-temp-under-3m", Source: NICE, Level: Red, Kind: Temperature, FromMonths: 0, ToMonths: 3,
		Crosses: func(v float64) bool { return v >= 38 }, Says: "NICE lists 38 °C or more under 3 months as red"},
	{ID: "nhs-cold-under-3m", Source: NHS, Level: Red, Kind: Temperature, FromMonths: 0, ToMonths: 3,
		Crosses: func(v float64) bool { return v < LowTemperatureC }, Says: "the NHS parent guide lists below 36 °C under 3 months as red"},
	{ID: "nice-temp-3-6m", Source: NICE, Level: Amber, Kind: Temperature, FromMonths: 3, ToMonths: 6,
		Crosses: func(v float64) bool { return v >= 39 }, Says: "NICE lists 39 °C or more at 3 to 6 months as amber"},
	{ID: "nice-spo2", Source: NICE, Level: Amber, Kind: SpO2, FromMonths: 0, ToMonths: under5y,
		Crosses: func(v float64) bool { return v <= LowSpO2 }, Says: "NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5"},
	{ID: "nice-rr-red", Source: NICE, Level: Red, Kind: RespRate, FromMonths: 0, ToMonths: under5y,
		Crosses: func(v float64) bool { return v > 60 }, Says: "NICE lists more than 60 breaths a minute as red for a child under 5"},
	{ID: "nice-rr-6-12m", Source: NICE, Level: Amber, Kind: RespRate, FromMonths: 6, ToMonths: 12,
		Crosses: func(v float64) bool { return v > 50 && v <= 60 }, Says: "NICE lists more than 50 breaths a minute at 6 to 12 months as amber"},
	{ID: "nice-rr-over-12m", Source: NICE, Level: Amber, Kind: RespRate, FromMonths: 12, ToMonths: under5y,
		Crosses: func(v float64) bool { return v > 40 && v <= 60 }, Says: "NICE lists more than 40 breaths a minute over 12 months as amber"},
	{ID: "nice-hr-under-12m", Source: NICE, Level: Amber, Kind: HeartRate, FromMonths: 0, ToMonths: 12,
		Crosses: func(v float64) bool { return v > 160 }, Says: "NICE lists a heart rate over 160 under 12 months as amber, and says heart rate is not to be read alone"},
	{ID: "nice-hr-12-24m", Source: NICE, Level: Amber, Kind: HeartRate, FromMonths: 12, ToMonths: 24,
		Crosses: func(v float64) bool { return v > 150 }, Says: "NICE lists a heart rate over 150 at 12 to 24 months as amber, and says heart rate is not to be read alone"},
	{ID: "nice-hr-2-5y", Source: NICE, Level: Amber, Kind: HeartRate, FromMonths: 24, ToMonths: under5y,
		Crosses: func(v float64) bool { return v > 140 }, Says: "NICE lists a heart rate over 140 at 2 to 5 years as amber, and says heart rate is not to be read alone"},
	{ID: "nice-fever-5-days", Source: NICE, Level: Amber, FromMonths: 0, ToMonths: under5y,
		Says: "NICE lists fever for 5 days or more as amber"},
	{ID: "nhs-no-wee", Source: NHS, Level: Amber, FromMonths: 0, ToMonths: under5y,
		Says: "the NHS parent guide lists no wee or wet nappy for 12 hours (8 hours under 3 months) as amber"},
}

// Fever returns the family's fever line, °C: its own setting, or NICE's
// 38 °C.
func (f *Family) Fever() float64 {
	line, _ := f.FeverLine()
	return line
}

// FeverLine returns the family's fever line, °C, and where it comes from:
// its own setting, the German S3 guideline's 38.5 °C for a family writing
// German, else NICE's 38 °C.
func (f *Family) FeverLine() (float64, string) {
	switch {
	case f.Flags.FeverC > 0:
		src := f.Flags.FeverSource
		if src == "" {
			src = "your settings"
		}
		return f.Flags.FeverC, src
	case f.Language == "de":
		return GermanFeverC, "S3-Leitlinie Fiebermanagement (AWMF 027-074, 2025)"
	}
	return FeverC, "NICE NG143"
}

// FlagsOn reports whether flags from source are on.
func (f *Family) FlagsOn(s Source) bool { return !f.Flags.Off[s] }

// BornKnown reports whether the child's born date (or month) is set.
func (c Child) BornKnown() bool { return !c.Born.IsZero() }

// MonthsAt returns the child's age in whole months at t. With only a
// month of birth, the child is taken as born on its last day: the
// youngest they can be, so a baby's flags are never missed.
func (c Child) MonthsAt(t time.Time) int {
	b := c.Born
	if c.BornMonthOnly {
		b = b.AddDate(0, 1, -1)
	}
	m := (t.Year()-b.Year())*12 + int(t.Month()-b.Month())
	if t.Day() < b.Day() {
		m--
	}
	return m
}

// AgeText says a child's age at t for a sentence: "7 weeks old" under 3
// months, "4 months old" under 2 years, "3 years old" after.
func (c Child) AgeText(t time.Time) string { return c.AgeIn(Units{}, t) }

// AgeIn is AgeText in the family's language: "7 Wochen alt".
func (c Child) AgeIn(u Units, t time.Time) string {
	m := c.MonthsAt(t)
	b := c.Born
	if c.BornMonthOnly {
		b = b.AddDate(0, 1, -1)
	}
	switch {
	case m < 3:
		w := int(t.Sub(b).Hours() / 24 / 7)
		if w < 1 {
			return u.F("%s old", u.Count(int(t.Sub(b).Hours()/24), "day"))
		}
		return u.F("%s old", u.Count(w, "week"))
	case m < 24:
		return u.F("%s old", u.Count(m, "month"))
	}
	return u.F("%s old", u.Count(m/12, "year"))
}

// inBand reports whether r applies to c at t, and false when it needs an
// age c has not been given.
func (r FlagRule) inBand(c Child, t time.Time) bool {
	if !c.BornKnown() {
		return !r.NeedsAge()
	}
	m := c.MonthsAt(t)
	if m < 0 {
		return false
	}
	return (r.FromMonths == anyAge || m >= r.FromMonths) && (r.ToMonths == anyAge || m < r.ToMonths)
}
