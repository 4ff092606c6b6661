package report

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

var london, _ = time.LoadLocation("Europe/London")

func temp(at time.Time, v float64) medbot.Observation {
	return medbot.Observation{Kind: medbot.Temperature, Child: "Rory", At: at, Value: v}
}

// TestFeverEpisode: the latest run of fever readings with no 24 h gap,
// ongoing or over, with its highest.
func TestFeverEpisode(t *testing.T) {
	start := time.Date(2026, 11, 20, 14, 10, 0, 0, time.UTC)
	o := Options{Family: medbot.Family{Zone: london}, To: start.Add(62 * time.Hour)}
	ongoing := []medbot.Observation{temp(start.Add(-40*time.Hour), 38.5), temp(start.Add(-2*time.Hour), 37.2), temp(start, 38.3),
		temp(start.Add(12*time.Hour), 39.4), temp(start.Add(30*time.Hour), 38.8), temp(start.Add(50*time.Hour), 38.1)}
	if got, want := feverEpisode(ongoing, o), "Fever since Fri 20 14:10 (2 days 14 h); highest 39.4 °C at Sat 21 02:10."; got != want {
		t.Errorf("ongoing:\n got %q\nwant %q", got, want)
	}
	over := append(ongoing, temp(start.Add(55*time.Hour), 37.4))
	if got, want := feverEpisode(over, o), "Fever from Fri 20 14:10 to Sun 22 16:10 (2 days 2 h); highest 39.4 °C at Sat 21 02:10; below 38.0 °C since Sun 22 21:10."; got != want {
		t.Errorf("over:\n got %q\nwant %q", got, want)
	}
	if got := feverEpisode([]medbot.Observation{temp(start, 37.9)}, o); !strings.HasPrefix(got, "No fever (38.0 °C or more)") {
		t.Errorf("none: %q", got)
	}
}

// TestCourseProgress: doses given against doses due, the missed one named.
func TestCourseProgress(t *testing.T) {
	first := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	fam := medbot.DefaultFamily()
	fam.Zone = london
	for i := range fam.Medications {
		if fam.Medications[i].Name == "amoxicillin" {
			fam.Medications[i].Schedule = &medbot.Schedule{PerDay: 3, Every: 8 * time.Hour, Days: 7, Text: "3/day for 7 days"}
		}
	}
	var own []medbot.Observation
	for _, h := range []int{0, 8, 16, 24, 40, 48} { // the one due at +32 h missed
		own = append(own, medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: "amoxicillin", At: first.Add(time.Duration(h) * time.Hour)})
	}
	got := courseProgress(own, Options{Family: fam, To: first.Add(50 * time.Hour)})
	want := []string{"Amoxicillin (3/day for 7 days): day 3 of 7; 6 doses given, 7 due so far; missed: the one due Sat 21 16:00."}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// a dose too many on the first day (08:00, 10:00, 16:00, 20:00):
	// counted as given, and its day named
	own = append(own, medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: "amoxicillin", At: first.Add(2 * time.Hour)},
		medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: "amoxicillin", At: first.Add(12 * time.Hour)})
	got = courseProgress(own, Options{Family: fam, To: first.Add(50 * time.Hour)})
	want = []string{"Amoxicillin (3/day for 7 days): day 3 of 7; 8 doses given, 7 due so far; missed: the one due Sat 21 16:00; more than 3 a day on Fri 20 Nov (4)."}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("a dose too many:\n got %q\nwant %q", got, want)
	}
}

// TestBreachTableIsTheJudgement: for random nights of doses, the report's
// "Doses outside the limits" rows are exactly the judgement's breaches in
// its window, and the dose table marks exactly those doses.
func TestBreachTableIsTheJudgement(t *testing.T) {
	fam := medbot.DefaultFamily()
	fam.Zone = london
	fam.Children = []medbot.Child{{Name: "Rory"}}
	r := rand.New(rand.NewPCG(3, 5))
	from := time.Date(2026, 11, 20, 0, 0, 0, 0, london)
	o := Options{Family: fam, From: from, To: from.Add(48 * time.Hour)}
	for n := 0; n < 10000; n++ {
		m := fam.Medications[n%2] // paracetamol, ibuprofen
		var obs []medbot.Observation
		for i := 0; i < 1+r.IntN(8); i++ {
			obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: m.Name, MessageID: int64(i + 1),
				At: from.Add(time.Duration(r.IntN(60*60)-12*60) * time.Minute)})
		}
		slices.SortFunc(obs, func(a, b medbot.Observation) int { return a.At.Compare(b.At) })
		ch := childrenOf(obs, o)[0]
		j := medbot.JudgeDoses(m, obs, o.To, london)
		var want, got []string
		marked := map[int64]bool{}
		for _, br := range j.Breaches {
			if !br.Dose.At.Before(o.From) {
				want = append(want, br.Dose.At.String()+" "+br.Rule.String())
				marked[br.Dose.MessageID] = true
			}
		}
		for _, b := range ch.Breaches {
			got = append(got, b.At.String()+" "+b.Rule)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("night %d: table %q, judgement %q", n, got, want)
		}
		k := 0
		for _, ob := range obs {
			if ob.At.Before(o.From) {
				continue
			}
			if ch.Doses[k].Breach != marked[ob.MessageID] {
				t.Fatalf("night %d: dose at %v marked %v, judgement %v", n, ob.At, ch.Doses[k].Breach, marked[ob.MessageID])
			}
			k++
		}
	}
}

// TestMilligrams: doses in mg only where the family said how strong the
// medicine is; nothing guessed.
func TestMilligrams(t *testing.T) {
	calpol := medbot.Medicine{Name: "paracetamol", StrengthMg: 120, StrengthML: 5}
	for _, c := range []struct {
		o    medbot.Observation
		m    medbot.Medicine
		want float64
	}{
		{medbot.Observation{Dose: 5, HasDose: true, Unit: "ml"}, calpol, 120},
		{medbot.Observation{Dose: 250, HasDose: true, Unit: "mg"}, medbot.Medicine{}, 250},
		{medbot.Observation{Dose: 5, HasDose: true, Unit: "ml"}, medbot.Medicine{Name: "ibuprofen"}, 0},
		{medbot.Observation{}, calpol, 0},
	} {
		if got := milligrams(c.o, c.m); got != c.want {
			t.Errorf("milligrams(%+v, %+v) = %v, want %v", c.o, c.m, got, c.want)
		}
	}
}
