package medbot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

var flagNow = time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)

// aged is a child born months (and days) before flagNow; months < 0: no
// born date.
func aged(name string, months, days int) medbot.Child {
	c := medbot.Child{Name: name}
	if months >= 0 {
		c.Born = flagNow.AddDate(0, -months, -days)
	}
	return c
}

// crossed are the rules a single reading crosses.
func crossed(fam medbot.Family, c medbot.Child, k medbot.Kind, v float64) []string {
	obs := []medbot.Observation{{Kind: k, Child: c.Name, At: flagNow, Value: v}}
	var ids []string
	for _, f := range medbot.JudgeFlags(&fam, c, obs, flagNow) {
		ids = append(ids, f.Rule.ID)
	}
	return ids
}

// TestFlagRuleEdges checks every reading line at, just below and just
// above it, and each age band at its edges.
func TestFlagRuleEdges(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC}
	for _, tc := range []struct {
		name   string
		months int // -1: no born date
		days   int
		kind   medbot.Kind
		v      float64
		want   []string
	}{
		{"38.0 under 3 months", 2, 0, medbot.Temperature, 38.0, []string{"nice-temp-under-3m"}},
		{"37.9 under 3 months", 2, 0, medbot.Temperature, 37.9, nil},
		{"38.1 under 3 months", 2, 0, medbot.Temperature, 38.1, []string{"nice-temp-under-3m"}},
		{"38.0 a day short of 3 months", 2, 27, medbot.Temperature, 38.0, []string{"nice-temp-under-3m"}},
		{"38.0 at 3 months exactly", 3, 0, medbot.Temperature, 38.0, nil},
		{"36.0 under 3 months", 1, 0, medbot.Temperature, 36.0, nil},
		{"35.9 under 3 months", 1, 0, medbot.Temperature, 35.9, []string{"nhs-cold-under-3m"}},
		{"35.9 at 3 months", 3, 0, medbot.Temperature, 35.9, nil},
		{"39.0 at 3 months", 3, 0, medbot.Temperature, 39.0, []string{"nice-temp-3-6m"}},
		{"38.9 at 4 months", 4, 0, medbot.Temperature, 38.9, nil},
		{"39.1 at 5 months", 5, 0, medbot.Temperature, 39.1, []string{"nice-temp-3-6m"}},
		{"39.1 at 6 months", 6, 0, medbot.Temperature, 39.1, nil},
		{"39.5 with no born date", -1, 0, medbot.Temperature, 39.5, nil},
		{"SpO2 95", 24, 0, medbot.SpO2, 95, []string{"nice-spo2"}},
		{"SpO2 96", 24, 0, medbot.SpO2, 96, nil},
		{"SpO2 94", 24, 0, medbot.SpO2, 94, []string{"nice-spo2"}},
		{"SpO2 94 with no born date", -1, 0, medbot.SpO2, 94, []string{"nice-spo2"}},
		{"SpO2 94 at 5 years", 60, 0, medbot.SpO2, 94, nil},
		{"SpO2 94 a day short of 5 years", 59, 27, medbot.SpO2, 94, []string{"nice-spo2"}},
		{"breathing 60 at 2 years", 24, 0, medbot.RespRate, 60, []string{"nice-rr-over-12m"}},
		{"breathing 61", 24, 0, medbot.RespRate, 61, []string{"nice-rr-red"}},
		{"breathing 61 with no born date", -1, 0, medbot.RespRate, 61, []string{"nice-rr-red"}},
		{"breathing 61 at 2 months", 2, 0, medbot.RespRate, 61, []string{"nice-rr-red"}},
		{"breathing 50 at 6 months", 6, 0, medbot.RespRate, 50, nil},
		{"breathing 51 at 6 months", 6, 0, medbot.RespRate, 51, []string{"nice-rr-6-12m"}},
		{"breathing 51 at 5 months", 5, 0, medbot.RespRate, 51, nil},
		{"breathing 45 at 11 months", 11, 0, medbot.RespRate, 45, nil},
		{"breathing 40 at 12 months", 12, 0, medbot.RespRate, 40, nil},
		{"breathing 41 at 12 months", 12, 0, medbot.RespRate, 41, []string{"nice-rr-over-12m"}},
		{"breathing 41 with no born date", -1, 0, medbot.RespRate, 41, nil},
		{"heart rate 160 at 11 months", 11, 0, medbot.HeartRate, 160, nil},
		{"heart rate 161 at 11 months", 11, 0, medbot.HeartRate, 161, []string{"nice-hr-under-12m"}},
		{"heart rate 151 at 11 months", 11, 0, medbot.HeartRate, 151, nil},
		{"heart rate 150 at 12 months", 12, 0, medbot.HeartRate, 150, nil},
		{"heart rate 151 at 12 months", 12, 0, medbot.HeartRate, 151, []string{"nice-hr-12-24m"}},
		{"heart rate 140 at 2 years", 24, 0, medbot.HeartRate, 140, nil},
		{"heart rate 141 at 2 years", 24, 0, medbot.HeartRate, 141, []string{"nice-hr-2-5y"}},
		{"heart rate 141 at 5 years", 60, 0, medbot.HeartRate, 141, nil},
		{"heart rate 170 with no born date", -1, 0, medbot.HeartRate, 170, nil},
		{"weight has no line", 24, 0, medbot.Weight, 3, nil},
	} {
		got := crossed(fam, aged("Rory", tc.months, tc.days), tc.kind, tc.v)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFlagsOffBySource(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC, Flags: medbot.FlagSettings{Off: map[medbot.Source]bool{medbot.NICE: true}}}
	if got := crossed(fam, aged("Rory", 2, 0), medbot.Temperature, 38.5); got != nil {
		t.Errorf("NICE off: %v", got)
	}
	if got := crossed(fam, aged("Rory", 2, 0), medbot.Temperature, 35.5); !slices.Equal(got, []string{"nhs-cold-under-3m"}) {
		t.Errorf("NHS still on: %v", got)
	}
}

// TestFlagCrossings: a flag is one crossing, from the first reading over
// its line to the next that is not, and again when it comes back.
func TestFlagCrossings(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC}
	c := aged("Rory", 24, 0)
	var obs []medbot.Observation
	for i, v := range []float64{97, 94, 93, 96, 95} {
		obs = append(obs, medbot.Observation{Kind: medbot.SpO2, Child: "Rory", At: flagNow.Add(time.Duration(i-5) * time.Hour), Value: v})
	}
	fs := medbot.JudgeFlags(&fam, c, obs, flagNow)
	if len(fs) != 2 {
		t.Fatalf("%d crossings, want 2: %+v", len(fs), fs)
	}
	if !fs[0].At.Equal(obs[1].At) || !fs[0].Until.Equal(obs[3].At) || fs[0].Latest.Value != 93 || fs[0].Open() {
		t.Errorf("first crossing %+v", fs[0])
	}
	if !fs[1].At.Equal(obs[4].At) || !fs[1].Open() || fs[1].Key() == fs[0].Key() {
		t.Errorf("second crossing %+v", fs[1])
	}
	// a day with no reading of its kind: the crossing is over
	if fs := medbot.JudgeFlags(&fam, c, obs, flagNow.Add(24*time.Hour)); len(fs) != 2 || fs[1].Open() || !fs[1].Until.Equal(obs[4].At.Add(24*time.Hour)) {
		t.Errorf("a day later: %+v", fs)
	}
	// two readings over the line a day apart are two crossings
	apart := []medbot.Observation{obs[1], obs[1]}
	apart[1].At = apart[0].At.Add(25 * time.Hour)
	if fs := medbot.JudgeFlags(&fam, c, apart, apart[1].At); len(fs) != 2 || !fs[0].Until.Equal(apart[0].At.Add(24*time.Hour)) || !fs[1].Open() {
		t.Errorf("a day apart: %+v", fs)
	}
	// pending and withdrawn records count for nothing
	obs[1].Pending, obs[2].Retracted = true, true
	if fs := medbot.JudgeFlags(&fam, c, obs, flagNow); len(fs) != 1 {
		t.Errorf("with the first crossing's records not counted: %+v", fs)
	}
}

// TestFeverFifthDay: a fever episode crosses at the start of its fifth
// local day when it was still feverish on the fourth, and at its first
// fever reading of day 5 when not; a 48 h break ends an episode.
func TestFeverFifthDay(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC}
	c := aged("Rory", 24, 0)
	day := func(d, h int) time.Time { return time.Date(2026, 11, 16+d, h, 0, 0, 0, time.UTC) }
	temp := func(at time.Time, v float64) medbot.Observation {
		return medbot.Observation{Kind: medbot.Temperature, Child: "Rory", At: at, Value: v}
	}
	obs := []medbot.Observation{temp(day(0, 20), 38.4), temp(day(1, 9), 38.9), temp(day(2, 9), 38.2), temp(day(3, 21), 38.6)}
	if fs := medbot.JudgeFlags(&fam, c, obs, day(4, 0).Add(-time.Minute)); len(fs) != 0 {
		t.Errorf("before day 5: %+v", fs)
	}
	fs := medbot.JudgeFlags(&fam, c, obs, day(4, 8))
	if len(fs) != 1 || fs[0].Rule.ID != "nice-fever-5-days" || !fs[0].At.Equal(day(4, 0)) || !fs[0].Open() {
		t.Fatalf("day 5: %+v", fs)
	}
	if got, want := fs[0].Text(medbot.Units{}, time.UTC, day(4, 8)), "Rory has had a fever (38.0 °C or more) since Mon 16 Nov 20:00: this is day 5. NICE lists fever for 5 days or more as amber."; got != want {
		t.Errorf("text\n%q\nwant\n%q", got, want)
	}
	if got, want := fs[0].Short(medbot.Units{}, time.UTC, day(4, 8)), "fever since Mon 16 Nov 20:00, day 5 (NICE, amber)"; got != want {
		t.Errorf("status line %q, want %q", got, want)
	}
	// no fever on day 4: the crossing is day 5's first fever reading
	gap := []medbot.Observation{obs[0], obs[1], temp(day(2, 22), 38.3), temp(day(4, 10), 38.1)}
	if fs := medbot.JudgeFlags(&fam, c, gap, day(4, 12)); len(fs) != 1 || !fs[0].At.Equal(day(4, 10)) {
		t.Errorf("first reading of day 5: %+v", fs)
	}
	// 48 h without fever: a new episode, no fifth day
	broken := []medbot.Observation{obs[0], temp(day(1, 9), 38.9), temp(day(3, 10), 38.5), temp(day(4, 10), 38.1)}
	if fs := medbot.JudgeFlags(&fam, c, broken, day(4, 12)); len(fs) != 0 {
		t.Errorf("a 48 h break: %+v", fs)
	}
	// the family's own fever line counts the episode
	fam.Flags.FeverC = 38.5
	if fs := medbot.JudgeFlags(&fam, c, obs, day(4, 8)); len(fs) != 0 {
		t.Errorf("with a 38.5 line only two readings are fever: %+v", fs)
	}
}

// TestNoWetNappy: 12 hours without a wet nappy (8 under 3 months), for a
// family that records nappies; a dirty nappy is not a wee.
func TestNoWetNappy(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC}
	nappy := func(h float64, text string) medbot.Observation {
		return medbot.Observation{Kind: medbot.Event, Name: "nappy", Child: "Freya", At: flagNow.Add(time.Duration(h * float64(time.Hour))), MessageText: text}
	}
	obs := []medbot.Observation{nappy(-13, "wet nappy freya"), nappy(-2, "dirty nappy, poo everywhere")}
	fs := medbot.JudgeFlags(&fam, aged("Freya", 12, 0), obs, flagNow)
	if len(fs) != 1 || !fs[0].At.Equal(flagNow.Add(-time.Hour)) || !fs[0].Open() {
		t.Fatalf("12 h: %+v", fs)
	}
	if got, want := fs[0].Text(medbot.Units{}, time.UTC, flagNow), "Freya: no wet nappy recorded since 01:00, 12 h. The NHS parent guide lists no wee or wet nappy for 12 hours (8 hours under 3 months) as amber."; got != want {
		t.Errorf("text\n%q\nwant\n%q", got, want)
	}
	if got, want := fs[0].Short(medbot.Units{}, time.UTC, flagNow), "no wet nappy since 01:00 (NHS, amber)"; got != want {
		t.Errorf("status line %q, want %q", got, want)
	}
	if fs := medbot.JudgeFlags(&fam, aged("Freya", 12, 0), obs[:1], flagNow.Add(-90*time.Minute)); len(fs) != 0 {
		t.Errorf("11.5 h: %+v", fs)
	}
	baby := medbot.JudgeFlags(&fam, aged("Freya", 1, 0), []medbot.Observation{nappy(-9, "wet")}, flagNow)
	if len(baby) != 1 || !baby[0].At.Equal(flagNow.Add(-time.Hour)) {
		t.Errorf("8 h under 3 months: %+v", baby)
	}
	// a wet nappy ends it
	if fs := medbot.JudgeFlags(&fam, aged("Freya", 12, 0), append(obs, nappy(-0.5, "nappy changed, wet")), flagNow); len(fs) != 1 || fs[0].Open() {
		t.Errorf("ended by a wet nappy: %+v", fs)
	}
	// a family that stopped recording nappies three days ago: nothing
	if fs := medbot.JudgeFlags(&fam, aged("Freya", 12, 0), []medbot.Observation{nappy(-80, "wet")}, flagNow); len(fs) != 1 || fs[0].Open() {
		t.Errorf("no nappies for 80 h: %+v", fs)
	}
}

func planChild() medbot.Child {
	c := aged("Rory", 36, 0)
	c.Plan = medbot.Plan{
		SpO2: 92, SpO2Says: "sats below 92 % → call 999",
		Reliever: "salbutamol", RelieverWord: "blue inhaler", RelieverEvery: 4 * time.Hour, RelieverPuffs: 10,
		RelieverSays: "more often than every 4 hours → see a doctor today",
	}
	return c
}

// TestFlagSentences holds every sentence a flag can post, exactly.
func TestFlagSentences(t *testing.T) {
	fam := medbot.Family{Zone: time.UTC}
	u := medbot.Units{}
	reading := func(c medbot.Child, k medbot.Kind, v float64) string {
		obs := []medbot.Observation{{Kind: k, Child: c.Name, At: flagNow, Value: v}}
		var texts []string
		for _, f := range medbot.JudgeFlags(&fam, c, obs, flagNow) {
			texts = append(texts, f.Text(u, time.UTC, flagNow))
		}
		return strings.Join(texts, " | ")
	}
	for _, tc := range []struct{ got, want string }{
		{reading(aged("Freya", 1, 19), medbot.Temperature, 38.1), "Freya is 7 weeks old and 38.1 °C: NICE lists 38 °C or more under 3 months as red."},
		{reading(aged("Freya", 0, 5), medbot.Temperature, 35.8), "Freya is 5 days old and 35.8 °C: the NHS parent guide lists below 36 °C under 3 months as red."},
		{reading(aged("Freya", 4, 0), medbot.Temperature, 39.2), "Freya is 4 months old and 39.2 °C: NICE lists 39 °C or more at 3 to 6 months as amber."},
		{reading(aged("Rory", 24, 0), medbot.SpO2, 94), "Rory: SpO2 94 %. NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5."},
		{reading(aged("Rory", 24, 0), medbot.RespRate, 64), "Rory: breathing rate 64/min. NICE lists more than 60 breaths a minute as red for a child under 5."},
		{reading(aged("Rory", 8, 0), medbot.RespRate, 55), "Rory is 8 months old with breathing rate 55/min: NICE lists more than 50 breaths a minute at 6 to 12 months as amber."},
		{reading(aged("Rory", 30, 0), medbot.RespRate, 45), "Rory is 2 years old with breathing rate 45/min: NICE lists more than 40 breaths a minute over 12 months as amber."},
		{reading(aged("Rory", 8, 0), medbot.HeartRate, 165), "Rory is 8 months old with heart rate 165 bpm: NICE lists a heart rate over 160 under 12 months as amber, and says heart rate is not to be read alone."},
		{reading(aged("Rory", 18, 0), medbot.HeartRate, 155), "Rory is 18 months old with heart rate 155 bpm: NICE lists a heart rate over 150 at 12 to 24 months as amber, and says heart rate is not to be read alone."},
		{reading(aged("Rory", 36, 0), medbot.HeartRate, 145), "Rory is 3 years old with heart rate 145 bpm: NICE lists a heart rate over 140 at 2 to 5 years as amber, and says heart rate is not to be read alone."},
		{reading(planChild(), medbot.SpO2, 91), "Rory: SpO2 91 %. NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5. | Rory: SpO2 91 %. Your plan for Rory says: sats below 92 % → call 999."},
	} {
		if tc.got != tc.want {
			t.Errorf("got\n%q\nwant\n%q", tc.got, tc.want)
		}
	}
	// a plan's temperature line, quoted
	hot := planChild()
	hot.Plan.FeverC, hot.Plan.FeverSays, hot.Plan.Level = 38.5, "38.5 or more for two hours: ring the ward", medbot.Red
	if got, want := reading(hot, medbot.Temperature, 38.6), "Rory: 38.6 °C. Your plan for Rory says: 38.5 or more for two hours: ring the ward."; got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	// the reliever, as the plan says it
	dose := func(h float64, puffs float64) medbot.Observation {
		return medbot.Observation{Kind: medbot.Medication, Name: "salbutamol", Child: "Rory", At: flagNow.Add(time.Duration(h * float64(time.Hour))), Dose: puffs, HasDose: true, Unit: "puffs", MessageID: int64(100 + h)}
	}
	obs := []medbot.Observation{dose(-8, 2), dose(-5, 2), dose(-3, 2), dose(-1, 12)}
	var texts []string
	for _, f := range medbot.JudgeFlags(&fam, planChild(), obs, flagNow) {
		texts = append(texts, f.Text(u, time.UTC, flagNow))
	}
	want := []string{
		"Rory has needed the blue inhaler 4 times since 06:00. Your plan for Rory says: more often than every 4 hours → see a doctor today.",
		"Rory had 12 puffs of the blue inhaler at 13:00. Your plan for Rory says: more often than every 4 hours → see a doctor today.",
	}
	if !slices.Equal(texts, want) {
		t.Errorf("reliever:\n%q\nwant\n%q", texts, want)
	}
	// the status lines of each kind of flag
	var shorts []string
	for _, f := range medbot.JudgeFlags(&fam, planChild(), obs, flagNow) {
		shorts = append(shorts, f.Short(u, time.UTC, flagNow))
	}
	if want := []string{"blue inhaler 4 times since 06:00 (your plan, amber)", "blue inhaler 12 puffs at 13:00 (your plan, amber)"}; !slices.Equal(shorts, want) {
		t.Errorf("status lines:\n%q\nwant\n%q", shorts, want)
	}
}

// TestFlagsNeverAdvise: no source's words tell a parent what to do; only
// a family's own plan may.
func TestFlagsNeverAdvise(t *testing.T) {
	for _, r := range medbot.FlagRules {
		for _, w := range strings.Fields(strings.ToLower(r.Says)) {
			switch strings.Trim(w, ".,:") {
			case "give", "call", "go", "should", "must", "recheck", "see":
				t.Errorf("%s says %q: %q", r.ID, w, r.Says)
			}
		}
	}
}

// TestAgeText: weeks under 3 months, months under 2 years, then years;
// a month of birth counts as its last day.
func TestAgeText(t *testing.T) {
	for _, tc := range []struct {
		c    medbot.Child
		want string
	}{
		{aged("A", 0, 3), "3 days old"},
		{aged("A", 1, 19), "7 weeks old"},
		{aged("A", 3, 0), "3 months old"},
		{aged("A", 23, 0), "23 months old"},
		{aged("A", 24, 0), "2 years old"},
		{medbot.Child{Name: "A", Born: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), BornMonthOnly: true}, "7 weeks old"},
	} {
		if got := tc.c.AgeText(flagNow); got != tc.want {
			t.Errorf("born %v: %q, want %q", tc.c.Born, got, tc.want)
		}
	}
}
