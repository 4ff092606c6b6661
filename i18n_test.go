package medbot_test

import (
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestWhenInEachLanguage: a time with its day reads as each language says
// it: English puts the day after the time, German before "um".
func TestWhenInEachLanguage(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, berlin)
	today, yesterday, friday := now.Add(-3*time.Hour), now.Add(-14*time.Hour), time.Date(2026, 12, 4, 4, 56, 0, 0, berlin)
	en, de := medbot.Units{}, medbot.Units{Lang: "de"}
	for _, c := range []struct{ got, want string }{
		{en.F(" at %s", en.WhenShort(today, now, berlin)), " at 07:00"},
		{en.F(" at %s", en.WhenShort(yesterday, now, berlin)), " at 20:00 yesterday"},
		{en.F(" at %s", en.WhenShort(friday, now, berlin)), " at 04:56 Fri"},
		{en.F("%s at %s", "38.4 °C", en.When(friday, now, berlin)), "38.4 °C at Fri 4 Dec 04:56"},
		{de.F(" at %s", de.WhenShort(today, now, berlin)), " um 07:00"},
		{de.F(" at %s", de.WhenShort(yesterday, now, berlin)), " gestern um 20:00"},
		{de.F(" at %s", de.WhenShort(friday, now, berlin)), " am Fr um 04:56"},
		{de.F("%s at %s", "38,4 °C", de.When(friday, now, berlin)), "38,4 °C am Fr 4. Dez um 04:56"},
		{de.F("%s at %s", "38,4 °C", de.When(now.Add(14*time.Hour), now, berlin)), "38,4 °C morgen um 00:00"},
		// an abbreviation's point is not doubled by the sentence's
		{de.F("Next from %s.", de.Span(2*time.Hour)), "Nächste ab 2 Std."},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}

// TestAmountInEachLanguage: a dose's unit, one or more, in each language
// ("1 suppository", not "1 suppositorie").
func TestAmountInEachLanguage(t *testing.T) {
	en, de := medbot.Units{}, medbot.Units{Lang: "de"}
	for _, c := range []struct{ got, want string }{
		{en.Amount(1, "puffs"), "1 puff"}, {en.Amount(2, "puffs"), "2 puffs"}, {en.Amount(1, "suppositories"), "1 suppository"},
		{en.Amount(7.5, "ml"), "7.5 ml"}, {en.Amount(0.5, "tablets"), "0.5 tablets"}, {en.Amount(3, ""), "3"},
		{de.Amount(1, "puffs"), "1 Hub"}, {de.Amount(2, "puffs"), "2 Hübe"}, {de.Amount(1, "tablets"), "1 Tablette"},
		{de.Amount(7.5, "ml"), "7,5 ml"}, {de.Amount(1, "sachets"), "1 Beutel"}, {de.Amount(125, "mg"), "125 mg"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
