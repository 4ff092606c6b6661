package charts_test

import (
	"testing"

	"github.com/medbot/medbot/charts"
)

// BenchmarkTemperature renders the temperature chart for two children with
// a reading every 2 hours over 72 h (target: at most 20 ms).
func BenchmarkTemperature(b *testing.B) {
	data := sample(now)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := charts.Temperature(data, options(now)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVitals renders the SpO2 and heart-rate panels.
func BenchmarkVitals(b *testing.B) {
	data := sample(now)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := charts.Vitals(data, options(now)); err != nil {
			b.Fatal(err)
		}
	}
}
