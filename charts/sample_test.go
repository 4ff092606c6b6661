package charts_test

import (
	"math"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
)

var london, _ = time.LoadLocation("Europe/London")

// sampleChildren are the children of sample, in the family's order.
var sampleChildren = []string{"Freya", "Zoë"}

// options are the charts' options for sample at now: both children, the
// fever medicines marked.
func options(now time.Time) charts.Options {
	return charts.Options{Now: now, Zone: london, Children: sampleChildren, Marked: []string{"paracetamol", "ibuprofen"}}
}

// sample is two children with a reading every 2 hours over 72 h, SpO2 and
// heart rate, and antipyretic doses: the benchmark load.
func sample(now time.Time) []medbot.Observation {
	var out []medbot.Observation
	for i, name := range sampleChildren {
		for h := 70; h >= 0; h -= 2 {
			if i == 1 && h > 30 && h < 42 {
				continue // a gap overnight
			}
			at := now.Add(-time.Duration(h)*time.Hour - time.Duration(i*17)*time.Minute)
			v := 37.6 + 1.3*math.Sin(float64(h)/7+float64(i)) + 0.1*float64(h%3)
			out = append(out,
				medbot.Observation{Kind: medbot.Temperature, Child: name, At: at, Value: math.Round(v*10) / 10},
				medbot.Observation{Kind: medbot.SpO2, Child: name, At: at, Value: float64(95 - (h+i)%5)},
				medbot.Observation{Kind: medbot.HeartRate, Child: name, At: at, Value: float64(110 + (h*7+i*13)%40)})
			if h%8 == 0 {
				med := "paracetamol"
				if h%16 == 0 {
					med = "ibuprofen"
				}
				out = append(out, medbot.Observation{Kind: medbot.Medication, Child: name, At: at.Add(5 * time.Minute), Name: med, Dose: 5, HasDose: true, Unit: "ml"})
			}
		}
	}
	return out
}
