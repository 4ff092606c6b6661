package medbot_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

var london, _ = time.LoadLocation("Europe/London")

func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-20 "+hhmm, london)
	if err != nil {
		panic(err)
	}
	return t
}

// dose is a dose at hh:mm on the 20th, or on the 21st with a leading "+".
func dose(name, hhmm string, id int64) medbot.Observation {
	var t time.Time
	if next, ok := strings.CutPrefix(hhmm, "+"); ok {
		t = at(next).AddDate(0, 0, 1)
	} else {
		t = at(hhmm)
	}
	return medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: name, At: t, MessageID: id, Sender: "Mum"}
}

var (
	para = medbot.Medicine{Name: "paracetamol", MinInterval: 4 * time.Hour, MaxPer24h: 4}
	ibu  = medbot.Medicine{Name: "ibuprofen", MinInterval: 6 * time.Hour, MaxPer24h: 3}
	amox = medbot.Medicine{Name: "amoxicillin", Schedule: &medbot.Schedule{PerDay: 3, Every: 8 * time.Hour, Days: 7, Text: "3/day for 7 days"}}
)

// brief writes breaches as "rule hh:mm count".
func brief(bs []medbot.Breach) []string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s %s %d", b.Rule, b.Dose.At.In(london).Format("15:04"), b.Count))
	}
	return out
}

func TestJudgeDoses(t *testing.T) {
	tests := []struct {
		name     string
		m        medbot.Medicine
		doses    []medbot.Observation
		now      string
		breaches []string
		next     string // "" when none
	}{
		{name: "next counts from the latest dose given", m: para,
			doses: []medbot.Observation{dose("paracetamol", "22:00", 1), dose("paracetamol", "+00:24", 2)},
			now:   "+00:30", breaches: []string{"too soon 00:24 0"}, next: "+04:24"},
		{name: "a back-dated dose breaks the gap to the dose after it", m: para,
			doses: []medbot.Observation{dose("paracetamol", "20:00", 2), dose("paracetamol", "18:00", 1)},
			now:   "21:00", breaches: []string{"too soon 20:00 0"}, next: "+00:00"},
		{name: "exactly the interval is within it", m: para,
			doses: []medbot.Observation{dose("paracetamol", "10:00", 1), dose("paracetamol", "14:00", 2)},
			now:   "15:00", next: "18:00"},
		{name: "a 4th ibuprofen in 24 h breaks the count", m: ibu,
			doses: []medbot.Observation{dose("ibuprofen", "04:00", 1), dose("ibuprofen", "10:15", 2), dose("ibuprofen", "16:30", 3), dose("ibuprofen", "22:45", 4)},
			now:   "23:00", breaches: []string{"over the 24 h limit 22:45 4"}, next: "+10:15"},
		{name: "the 24 h count releases the earliest dose first", m: para,
			doses: []medbot.Observation{dose("paracetamol", "02:00", 1), dose("paracetamol", "06:00", 2), dose("paracetamol", "10:00", 3), dose("paracetamol", "14:00", 4)},
			now:   "15:00", next: "+02:00"},
		{name: "a 4th course dose on one day", m: amox,
			doses: []medbot.Observation{dose("amoxicillin", "07:00", 1), dose("amoxicillin", "15:00", 2), dose("amoxicillin", "21:00", 3), dose("amoxicillin", "23:00", 4)},
			now:   "23:10", breaches: []string{"over the course's daily count 23:00 4"}},
		{name: "doses after now and pending ones are not judged", m: para,
			doses: []medbot.Observation{dose("paracetamol", "10:00", 1), func() medbot.Observation { o := dose("paracetamol", "11:00", 2); o.Pending = true; return o }(), dose("paracetamol", "13:00", 3)},
			now:   "12:00", next: "14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := at(strings.TrimPrefix(tt.now, "+"))
			if strings.HasPrefix(tt.now, "+") {
				now = now.AddDate(0, 0, 1)
			}
			j := medbot.JudgeDoses(tt.m, tt.doses, now, london)
			if got := brief(j.Breaches); !slices.Equal(got, tt.breaches) {
				t.Errorf("breaches %q, want %q", got, tt.breaches)
			}
			next := ""
			if j.HasNext {
				next = j.Next.In(london).Format("15:04")
				if j.Next.In(london).Day() == 21 {
					next = "+" + next
				}
			}
			if next != tt.next {
				t.Errorf("next %q, want %q", next, tt.next)
			}
		})
	}
}

func TestCourseDays(t *testing.T) {
	// started Monday 20:00; on Thursday 00:30 it is the course's 4th
	// calendar day, whatever the hours say
	start := time.Date(2026, 11, 16, 20, 0, 0, 0, london)
	var doses []medbot.Observation
	for i := 0; i < 7; i++ {
		doses = append(doses, medbot.Observation{Kind: medbot.Medication, Name: "amoxicillin", At: start.Add(time.Duration(i) * 8 * time.Hour), MessageID: int64(i + 1)})
	}
	now := time.Date(2026, 11, 19, 0, 30, 0, 0, london)
	j := medbot.JudgeDoses(amox, doses, now, london)
	c := j.Course
	if c == nil || c.Day != 4 || c.Given != 7 || c.Total != 21 || c.GivenToday != 0 || c.DueToday != 3 || c.Complete() {
		t.Fatalf("course %+v", c)
	}
	// the course's last day asks only for what is left
	for i := 7; i < 20; i++ {
		doses = append(doses, medbot.Observation{Kind: medbot.Medication, Name: "amoxicillin", At: start.Add(time.Duration(i) * 8 * time.Hour), MessageID: int64(i + 1)})
	}
	j = medbot.JudgeDoses(amox, doses, start.Add(19*8*time.Hour+time.Hour), london)
	if c := j.Course; c.Given != 20 || c.Complete() || c.DueToday != 2 {
		t.Errorf("near the end: %+v", c)
	}
	doses = append(doses, medbot.Observation{Kind: medbot.Medication, Name: "amoxicillin", At: start.Add(20 * 8 * time.Hour), MessageID: 21})
	if c := medbot.JudgeDoses(amox, doses, start.Add(20*8*time.Hour+time.Hour), london).Course; !c.Complete() {
		t.Errorf("21 of 21 given: %+v", c)
	}
}

// TestJudgementIgnoresArrivalOrder: for random nights of doses, the
// judgement (every breach, the next time, the counts) is the same
// whatever order the doses arrive in, and agrees with a plain count.
func TestJudgementIgnoresArrivalOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	meds := []medbot.Medicine{para, ibu, amox}
	base := time.Date(2026, 11, 20, 18, 0, 0, 0, london)
	for n := 0; n < 10000; n++ {
		m := meds[n%len(meds)]
		k := 1 + r.IntN(8)
		var doses []medbot.Observation
		for i := 0; i < k; i++ {
			at := base.Add(time.Duration(r.IntN(36*60)) * time.Minute)
			doses = append(doses, medbot.Observation{Kind: medbot.Medication, Name: m.Name, At: at, MessageID: int64(i + 1)})
		}
		now := base.Add(37 * time.Hour)
		want := medbot.JudgeDoses(m, doses, now, london)
		shuffled := slices.Clone(doses)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := medbot.JudgeDoses(m, shuffled, now, london)
		if !slices.Equal(times(got.Breaches), times(want.Breaches)) || !got.Next.Equal(want.Next) || got.In24h != want.In24h {
			t.Fatalf("sequence %d: order changed the judgement:\n%v next %v\n%v next %v", n, brief(want.Breaches), want.Next, brief(got.Breaches), got.Next)
		}
		// against a plain count: a dose breaks the 24 h limit exactly
		// when more than the limit fall in the 24 h ending with it
		if m.MaxPer24h > 0 {
			over := 0
			for _, d := range doses {
				c := 0
				for _, e := range doses {
					if !e.At.After(d.At) && e.At.After(d.At.Add(-24*time.Hour)) {
						c++
					}
				}
				if c > m.MaxPer24h {
					over++
				}
			}
			got := 0
			for _, b := range want.Breaches {
				if b.Rule == medbot.Over24h {
					got++
				}
			}
			if got != over && !hasTies(doses) {
				t.Fatalf("sequence %d: %d doses over the 24 h limit, judged %d", n, over, got)
			}
		}
		// the next time is never before the latest dose plus the gap
		if last, ok := want.Last(); ok && want.HasNext && want.Next.Before(last.At.Add(m.MinInterval)) {
			t.Fatalf("sequence %d: next %v before the latest dose %v + gap", n, want.Next, last.At)
		}
	}
}

func times(bs []medbot.Breach) []string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s@%d#%d", b.Rule, b.Dose.At.Unix(), b.Count))
	}
	slices.Sort(out)
	return out
}

func hasTies(ds []medbot.Observation) bool {
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if ds[i].At.Equal(ds[j].At) {
				return true
			}
		}
	}
	return false
}

func TestBreachFact(t *testing.T) {
	j := medbot.JudgeDoses(para, []medbot.Observation{dose("paracetamol", "22:00", 1), dose("paracetamol", "+00:24", 2)}, at("23:00").Add(3*time.Hour), london)
	if len(j.Breaches) != 1 {
		t.Fatalf("breaches %v", brief(j.Breaches))
	}
	want := "2 h 24 min after the dose at 22:00 yesterday; the gap set is 4 h"
	if got := j.Breaches[0].Fact(medbot.Units{}, london); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
