package bot_test

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/config"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/timeline"
)

// benchData is the load: two children with a reading every 2 hours
// over 72 h, SpO2 and heart rate, and 40 timeline items each.
func benchData(now time.Time) bot.GraphData {
	d := bot.GraphData{Req: bot.GraphRequest{Now: now, Window: 72 * time.Hour, Timeline: 24 * time.Hour, Children: []string{"Freya", "Rory"}}, Timelines: map[string][]timeline.Item{}}
	texts := []string{"Paracetamol 5 ml", "38.4 °C", "Ibuprofen 7.5 ml", "Cough: coughing fit", "Sleep", "SpO2 94 %"}
	for i, name := range d.Req.Children {
		ch := charts.Child{Name: name}
		for h := 72; h > 0; h -= 2 {
			at := now.Add(-time.Duration(h) * time.Hour)
			ch.Temps = append(ch.Temps, charts.Point{At: at, V: 37.5 + math.Sin(float64(h+i)/5)})
			ch.SpO2 = append(ch.SpO2, charts.Point{At: at, V: 94})
			ch.HR = append(ch.HR, charts.Point{At: at, V: 120})
			if h%6 == 0 {
				ch.Doses = append(ch.Doses, charts.Dose{At: at, Name: "paracetamol"})
			}
		}
		for k := 0; k < 40; k++ {
			d.Timelines[name] = append(d.Timelines[name], timeline.Item{At: now.Add(-23*time.Hour + time.Duration(k)*34*time.Minute), Kind: timeline.Kind(k % 4), Name: fmt.Sprint("kind", k%6), Text: texts[k%len(texts)], Sender: "Mum", Colour: config.Palette[k%6]})
		}
		d.Charts = append(d.Charts, ch)
	}
	return d
}

func TestRenderGraphsSizes(t *testing.T) {
	cfg, _ := config.Parse([]byte(testConfig), "")
	imgs, err := bot.RenderGraphs(benchData(time.Now()), cfg)
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
	cfg, _ := config.Parse([]byte(testConfig), "")
	d := benchData(time.Now())
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go samplePeakHeap(stop, peak)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bot.RenderGraphs(d, cfg); err != nil {
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
