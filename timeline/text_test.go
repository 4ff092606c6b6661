package timeline_test

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/timeline"
)

// TestAnyTextRenders: emoji in a parent's Signal
// name or a note, right-to-left text and combining marks never fail the
// timeline, and the rest of the label is still drawn.
func TestAnyTextRenders(t *testing.T) {
	odd := []string{"Mum 💕", "أمي", "אבא", "Zoë", "e\u0301\u0301\u0301", "👨‍👩‍👧", "\u200f\u202e", "𝔐𝔲𝔪", strings.Repeat("🤒", 200)}
	var obs []medbot.Observation
	for i, s := range odd {
		at := now.Add(-time.Duration(20-i) * time.Hour)
		obs = append(obs,
			medbot.Observation{Child: "Rory", At: at, Kind: medbot.Temperature, Value: 38.1, Sender: s},
			medbot.Observation{Child: "Rory", At: at.Add(20 * time.Minute), Kind: medbot.Event, Name: "note", Text: "woke up " + s + " coughing", Sender: "Dad"},
			medbot.Observation{Child: "Rory", At: at.Add(40 * time.Minute), Kind: medbot.Medication, Name: "calpol " + s, Dose: 5, HasDose: true, Unit: "ml", Sender: s},
		)
	}
	o := timeline.Options{Child: "Rory", Now: now, Zone: london, Colours: colours}
	b, err := timeline.Render(obs, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(timeline.Plan(obs, o).Lines(), "\n")
	if !strings.Contains(all, "Note (Dad)") || !strings.Contains(all, "38.1 °C (Mum") || !strings.Contains(all, "Calpol") {
		t.Errorf("labels lost their plain text:\n%s", all)
	}
	if p := os.Getenv("MEDBOT_LOOK"); p != "" {
		os.WriteFile(p, b, 0o600)
	}
}
