package report

import (
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestGermanReport: a German family's report is in German, headings,
// tables, summary and footer, with German numbers and dates; no English
// heading is left.
func TestGermanReport(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	fam := medbot.DefaultFamily()
	fam.Zone, fam.Language = berlin, "de"
	fam.Medications, fam.Events = medbot.DefaultMedicationsFor("de"), medbot.DefaultEventsFor("de")
	fam.Children = []medbot.Child{{Name: "Mia", Born: time.Date(2021, 3, 9, 0, 0, 0, 0, berlin)}}
	for i := range fam.Medications {
		if fam.Medications[i].Name == "amoxicillin" {
			fam.Medications[i].Schedule = &medbot.Schedule{PerDay: 3, Every: 8 * time.Hour, Days: 7, Text: "3/day for 7 days"}
		}
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	obs := []medbot.Observation{
		{Kind: medbot.Temperature, Child: "Mia", At: now.Add(-30 * time.Hour), Value: 38.9, Sender: "Papa"},
		{Kind: medbot.Temperature, Child: "Mia", At: now.Add(-5 * time.Hour), Value: 37.6, Sender: "Mama"},
		{Kind: medbot.SpO2, Child: "Mia", At: now.Add(-5 * time.Hour), Value: 96, Sender: "Mama"},
		{Kind: medbot.Medication, Child: "Mia", At: now.Add(-29 * time.Hour), Name: "paracetamol", Dose: 7.5, HasDose: true, Unit: "ml", Sender: "Papa", MessageText: "ben-u-ron 7,5 ml Mia", MessageID: 1},
		{Kind: medbot.Medication, Child: "Mia", At: now.Add(-28 * time.Hour), Name: "paracetamol", Dose: 7.5, HasDose: true, Unit: "ml", Sender: "Mama", MessageText: "ben-u-ron 7,5 ml Mia", MessageID: 2},
		{Kind: medbot.Medication, Child: "Mia", At: now.Add(-20 * time.Hour), Name: "amoxicillin", Dose: 5, HasDose: true, Unit: "ml", Sender: "Mama", MessageText: "Amoxicillin 5 ml Mia", MessageID: 3},
		{Kind: medbot.Event, Child: "Mia", At: now.Add(-3 * time.Hour), Name: "vomit", Text: "hat gebrochen", Sender: "Mama"},
		{Kind: medbot.Note, At: now.Add(-time.Hour), Text: "Kinderärztin sagt viel trinken", Sender: "Mama"},
	}
	b, err := PDF(obs, Options{From: now.Add(-72 * time.Hour), To: now, Generated: now, Family: fam, Units: medbot.Units{Lang: "de"}})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, want := range []string{
		"Zeitraum: Di 17. Nov 13:00 bis Fr 20. Nov 13:00 (Europe/Berlin)",
		"Geboren 9. Mär 2021, 5 Jahre alt am Ende dieses Zeitraums.",
		"Fieber und Kuren", "Fieber von Do 19. 07:00 bis Do 19. 07:00", "höchste 38,9 °C am Do 19. um 07:00",
		"Amoxicillin (3/Tag für 7 Tage): Tag 2 von 7; 1 Dosis gegeben, bisher 2 fällig",
		"Dosen außerhalb der Grenzen", "zu früh", "1 Std. nach der Dosis um",
		"Paracetamol (ben-u-ron)", "7,5 ml", "Messwerte", "38,9 °C (Fieber)", "SpO2 96 %",
		"Ereignisse und Notizen", "Erbrechen: hat gebrochen", "Notiz der Familie: Kinderärztin sagt viel trinken",
		"medizinische Beratung", "Seite 1 von",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the German report lacks %q", want)
		}
	}
	for _, english := range []string{"Period", "Fever and courses", "Doses outside", "Readings", "Events and notes", "Written by", "Given by", "Not medical advice", "page 1", "Temperature", "highest", " at "} {
		if strings.Contains(text, english) {
			t.Errorf("the German report holds English %q", english)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}
