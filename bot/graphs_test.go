package bot_test

import (
	"math"
	"runtime"
	"runtime/metrics"
	"sort"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// benchData is the load: two children with a reading every 2 hours
// over 72 h, SpO2 and heart rate, paracetamol every 6 h, and 40 records
// each in the timeline's last 24 h.
func benchData(now time.Time) (bot.GraphRequest, []medbot.Observation) {
	req := bot.GraphRequest{Now: now, Window: 72 * time.Hour, Timeline: 24 * time.Hour, Children: []string{"Freya", "Rory"}}
	var obs []medbot.Observation
	for i, name := range req.Children {
		for h := 72; h > 24; h -= 2 {
			at := now.Add(-time.Duration(h) * time.Hour)
			obs = append(obs,
				medbot.Observation{Kind: medbot.Temperature, Child: name, At: at, Value: 37.5 + math.Round(10*math.Sin(float64(h+i)/5))/10},
				medbot.Observation{Kind: medbot.SpO2, Child: name, At: at, Value: 94},
				medbot.Observation{Kind: medbot.HeartRate, Child: name, At: at, Value: 120})
			if h%6 == 0 {
				obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: name, At: at, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"})
			}
		}
		kinds := []medbot.Observation{
			{Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml"},
			{Kind: medbot.Temperature, Value: 38.4},
			{Kind: medbot.Medication, Name: "ibuprofen", Dose: 7.5, HasDose: true, Unit: "ml"},
			{Kind: medbot.Event, Name: "cough", Text: "coughing fit"},
			{Kind: medbot.Event, Name: "sleep"},
			{Kind: medbot.SpO2, Value: 94},
		}
		for k := 0; k < 40; k++ {
			o := kinds[k%len(kinds)]
			o.Child, o.Sender, o.At = name, "Mum", now.Add(-23*time.Hour+time.Duration(k)*34*time.Minute)
			obs = append(obs, o)
		}
	}
	sort.SliceStable(obs, func(a, b int) bool { return obs[a].At.Before(obs[b].At) })
	return req, obs
}

func TestGraphsSizes(t *testing.T) {
	fam := testFamily()
	req, obs := benchData(time.Now())
	imgs, err := bot.Graphs(obs, req, &fam, medbot.Units{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 4 {
		t.Fatalf("%d images", len(imgs))
	}
	for _, im := range imgs {
		if len(im.PNG) > 200<<10 {
			t.Errorf("%s: %d bytes", im.Name, len(im.PNG))
		}
	}
}

// BenchmarkGraphsReply renders the whole graphs reply: temperature,
// vitals and two timelines, concurrently (target: median at most 100 ms,
// peak memory under 60 MB).
func BenchmarkGraphsReply(b *testing.B) {
	fam := testFamily()
	req, obs := benchData(time.Now())
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go samplePeakHeap(stop, peak)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bot.Graphs(obs, req, &fam, medbot.Units{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MB")
}

// samplePeakHeap reports the largest heap in use (live and not yet
// collected objects) seen until stop closes.
func samplePeakHeap(stop <-chan struct{}, out chan<- uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var max uint64
	t := time.NewTicker(200 * time.Microsecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			out <- max
			return
		case <-t.C:
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > max {
				max = v
			}
		}
	}
}
