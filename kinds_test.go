package medbot_test

import (
	"testing"

	"github.com/medbot/medbot"
)

// TestKindsTable: every kind has what every package reads from it, and a
// kind outside the table fails loudly instead of storing zero or drawing
// blank.
func TestKindsTable(t *testing.T) {
	seen := map[medbot.Kind]bool{}
	for _, i := range medbot.Kinds {
		if seen[i.Kind] {
			t.Errorf("%s twice", i.Kind)
		}
		seen[i.Kind] = true
		if i.Name == "" || i.Label == "" || i.Emoji == "" || i.Class == 0 || i.Marker == 0 {
			t.Errorf("%s: incomplete %+v", i.Kind, i)
		}
		if i.Class == medbot.ReadingClass {
			if i.Unit == "" || i.Min >= i.Max || i.Colour == "" || !i.Plausible(i.Min) || i.Plausible(i.Max+1) {
				t.Errorf("%s: a reading needs a unit, a range and a colour: %+v", i.Kind, i)
			}
			if o := (medbot.Observation{Kind: i.Kind, Value: i.Min}); o.Describe() == string(i.Kind) {
				t.Errorf("%s: described by its bare kind", i.Kind)
			}
		}
	}
	for _, k := range []medbot.Kind{medbot.Temperature, medbot.SpO2, medbot.HeartRate, medbot.RespRate, medbot.Weight, medbot.Medication, medbot.Event, medbot.Note} {
		if !seen[k] {
			t.Errorf("%s is not in medbot.Kinds", k)
		}
	}
	if medbot.Kind("blood_pressure").Known() || medbot.Kind("blood_pressure").Reading() {
		t.Error("an unknown kind is known")
	}
	defer func() {
		if recover() == nil {
			t.Error("Info of an unknown kind did not panic")
		}
	}()
	medbot.Kind("blood_pressure").Info()
}

func TestKindValues(t *testing.T) {
	for _, tc := range []struct {
		o    medbot.Observation
		want string
	}{
		{medbot.Observation{Kind: medbot.Temperature, Value: 38.4}, "38.4 °C"},
		{medbot.Observation{Kind: medbot.SpO2, Value: 94}, "SpO2 94 %"},
		{medbot.Observation{Kind: medbot.HeartRate, Value: 130}, "heart rate 130 bpm"},
		{medbot.Observation{Kind: medbot.RespRate, Value: 45}, "breathing rate 45/min"},
		{medbot.Observation{Kind: medbot.Weight, Value: 14.2}, "weight 14.2 kg"},
	} {
		if got := tc.o.Describe(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.o.Kind, got, tc.want)
		}
	}
}
