package charts_test

import (
	"math"
	"time"

	"github.com/medbot/medbot/charts"
)

var london, _ = time.LoadLocation("Europe/London")

// sample is two children with a reading every 2 hours over 72 h, SpO2 and
// heart rate, and antipyretic doses: the benchmark load.
func sample(now time.Time) []charts.Child {
	var out []charts.Child
	for i, name := range []string{"Freya", "Zoë"} {
		ch := charts.Child{Name: name}
		for h := 70; h >= 0; h -= 2 {
			if i == 1 && h > 30 && h < 42 {
				continue // a gap overnight
			}
			at := now.Add(-time.Duration(h)*time.Hour - time.Duration(i*17)*time.Minute)
			v := 37.6 + 1.3*math.Sin(float64(h)/7+float64(i)) + 0.1*float64(h%3)
			ch.Temps = append(ch.Temps, charts.Point{At: at, V: math.Round(v*10) / 10})
			ch.SpO2 = append(ch.SpO2, charts.Point{At: at, V: float64(95 - (h+i)%5)})
			ch.HR = append(ch.HR, charts.Point{At: at, V: float64(110 + (h*7+i*13)%40)})
			if h%8 == 0 {
				name := "paracetamol"
				if h%16 == 0 {
					name = "ibuprofen"
				}
				ch.Doses = append(ch.Doses, charts.Dose{At: at.Add(5 * time.Minute), Name: name})
			}
		}
		out = append(out, ch)
	}
	return out
}
