package timeline_test

import (
	"time"

	"github.com/medbot/medbot"
)

var london, _ = time.LoadLocation("Europe/London")

// colours are the medicines' and events' colours of the samples.
var colours = map[string]string{"paracetamol": "#0072B2", "ibuprofen": "#D55E00", "cough": "#8C6D1F", "sleep": "#3969AC", "salbutamol": "#56B4E9"}

// sample is 40 of Zoë's records over 24 h, some within minutes of each
// other, and the label text each must get.
func sample(now time.Time) ([]medbot.Observation, []string) {
	kinds := []struct {
		o    medbot.Observation
		text string
	}{
		{medbot.Observation{Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"}, "Paracetamol 5 ml"},
		{medbot.Observation{Kind: medbot.Temperature, Value: 38.4, Sender: "Mum"}, "38.4 °C"},
		{medbot.Observation{Kind: medbot.Medication, Name: "ibuprofen", Dose: 7.5, HasDose: true, Unit: "ml", Sender: "Mum"}, "Ibuprofen 7.5 ml"},
		{medbot.Observation{Kind: medbot.Event, Name: "cough", Text: "coughing fit", Sender: "Zoë"}, "Cough"},
		{medbot.Observation{Kind: medbot.Event, Name: "sleep", Text: "asleep", Sender: "Dad"}, "Sleep"},
		{medbot.Observation{Kind: medbot.SpO2, Value: 94, Sender: "Mum"}, "SpO2 94 %"},
		{medbot.Observation{Kind: medbot.Medication, Name: "salbutamol", Dose: 4, HasDose: true, Unit: "puffs", Sender: "Łucja"}, "Salbutamol 4 puffs"},
		{medbot.Observation{Kind: medbot.Note, Text: "vomited after breakfast, twice, change of bedding needed", Sender: "Dad"}, "Note: vomited after breakfast, twice, change of bedding needed"},
	}
	var obs []medbot.Observation
	var texts []string
	for i := 0; i < 40; i++ {
		k := kinds[i%len(kinds)]
		at := now.Add(-23*time.Hour + time.Duration(i)*33*time.Minute)
		if i%7 == 3 {
			at = now.Add(-23*time.Hour + time.Duration(i-1)*33*time.Minute + 3*time.Minute)
		}
		o := k.o
		o.Child, o.At = "Zoë", at
		obs = append(obs, o)
		texts = append(texts, k.text)
	}
	return obs, texts
}
