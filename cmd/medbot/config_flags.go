package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// fileFlags is the [flags] table: which sources are on, the family's
// fever line and, per level, when to ask for a recheck.
type fileFlags struct {
	NICE        *bool    `toml:"nice"`
	NHS         *bool    `toml:"nhs"`
	Plan        *bool    `toml:"plan"`
	Fever       *float64 `toml:"fever"`
	FeverSource string   `toml:"fever_source"`
	Amber       struct {
		Recheck string `toml:"recheck"`
	} `toml:"amber"`
	Red struct {
		Recheck string `toml:"recheck"`
	} `toml:"red"`
}

// filePlan is a child's [child.plan]: the lines of their own plan, in the
// family's words.
type filePlan struct {
	SpO2          *float64 `toml:"spo2"`
	SpO2Says      string   `toml:"spo2_says"`
	Fever         *float64 `toml:"fever"`
	FeverSays     string   `toml:"fever_says"`
	Reliever      string   `toml:"reliever"`
	RelieverEvery string   `toml:"reliever_every"`
	RelieverPuffs *float64 `toml:"reliever_puffs"`
	RelieverSays  string   `toml:"reliever_says"`
	Level         string   `toml:"level"`
}

func decodeFlags(c *Config, f fileFlags, bad badFunc) {
	s := &c.Family.Flags
	s.Off = map[medbot.Source]bool{}
	for src, on := range map[medbot.Source]*bool{medbot.NICE: f.NICE, medbot.NHS: f.NHS, medbot.PlanSource: f.Plan} {
		if on != nil && !*on {
			s.Off[src] = true
		}
	}
	if f.Fever != nil {
		if *f.Fever < 37.5 || *f.Fever > 39.5 {
			bad("flags.fever", "%g °C is not a fever line (37.5 to 39.5: NICE uses 38, the German S3 guideline 38.5)", *f.Fever)
		} else {
			s.FeverC, s.FeverSource = *f.Fever, strings.TrimSpace(f.FeverSource)
		}
	}
	s.Recheck = map[medbot.Level]time.Duration{}
	for lvl, v := range map[medbot.Level]string{medbot.Amber: f.Amber.Recheck, medbot.Red: f.Red.Recheck} {
		if v == "" {
			continue
		}
		d, err := parseDuration(v)
		switch {
		case err != nil:
			bad("flags."+lvl.String()+".recheck", "%v", err)
		case d < 5*time.Minute || d > 24*time.Hour:
			bad("flags."+lvl.String()+".recheck", "%s: a recheck between 5m and 24h", v)
		default:
			s.Recheck[lvl] = d
		}
	}
}

// decodeBorn reads a born date, "2025-09-14", or a month, "2025-09".
func decodeBorn(child *medbot.Child, born string, zone *time.Location, key string, bad badFunc) {
	if born == "" {
		return
	}
	if zone == nil {
		zone = time.UTC
	}
	t, err := time.ParseInLocation("2006-01-02", born, zone)
	if err != nil {
		t, err = time.ParseInLocation("2006-01", born, zone)
		child.BornMonthOnly = err == nil
	}
	switch {
	case err != nil:
		bad(key+".born", "%q is not a date such as 2025-09-14 (or a month, 2025-09)", born)
	case t.After(time.Now()):
		bad(key+".born", "%q is in the future", born)
	default:
		child.Born = t
	}
}

// decodePlan reads a child's [child.plan]; the reliever is named as the
// family writes it and must be one of their medicines.
func decodePlan(c *Config, child *medbot.Child, p filePlan, key string, bad badFunc) {
	pl := &child.Plan
	says := func(field, s string) string {
		s = strings.TrimSpace(s)
		if s == "" {
			bad(key+".plan."+field, "missing: write what the plan says, in its words (medbot quotes it)")
		}
		return s
	}
	switch strings.ToLower(p.Level) {
	case "", "amber":
		pl.Level = medbot.Amber
	case "red":
		pl.Level = medbot.Red
	default:
		bad(key+".plan.level", "%q is neither amber nor red", p.Level)
	}
	if p.SpO2 != nil {
		if *p.SpO2 < 80 || *p.SpO2 > 100 {
			bad(key+".plan.spo2", "%g is not an SpO2 line (80 to 100)", *p.SpO2)
		}
		pl.SpO2, pl.SpO2Says = *p.SpO2, says("spo2_says", p.SpO2Says)
	}
	if p.Fever != nil {
		if *p.Fever < 37 || *p.Fever > 41 {
			bad(key+".plan.fever", "%g °C is not a temperature line (37 to 41)", *p.Fever)
		}
		pl.FeverC, pl.FeverSays = *p.Fever, says("fever_says", p.FeverSays)
	}
	if p.Reliever == "" {
		if p.RelieverEvery != "" || p.RelieverPuffs != nil {
			bad(key+".plan.reliever", "missing: name the reliever the plan is about, e.g. \"blue inhaler\"")
		}
		return
	}
	name, ok := medicineNamed(c.Family.Medications, p.Reliever)
	if !ok {
		bad(key+".plan.reliever", "%q is not one of the family's medicines", p.Reliever)
		return
	}
	pl.Reliever, pl.RelieverWord = name, strings.TrimSpace(p.Reliever)
	if p.RelieverEvery != "" {
		d, err := parseDuration(p.RelieverEvery)
		if err != nil {
			bad(key+".plan.reliever_every", "%v", err)
		}
		pl.RelieverEvery = d
	}
	if p.RelieverPuffs != nil {
		pl.RelieverPuffs = *p.RelieverPuffs
	}
	if pl.RelieverEvery == 0 && pl.RelieverPuffs == 0 {
		bad(key+".plan.reliever", "give reliever_every (\"4h\") or reliever_puffs (10), as the plan says")
	}
	pl.RelieverSays = says("reliever_says", p.RelieverSays)
}

// medicineNamed finds the medicine whose name or alias is s.
func medicineNamed(ms []medbot.Medicine, s string) (string, bool) {
	k := norm(s)
	for _, m := range ms {
		for _, a := range append([]string{m.Name}, m.Aliases...) {
			if norm(a) == k {
				return m.Name, true
			}
		}
	}
	return "", false
}

// flagsOff says, for check, which flags are off and why: a source the
// family turned off, or a child without a born date.
func flagsOff(f medbot.Family) []string {
	var out []string
	for _, s := range medbot.Sources {
		if !f.FlagsOn(s.Source) {
			out = append(out, fmt.Sprintf("%s flags are off ([flags] %s = false)", strings.ToUpper(string(s.Source)), s.Source))
		}
	}
	for _, c := range f.Children {
		if !c.BornKnown() {
			out = append(out, fmt.Sprintf("%s has no born date: the flags for babies under 3 and 6 months and the age-banded heart and breathing rates are off (add born = \"YYYY-MM-DD\")", c.Name))
		}
	}
	return out
}

// writePlan writes a child's [child.plan] back as it was read (setup
// keeps a plan when it rewrites the configuration).
func writePlan(w func(format string, a ...any), p filePlan) {
	if p == (filePlan{}) {
		return
	}
	w("\n[child.plan]")
	num := func(key string, v *float64) {
		if v != nil {
			w("%s = %v", key, *v)
		}
	}
	str := func(key, v string) {
		if v != "" {
			w("%s = %s", key, tomlString(v))
		}
	}
	num("spo2", p.SpO2)
	str("spo2_says", p.SpO2Says)
	num("fever", p.Fever)
	str("fever_says", p.FeverSays)
	str("reliever", p.Reliever)
	str("reliever_every", p.RelieverEvery)
	num("reliever_puffs", p.RelieverPuffs)
	str("reliever_says", p.RelieverSays)
	str("level", p.Level)
}

// writeFlags writes the [flags] table back as it was read.
func writeFlags(w func(format string, a ...any), f fileFlags) {
	var lines []string
	for _, b := range []struct {
		key string
		v   *bool
	}{{"nice", f.NICE}, {"nhs", f.NHS}, {"plan", f.Plan}} {
		if b.v != nil {
			lines = append(lines, fmt.Sprintf("%s = %v", b.key, *b.v))
		}
	}
	if f.Fever != nil {
		lines = append(lines, fmt.Sprintf("fever = %v", *f.Fever))
	}
	if f.FeverSource != "" {
		lines = append(lines, "fever_source = "+tomlString(f.FeverSource))
	}
	if len(lines) == 0 && f.Amber.Recheck == "" && f.Red.Recheck == "" {
		return
	}
	w("\n[flags]\n%s", strings.Join(lines, "\n"))
	if f.Amber.Recheck != "" {
		w("\n[flags.amber]\nrecheck = %s", tomlString(f.Amber.Recheck))
	}
	if f.Red.Recheck != "" {
		w("\n[flags.red]\nrecheck = %s", tomlString(f.Red.Recheck))
	}
}
