package timeline_test

import (
	"time"

	"github.com/medbot/medbot/timeline"
)

var london, _ = time.LoadLocation("Europe/London")

// sample is 40 timeline items over 24 h, some within minutes of each other.
func sample(now time.Time) []timeline.Item {
	var items []timeline.Item
	kinds := []struct {
		kind        timeline.Kind
		name, text  string
		colour, who string
	}{
		{timeline.Dose, "paracetamol", "Paracetamol 5 ml", "#0072B2", "Dad"},
		{timeline.Temperature, "", "38.4 °C", "", "Mum"},
		{timeline.Dose, "ibuprofen", "Ibuprofen 7.5 ml", "#D55E00", "Mum"},
		{timeline.Event, "cough", "Coughing fit", "#8C6D1F", "Zoë"},
		{timeline.Event, "sleep", "Asleep", "#3969AC", "Dad"},
		{timeline.Vital, "spo2", "SpO2 94 %", "#11A579", "Mum"},
		{timeline.Dose, "salbutamol", "Salbutamol 4 puffs", "#56B4E9", "Łucja"},
		{timeline.Event, "vomit", "Vomited after breakfast, twice, change of bedding needed", "#7F3C8D", "Dad"},
	}
	for i := 0; i < 40; i++ {
		k := kinds[i%len(kinds)]
		at := now.Add(-23*time.Hour + time.Duration(i)*33*time.Minute)
		if i%7 == 3 {
			at = now.Add(-23*time.Hour + time.Duration(i-1)*33*time.Minute + 3*time.Minute)
		}
		items = append(items, timeline.Item{At: at, Kind: k.kind, Name: k.name, Text: k.text, Sender: k.who, Colour: k.colour})
	}
	return items
}
