package report

import (
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/charts/report/reporttest"
	"github.com/medbot/medbot/timeline"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
)

// pdfText reads the text of a PDF this package wrote.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	s, err := reporttest.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAnyTextInAnyPage: emoji (in a child's name, a parent's Signal name, a
// note, a medicine), right-to-left text and combining marks never fail the
// report, the charts or the timeline; the report marks what its font could
// not show, and says so.
func TestAnyTextInAnyPage(t *testing.T) {
	fam := medbot.DefaultFamily()
	fam.Zone = time.UTC
	fam.Children = []medbot.Child{{Name: "Zoë 🦄"}}
	fam.Medications = append(fam.Medications, medbot.Medicine{Name: "calm 🌙 drops"})
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	z := "Zoë 🦄"
	obs := []medbot.Observation{
		{Kind: medbot.Temperature, Child: z, At: now.Add(-5 * time.Hour), Value: 38.5, Sender: "Mum 💕"},
		{Kind: medbot.SpO2, Child: z, At: now.Add(-5 * time.Hour), Value: 96, Sender: "أبي"},
		{Kind: medbot.HeartRate, Child: z, At: now.Add(-4 * time.Hour), Value: 130, Sender: "Dad 👨‍👧"},
		{Kind: medbot.Medication, Child: z, At: now.Add(-4 * time.Hour), Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml", Sender: "Dad 👨‍👧", MessageText: "calpol 5ml 🙏", MessageID: 1},
		{Kind: medbot.Medication, Child: z, At: now.Add(-2 * time.Hour), Name: "calm 🌙 drops", Sender: "Mum 💕", MessageID: 2},
		{Kind: medbot.Event, Child: z, At: now.Add(-3 * time.Hour), Name: "vomit", Text: "sick 🤮 after milk", Sender: "Mum 💕"},
		{Kind: medbot.Note, Child: z, At: now.Add(-2 * time.Hour), Text: "مرحبا e\u0301 🤒 \u200b", Sender: "Dad 👨‍👧"},
		{Kind: medbot.Note, At: now.Add(-time.Hour), Text: "🏥 GP 10:40 ✅", Sender: "Mum 💕"},
	}
	b, err := PDF(obs, Options{From: now.Add(-24 * time.Hour), To: now, Generated: now, Family: fam})
	if err != nil {
		t.Fatalf("the report failed on text: %v", err)
	}
	text := pdfText(t, b)
	for _, want := range []string{"Zoë □", "Mum □", "Dad □", "sick □ after milk", "stands for characters this report's font cannot show"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "💕") || strings.Contains(text, "\u200d") {
		t.Errorf("an emoji reached the PDF")
	}
	o := charts.Options{Now: now, Window: 24 * time.Hour, Zone: time.UTC, Children: []string{z}, Marked: fam.Antipyretics(), Medicines: fam.Medications}
	if _, err := charts.Temperature(obs, o); err != nil {
		t.Errorf("temperature chart: %v", err)
	}
	if _, err := charts.Vitals(obs, o); err != nil {
		t.Errorf("vitals chart: %v", err)
	}
	if _, err := timeline.Render(obs, timeline.Options{Child: z, Now: now, Zone: time.UTC, Colours: fam.Colours(), Medicines: fam.Medications}); err != nil {
		t.Errorf("timeline: %v", err)
	}
	// plain text is left alone, and says nothing of replacements
	plain := obs[0]
	plain.Child, plain.Sender = "Zoë", "Łucja"
	b, err = PDF([]medbot.Observation{plain}, Options{From: now.Add(-24 * time.Hour), To: now, Generated: now, Family: medbot.Family{Zone: time.UTC, Children: []medbot.Child{{Name: "Zoë"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b); !strings.Contains(text, "Łucja") || strings.Contains(text, "stands for characters") {
		t.Errorf("a plain report:\n%s", text)
	}
	if s, changed := printable("Zoë Łucja ½ 38.4 °C"); changed || s != "Zoë Łucja ½ 38.4 °C" {
		t.Errorf("printable changed plain text: %q", s)
	}
}

// TestZoneLabel: the machine's own zone is named by its abbreviation and
// offset, never "Local".
func TestZoneLabel(t *testing.T) {
	at := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	if got := zoneLabel(london, at); got != "Europe/London" {
		t.Errorf("London: %q", got)
	}
	if got := zoneLabel(time.FixedZone("", -(3*3600+1800)), at); got != "UTC-03:30" {
		t.Errorf("an unnamed zone: %q", got)
	}
	if got := zoneLabel(time.FixedZone("", 0), at); got != "UTC" {
		t.Errorf("an unnamed zone at UTC: %q", got)
	}
	if got := zoneLabel(time.Local, at); got == "Local" || got == "" || !strings.Contains(got, "UTC") && !strings.Contains(got, "GMT") && time.Local.String() == "Local" {
		t.Errorf("this machine's zone: %q", got)
	}
}

// TestRowHeightIsWhatIsDrawn: a cell that MultiCell draws on one line
// makes a one-line row (the row used to be measured 2 mm narrower than it
// is drawn, and "beclometasone (brown inhaler)" left an empty line below).
func TestRowHeightIsWhatIsDrawn(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.AddPage()
	pdf.SetFont("sans", "", 9)
	widths := []float64{34, 46, 40, 26, 34}
	row := []string{"Sat 5 Dec 01:46", "beclometasone (brown inhaler)", "2 puffs", "Mum", "1"}
	if n := rowLines(pdf, widths, row); n != 1 {
		t.Errorf("%d lines for a row that fits on one", n)
	}
	row[1] = "beclometasone (brown inhaler, the one from the ward)"
	if n := rowLines(pdf, widths, row); n != 2 {
		t.Errorf("%d lines for a row that wraps once", n)
	}
}
