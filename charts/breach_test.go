package charts

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestRingsAreTheJudgement: for random nights of doses, the doses the
// temperature chart rings are exactly the judgement's breaches.
func TestRingsAreTheJudgement(t *testing.T) {
	zone, _ := time.LoadLocation("Europe/London")
	para := medbot.Medicine{Name: "paracetamol", MinInterval: 4 * time.Hour, MaxPer24h: 4}
	ibu := medbot.Medicine{Name: "ibuprofen", MinInterval: 6 * time.Hour, MaxPer24h: 3}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, zone)
	o := Options{Now: now, Zone: zone, Children: []string{"Rory"}, Marked: []string{"paracetamol", "ibuprofen"}, Medicines: []medbot.Medicine{para, ibu}}
	r := rand.New(rand.NewPCG(9, 9))
	for n := 0; n < 5000; n++ {
		var obs []medbot.Observation
		for i := 0; i < 1+r.IntN(8); i++ {
			m := o.Medicines[r.IntN(2)]
			obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", Name: m.Name, MessageID: int64(i + 1),
				At: now.Add(-time.Duration(r.IntN(48*60)) * time.Minute)})
		}
		type key struct {
			name string
			ms   int64
		}
		want := map[key]bool{}
		for _, m := range o.Medicines {
			for _, br := range medbot.JudgeDoses(m, obs, now, zone).Breaches {
				want[key{m.Name, br.Dose.At.UnixMilli()}] = true
			}
		}
		for _, d := range seriesOf(obs, o)[0].Doses {
			if w := want[key{d.Name, d.At.UnixMilli()}]; d.breach != w {
				t.Fatalf("night %d: dose %s at %v ringed %v, the judgement says %v", n, d.Name, d.At, d.breach, w)
			}
		}
	}
}
