package timeline_test

import (
	"bytes"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/charts/chartstest"
	"github.com/medbot/medbot/timeline"
)

var now = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

func TestPlanKeepsEveryRecord(t *testing.T) {
	obs, texts := sample(now)
	pic := timeline.Plan(obs, timeline.Options{Child: "Zoë", Now: now, Zone: london, Colours: colours})
	if pic.Height() > 1600 || pic.Height() < 700 {
		t.Errorf("height %d", pic.Height())
	}
	all := strings.Join(pic.Lines(), "\n")
	// every record appears in some label (merged or not)
	counts := map[string]int{}
	for _, text := range texts {
		counts[text]++
	}
	for text, n := range counts {
		if got := strings.Count(all, text); got < n && !strings.Contains(all, "…") {
			t.Errorf("%q appears %d times, want %d", text, got, n)
		}
	}
}

func TestMergeFewMinutes(t *testing.T) {
	// records of one minute share a line, each with its own sender;
	// records minutes apart keep their own lines and times (once,
	// "13:10 39.0 °C, 38.5 °C" hid that 38.5 was at 13:13)
	obs := []medbot.Observation{
		{Child: "Rory", At: now.Add(-2 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"},
		{Child: "Rory", At: now.Add(-2*time.Hour + 20*time.Second), Kind: medbot.Medication, Name: "ibuprofen", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"},
		{Child: "Rory", At: now.Add(-2*time.Hour + 30*time.Second), Kind: medbot.Temperature, Value: 38.4, Sender: "Mum"},
		{Child: "Rory", At: now.Add(-2*time.Hour + 3*time.Minute), Kind: medbot.Temperature, Value: 38.5, Sender: "Dad"},
		{Child: "Rory", At: now.Add(-1 * time.Hour), Kind: medbot.Event, Name: "sleep", Text: "asleep", Sender: "Mum"},
		{Child: "Freya", At: now.Add(-1 * time.Hour), Kind: medbot.Event, Name: "cough", Sender: "Mum"}, // another child's
	}
	pic := timeline.Plan(obs, timeline.Options{Child: "Rory", Now: now, Zone: london, Colours: colours})
	got := pic.Lines()
	want := []string{"12:05 Paracetamol 5 ml, Ibuprofen 5 ml (Dad), 38.4 °C (Mum)", "12:08 38.5 °C (Dad)", "13:05 Sleep (Mum)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", got, want)
	}
}

// TestDrawing checks on a recorder that every label is drawn once, in
// time order, and that each record's marker is drawn in its colour.
func TestDrawing(t *testing.T) {
	obs := []medbot.Observation{
		{Child: "Zoë", At: now.Add(-20 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"},
		{Child: "Zoë", At: now.Add(-19*time.Hour - 50*time.Minute), Kind: medbot.Medication, Name: "ibuprofen", Dose: 5, HasDose: true, Unit: "ml", Sender: "Łucja"},
		{Child: "Zoë", At: now.Add(-3 * time.Hour), Kind: medbot.Temperature, Value: 39.2, Sender: "Mum"},
		{Child: "Zoë", At: now.Add(-1 * time.Hour), Kind: medbot.Event, Name: "sleep", Sender: "Mum"},
	}
	o := timeline.Options{Child: "Zoë", Now: now, Zone: london, Colours: colours}
	pic := timeline.Plan(obs, o)
	rec := &recorder.Canvas{}
	pic.Draw(draw.NewCanvas(rec, charts.Px(1080), charts.Px(float64(pic.Height()))))
	var texts []string
	var fills []color.Color
	var col color.Color
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			col = a.Color
		case *recorder.FillString:
			texts = append(texts, a.String)
		case *recorder.Fill:
			fills = append(fills, col)
		}
	}
	joined := strings.Join(texts, "\n")
	order := []string{"Zoë, last 24 hours", "18:05 Paracetamol 5 ml (Dad)", "18:15 Ibuprofen 5 ml (Łucja)", "11:05", "39.2 °C", "13:05 Sleep (Mum)", "Colours:"}
	last := -1
	for _, s := range order {
		i := strings.Index(joined, s)
		if i < 0 || strings.Count(joined, s) != 1 {
			t.Fatalf("%q drawn %d times:\n%s", s, strings.Count(joined, s), joined)
		}
		if i < last {
			t.Errorf("%q out of order", s)
		}
		last = i
	}
	for _, hex := range []string{"#0072B2", "#D55E00", "#3969AC"} {
		want := charts.ParseHex(hex)
		n := 0
		for _, f := range fills {
			if r, g, b, _ := f.RGBA(); r>>8 == uint32(want.R) && g>>8 == uint32(want.G) && b>>8 == uint32(want.B) {
				n++
			}
		}
		if n < 2 { // the record's marker and its legend swatch
			t.Errorf("colour %s filled %d times", hex, n)
		}
	}
}

func TestEmptyAndPNG(t *testing.T) {
	b, err := timeline.Render(nil, timeline.Options{Child: "Rory", Now: now, Zone: london})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	obs, _ := sample(now)
	b, err = timeline.Render(obs, timeline.Options{Child: "Zoë", Now: now, Zone: london, Colours: colours})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 1080 || img.Bounds().Dy() > 1600 || len(b) > 200<<10 {
		t.Errorf("%v, %d bytes", img.Bounds(), len(b))
	}
}

// BenchmarkTimeline40 renders a timeline of 40 items.
func BenchmarkTimeline40(b *testing.B) {
	obs, _ := sample(now)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := timeline.Render(obs, timeline.Options{Child: "Zoë", Now: now, Zone: london, Colours: colours}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFeverBoldRedOnly: readings of 38 °C or more are drawn bold red
// wherever they stand, alone or sharing a line, and only they.
func TestFeverBoldRedOnly(t *testing.T) {
	obs := []medbot.Observation{
		{Child: "Rory", At: now.Add(-5 * time.Hour), Kind: medbot.Temperature, Value: 36.9, Sender: "Mum"},
		{Child: "Rory", At: now.Add(-3 * time.Hour), Kind: medbot.Temperature, Value: 38.9, Sender: "Dad"},
		{Child: "Rory", At: now.Add(-3 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad"},
		{Child: "Rory", At: now.Add(-1 * time.Hour), Kind: medbot.Temperature, Value: 38.0, Sender: "Mum"},
	}
	pic := timeline.Plan(obs, timeline.Options{Child: "Rory", Now: now, Zone: london, Colours: colours})
	rec := &recorder.Canvas{}
	pic.Draw(draw.NewCanvas(rec, charts.Px(1080), charts.Px(float64(pic.Height()))))
	red := map[string]bool{}
	seen := map[string]bool{}
	for _, d := range chartstest.Strings(rec.Actions) {
		r, g, b, _ := d.Col.RGBA()
		seen[d.S] = true
		red[d.S] = r>>8 > 0x80 && g>>8 < 0x60 && b>>8 < 0x60
	}
	for text, fever := range map[string]bool{"36.9 °C": false, "38.9 °C": true, "38.0 °C": true} {
		var found bool
		for s, isRed := range red {
			if strings.Contains(s, text) {
				found = true
				if isRed != fever {
					t.Errorf("%q drawn red=%v, want %v", s, isRed, fever)
				}
			}
		}
		if !found {
			t.Errorf("%q not drawn: %v", text, seen)
		}
	}
}

// TestNoTextOverMarkers: no label or axis text of a timeline is drawn over
// a record's marker, also with many records in one minute.
func TestNoTextOverMarkers(t *testing.T) {
	obs, _ := sample(now)
	for k := 0; k < 9; k++ { // nine records in one minute
		obs = append(obs, medbot.Observation{Child: "Zoë", At: now.Add(-2 * time.Hour), Kind: medbot.Event, Name: "cough", Sender: "Mum"},
			medbot.Observation{Child: "Zoë", At: now.Add(-2 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: float64(k + 1), HasDose: true, Unit: "ml", Sender: "Dad"})
	}
	pic := timeline.Plan(obs, timeline.Options{Child: "Zoë", Now: now, Zone: london, Colours: colours})
	rec := &recorder.Canvas{}
	pic.Draw(draw.NewCanvas(rec, charts.Px(1080), charts.Px(float64(pic.Height()))))
	texts, marks := chartstest.TextAndMarks(rec.Actions, charts.Px(40))
	if len(marks) < 40 {
		t.Fatalf("only %d markers recorded", len(marks))
	}
	for _, e := range chartstest.TextOverMarks(texts, marks) {
		t.Error(e)
	}
}

// TestBreachMarked: a dose outside the family's limits says which limit,
// in bold red, on its line; the dose before it, within them, does not.
func TestBreachMarked(t *testing.T) {
	para := medbot.Medicine{Name: "paracetamol", MinInterval: 4 * time.Hour, MaxPer24h: 4}
	obs := []medbot.Observation{
		{Child: "Rory", At: now.Add(-3 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Mum", MessageID: 1},
		{Child: "Rory", At: now.Add(-1 * time.Hour), Kind: medbot.Medication, Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad", MessageID: 2},
	}
	pic := timeline.Plan(obs, timeline.Options{Child: "Rory", Now: now, Zone: london, Colours: colours, Medicines: []medbot.Medicine{para}})
	lines := pic.Lines()
	if len(lines) != 2 || strings.Contains(lines[0], "too soon") || !strings.Contains(lines[1], "Paracetamol 5 ml – too soon (Dad)") {
		t.Fatalf("lines %q", lines)
	}
	rec := &recorder.Canvas{}
	pic.Draw(draw.NewCanvas(rec, charts.Px(1080), charts.Px(float64(pic.Height()))))
	found := false
	for _, d := range chartstest.Strings(rec.Actions) {
		if strings.Contains(d.S, "too soon") {
			r, g, b, _ := d.Col.RGBA()
			found = r>>8 > 0x80 && g>>8 < 0x60 && b>>8 < 0x60
		}
	}
	if !found {
		t.Error("'too soon' not drawn in red")
	}
}
