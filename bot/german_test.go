package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/parse"
)

// germanFamily is Mia and Jonas in Berlin, writing German.
func germanFamily(t *testing.T) medbot.Family {
	t.Helper()
	f := medbot.DefaultFamily()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	f.Zone = berlin
	f.Language = "de"
	f.Medications = medbot.DefaultMedicationsFor("de")
	f.Events = medbot.DefaultEventsFor("de")
	f.Children = []medbot.Child{{Name: "Mia"}, {Name: "Jonas"}}
	return f
}

// englishLeftovers are words of the English replies that no German reply
// holds.
var englishLeftovers = []string{" at ", "Reply", "Next", "next ", "recorded", "the ", " of ", "Sorry", "doses", "Commands", "last "}

// A German family reads medbot's replies in German: the dose checks, the
// answer to "darf Mia schon wieder…", status, help and undo.
func TestGermanReplies(t *testing.T) {
	c := newClockBot(t, germanFamily(t), medbot.Units{Lang: "de"}, time.Time{}, nil)
	steps := []struct{ at, text, reaction, want string }{
		{"2026-11-20 21:50", "Mia 38,5", bot.EmojiTemperature, ""},
		{"2026-11-20 22:00", "Nurofen 5 ml Mia", bot.EmojiMedication, ""},
		{"2026-11-20 23:00", "Mia Nurofen 5 ml", bot.EmojiMedication, "Zu früh: Mia hatte Ibuprofen um 22:00 (Mama), 1 Std. vor dieser Dosis; der eingestellte Abstand ist 6 Std."},
		{"2026-11-20 23:05", "darf Mia schon wieder Nurofen?", "", "Mia darf Ibuprofen ab "},
		{"2026-11-20 23:06", "Nurofen 5 ml", bot.EmojiWho, "Für wen ist das, Mia oder Jonas? Antworte auf diese Nachricht mit dem Namen."},
		{"2026-11-20 23:10", "Jonas Sättigung 93, Puls 150", bot.EmojiVitals, "Jonas: SpO2 93 %. "},
		{"2026-11-20 23:20", "status", "", "Mia: 38,5 °C um 21:50 (vor 1 Std. 30 Min.)"},
		{"2026-11-20 23:21", "hilfe", "", "Befehle: grafik, status, bericht, rückgängig."},
		{"2026-11-20 23:22", "grafik 200 Tage", "", "Ich kann bis zu 90 Tage zurückgehen: versucht grafik 90 Tage."},
		{"2026-11-20 23:23", "Jonas 39,2", bot.EmojiTemperature, ""},
		{"2026-11-20 23:24", "rückgängig", "", "Entfernt: Jonas 39,2 °C um 23:23."},
	}
	for _, s := range steps {
		c.at(s.at)
		n := len(c.tr.texts())
		c.say("Mama", s.text)
		c.b.Wait()
		got := strings.Join(c.tr.texts()[n:], "\n")
		if s.reaction != "" && c.lastReaction() != s.reaction {
			t.Errorf("%q: reaction %q, want %q", s.text, c.lastReaction(), s.reaction)
		}
		if !strings.Contains(got, s.want) {
			t.Errorf("%q: %q, want %q", s.text, got, s.want)
		}
		for _, w := range englishLeftovers {
			if strings.Contains(got, w) {
				t.Errorf("%q: %q holds English %q", s.text, got, w)
			}
		}
	}
	if got := c.records("Mia", medbot.Medication); len(got) != 2 {
		t.Errorf("Mia's doses: %d, want 2 (a question recorded one?)", len(got))
	}
}

// Every example German help gives is read by the German parser as a record.
func TestGermanHelpExamplesRecord(t *testing.T) {
	fam := germanFamily(t)
	c := newClockBot(t, fam, medbot.Units{Lang: "de"}, time.Time{}, nil)
	c.at("2026-11-20 10:00")
	c.say("Mama", "hilfe schreiben")
	c.b.Wait()
	p, err := parse.New(fam)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(c.lastSent(), "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		n++
		if obs := p.Parse(strings.TrimSpace(line), time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)); len(obs) == 0 {
			t.Errorf("help's example %q records nothing", line)
		}
	}
	if n < 8 {
		t.Errorf("%d examples in %q", n, c.lastSent())
	}
}

// Flags, courses, doubts and reminders in German: the facts and sources of
// the English ones, in German words.
func TestGermanFlagsCoursesAndReminders(t *testing.T) {
	f := germanFamily(t)
	f.Children[1].Born = time.Date(2026, 9, 15, 0, 0, 0, 0, f.Zone)
	for i := range f.Medications {
		switch f.Medications[i].Name {
		case "amoxicillin":
			f.Medications[i].Schedule = &medbot.Schedule{PerDay: 3, Every: 8 * time.Hour, Days: 7, Text: "3/day for 7 days"}
		case "ibuprofen":
			f.Medications[i].RemindNext = true
		}
	}
	c := newClockBot(t, f, medbot.Units{Lang: "de"}, time.Time{}, nil)
	steps := []struct{ at, text, want string }{
		{"2026-11-18 08:00", "Mia Amoxicillin 5 ml", ""},
		{"2026-11-18 16:00", "Mia Amoxicillin 5 ml", ""},
		{"2026-11-19 08:00", "Mia Amoxicillin 5 ml", ""},
		{"2026-11-20 08:00", "Jonas 38,2", "Jonas ist 9 Wochen alt und hat 38,2 °C: NICE führt 38 °C oder mehr unter 3 Monaten als rot."},
		{"2026-11-20 08:05", "Jonas Sättigung 91", "Jonas: SpO2 91 %. Die Fieberampel von NICE führt SpO2 ≤ 95 % an Raumluft bei einem Kind unter 5 als gelb."},
		{"2026-11-20 08:10", "um 25:00 38,5 Mia", "Nicht gespeichert: 25:00 ist keine Uhrzeit. Schick es noch einmal mit der Uhrzeit."},
		{"2026-11-20 08:11", "Mia Nurofen 5 ml", ""},
		{"2026-11-20 08:21", "Mia 38,8?", "38,8 °C für Mia eintragen? Antworte ja."},
		{"2026-11-20 08:22", "status Jonas", "⚑ 38,2 °C um 08:00 (NICE, rot)\n⚑ SpO2 91 % um 08:05 (NICE, gelb)"},
		{"2026-11-20 08:23", "status alle", "Im Blick: Amoxicillin: Dosis von gestern 16:00 nicht eingetragen"},
		{"2026-11-20 08:24", "hat Mia heute schon Amoxicillin bekommen?", "0 von 3 heute, nächste war fällig gestern 16:00"},
	}
	for _, s := range steps {
		c.at(s.at)
		n := len(c.tr.texts())
		c.say("Mama", s.text)
		c.b.Wait()
		got := strings.Join(c.tr.texts()[n:], "\n")
		if !strings.Contains(got, s.want) {
			t.Errorf("%q: %q, want %q", s.text, got, s.want)
		}
		for _, w := range englishLeftovers {
			if strings.Contains(got, w) {
				t.Errorf("%q: %q holds English %q", s.text, got, w)
			}
		}
	}
	c.at("2026-11-20 14:30")
	n := len(c.tr.texts())
	c.remind()
	got := strings.Join(c.sentSince(n), "\n")
	for _, want := range []string{"Ich warte noch auf ein Ja: 38,8 °C um 08:21.", "Mia darf ab jetzt wieder Ibuprofen (zuletzt um 08:11"} {
		if !strings.Contains(got, want) {
			t.Errorf("reminders %q lack %q", got, want)
		}
	}
}
