package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// Behaviour a family night showed, one test each, on a bot with a clock.

// lastReaction is the bot's latest reaction.
func (c *clockBot) lastReaction() string {
	c.tr.mu.Lock()
	defer c.tr.mu.Unlock()
	if len(c.tr.reacs) == 0 {
		return ""
	}
	return c.tr.reacs[len(c.tr.reacs)-1]
}

// records returns child's records of kind, counted ones only.
func (c *clockBot) records(child string, kind medbot.Kind) []medbot.Observation {
	obs, err := c.st.Observations(context.Background(), medbot.Filter{Child: child, Kinds: []medbot.Kind{kind}})
	if err != nil {
		c.t.Fatal(err)
	}
	return obs
}

// lastQuestion is the timestamp of the bot's latest message, as a quote.
func (c *clockBot) lastQuote() *bot.Quoted {
	c.tr.mu.Lock()
	defer c.tr.mu.Unlock()
	return &bot.Quoted{Author: "medbot", SentMS: 9e12 + c.tr.ts}
}

// "who is this for?" is answered by anyone, whatever came between,
// stays open across a restart, is asked again once, and is in status.
func TestWhoQuestionStaysOpen(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 02:10")
	c.say("Mum", "she threw up")
	if !strings.HasPrefix(c.lastSent(), "Who is this for, Freya or Rory?") {
		t.Fatalf("asked %q", c.lastSent())
	}
	c.at("2026-11-20 02:12")
	c.say("Dad", "Rory asleep")
	if s := c.b.Status(context.Background(), nil); s == "" {
		t.Fatal("no status")
	}
	c.say("Dad", "status")
	if !strings.Contains(c.lastSent(), "1 record waiting for a name: vomit at 02:10. Reply to it with the name.") {
		t.Errorf("status: %q", c.lastSent())
	}
	// asked again once after 30 minutes, outside quiet hours
	c.at("2026-11-20 02:41")
	c.b.Remind(context.Background(), family)
	if !strings.HasPrefix(c.lastSent(), "Still waiting for a name: vomit at 02:10") {
		t.Errorf("not asked again: %q", c.lastSent())
	}
	n := len(c.tr.texts())
	c.at("2026-11-20 03:30")
	c.b.Remind(context.Background(), family)
	if len(c.tr.texts()) != n {
		t.Errorf("asked a third time: %q", c.lastSent())
	}
	// a restart: a new bot on the same store; the other parent answers,
	// unquoted
	c2 := newClockBot(t, safetyFamily(), medbot.Units{}, c.now, c.st)
	c2.say("Dad", "Freya")
	if got := c2.records("Freya", medbot.Event); len(got) != 1 || got[0].Name != "vomit" {
		t.Fatalf("Freya's events %+v", got)
	}
	if c2.lastReaction() != bot.EmojiEvent {
		t.Errorf("reaction %q", c2.lastReaction())
	}
}

// only a quote decides, and the family is told.
func TestSeveralOpenQuestionsNeedAQuote(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 10:00")
	c.say("Mum", "she threw up")
	first := c.lastQuote()
	c.say("Dad", "calpol 5ml")
	c.say("Mum", "Rory")
	if !strings.HasPrefix(c.lastSent(), "2 questions are open") {
		t.Fatalf("%q", c.lastSent())
	}
	c.sayQuoting("Mum", "Rory", first)
	if got := c.records("Rory", medbot.Event); len(got) != 1 {
		t.Errorf("Rory's events %+v", got)
	}
	if got := c.records("Rory", medbot.Medication); len(got) != 0 {
		t.Errorf("the dose got the answer to the vomit: %+v", got)
	}
}

// readings out of range are said out loud, never dropped in
// silence; a misplaced decimal point is asked about; a low reading is
// stored with one line.
func TestOutOfRangeSaidOutLoud(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "Rory 48.4")
	if c.lastSent() != "Not stored: 48.4 °C is outside 34–43 °C. Send it again if it was a temperature." || c.lastReaction() != bot.EmojiWho {
		t.Errorf("48.4: %q %q", c.lastSent(), c.lastReaction())
	}
	for i, text := range []string{"Rory 3.84", "rory 384"} {
		c.say("Mum", text)
		if c.lastSent() != "Did you mean 38.4 °C for Rory? Reply yes, or send it again." || c.lastReaction() != bot.EmojiWho {
			t.Errorf("%s: %q", text, c.lastSent())
		}
		if got := c.records("Rory", medbot.Temperature); len(got) != i {
			t.Errorf("%s counted before the yes: %+v", text, got)
		}
		c.sayQuoting("Dad", "yes", c.lastQuote())
	}
	if got := c.records("Rory", medbot.Temperature); len(got) != 2 || got[0].Value != 38.4 {
		t.Errorf("after the yes: %+v", got)
	}
	c.say("Mum", "rory 3802")
	if !strings.HasPrefix(c.lastSent(), "Did you mean 38.0 °C for Rory?") {
		t.Errorf("3802: %q", c.lastSent())
	}
	c.say("Mum", "no") // the only open question: withdrawn
	if c.lastSent() != "OK, not stored." {
		t.Errorf("no: %q", c.lastSent())
	}
	// a low reading gets a fact with its source, never advice: with no
	// born date, no age-banded line applies to 35.2 °C
	sent := len(c.tr.texts())
	c.say("Dad", "freya 35.2")
	if len(c.tr.texts()) != sent || c.lastReaction() != bot.EmojiTemperature {
		t.Errorf("35.2: %q", c.tr.texts()[sent:])
	}
	c.say("Dad", "freya sats 88")
	if c.lastSent() != "Freya: SpO2 88 %. NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5." {
		t.Errorf("sats 88: %q", c.lastSent())
	}
}

// the trend compares the last two readings within 6 hours.
func TestTrendAgainstTheReadingBefore(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 08:00")
	c.say("Mum", "Rory 37.2")
	c.at("2026-11-20 13:00")
	c.say("Mum", "Rory 39.0")
	c.at("2026-11-20 13:30")
	c.say("Mum", "Rory 38.5")
	c.say("Dad", "status Rory")
	if !strings.Contains(c.lastSent(), "falling 0.5 °C") || strings.Contains(c.lastSent(), "rising") {
		t.Errorf("%q", c.lastSent())
	}
	c.at("2026-11-20 20:00") // the last reading 6.5 h ago: no trend
	c.say("Mum", "Rory 38.4")
	c.say("Dad", "status Rory")
	if strings.Contains(c.lastSent(), "falling") || strings.Contains(c.lastSent(), "rising") || strings.Contains(c.lastSent(), "steady") {
		t.Errorf("%q", c.lastSent())
	}
}

// a back-dated dose is checked against the doses after it.
func TestBackDatedDoseCheckedAgainstLaterOnes(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "Rory calpol 5ml")
	c.at("2026-11-20 15:00")
	c.say("Dad", "gave rory calpol 5ml 2 hours ago")
	want := "⚠️ Too soon: Rory also had paracetamol at 14:00 (Mum), 1 h after this one at 13:00; the gap set is 4 h. Next from 18:00."
	if c.lastSent() != want {
		t.Errorf("got  %q\nwant %q", c.lastSent(), want)
	}
	// and counted into the 24 hours of the doses after it
	c2 := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	for _, at := range []string{"08:00", "12:00", "16:00", "20:00"} {
		c2.at("2026-11-20 " + at)
		c2.say("Mum", "Rory calpol 5ml")
	}
	c2.at("2026-11-20 20:30")
	c2.say("Dad", "Rory had calpol 5ml at 6am")
	if got := c2.lastSent(); !strings.Contains(got, "Over the limit: with this dose, Rory had 5 paracetamol in the 24 h up to 20:00; the limit set is 4.") {
		t.Errorf("%q", got)
	}
}

// questions about doses are answered with the records.
func TestDoseQuestionsAnsweredWithRecords(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 23:10")
	c.say("Dad", "Freya calpol 5ml")
	c.at("2026-11-21 01:00")
	c.say("Mum", "can freya have calpol yet?")
	if c.lastSent() != "Freya can have paracetamol from 03:10. Last: 5 ml at 23:10 yesterday (Dad), 1 of 4 in 24 h." {
		t.Errorf("%q", c.lastSent())
	}
	c.say("Mum", "when was the last nurofen")
	if got := c.lastSent(); !strings.Contains(got, "No ibuprofen recorded for Freya in 24 h.") || !strings.Contains(got, "No ibuprofen recorded for Rory in 24 h.") {
		t.Errorf("%q", got)
	}
	c.at("2026-11-21 08:00")
	c.say("Dad", "Rory amox 5ml")
	c.at("2026-11-21 15:00")
	c.say("Mum", "is rory due his amox?")
	if got := c.lastSent(); !strings.Contains(got, "Rory's amoxicillin") || !strings.Contains(got, "next due 16:00") {
		t.Errorf("%q", got)
	}
	if got := c.records("Rory", medbot.Medication); len(got) != 1 {
		t.Errorf("a question recorded a dose: %+v", got)
	}
}

// commands as people phrase them.
func TestCommandsAsPeoplePhraseThem(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 10:00")
	c.say("Mum", "Rory 38.4")
	// A minute apart, in a fixed order: the same command twice within
	// coalesceWindow is answered by the first answer, not a new one.
	for i, tc := range []struct{ text, want string }{
		{"Graphs please", "Rory: no temperature in the last 3 days"},
		{"show me the graphs", "Rory: no temperature in the last 3 days"},
		{"graphs 5 days", "Rory: 38.4 °C at"},
		{"graphs 100000d", "I can go back up to 90 days: try graphs 90d."},
		{"graphs are great", "To get the graphs, send graphs, graphs 3d"},
		{"can I have the status", "Rory: no temperature in 3 days"},
		{"@medbot dance", "I don't know /dance"},
	} {
		text, want := tc.text, tc.want
		c.at(fmt.Sprintf("2026-11-24 09:%02d", i)) // four days later
		c.say("Dad", text)
		c.b.Wait()
		if !strings.Contains(c.lastSent(), want) {
			t.Errorf("%q: %q, want %q", text, c.lastSent(), want)
		}
	}
}

// a slip of the thumb is questioned before it counts.
func TestSlipsQuestionedBeforeTheyCount(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	for _, at := range []string{"2026-11-18 08:00", "2026-11-19 08:00", "2026-11-20 08:00"} {
		c.at(at)
		c.say("Mum", "Rory calpol 5ml")
	}
	c.at("2026-11-20 14:00")
	c.say("Dad", "Rory calpol 50ml")
	if c.lastSent() != "50 ml of paracetamol for Rory? Rory's doses this week were 5 ml. Reply yes if that is right, or edit the message." || c.lastReaction() != bot.EmojiWho {
		t.Errorf("50ml: %q %q", c.lastSent(), c.lastReaction())
	}
	if got := c.records("Rory", medbot.Medication); len(got) != 3 {
		t.Errorf("counted before the yes: %d doses", len(got))
	}
	c.say("Dad", "yes")
	if got := c.records("Rory", medbot.Medication); len(got) != 4 || c.lastReaction() != bot.EmojiMedication {
		t.Errorf("after the yes: %d doses, %q", len(got), c.lastReaction())
	}
	c.say("Mum", "Rory 38.4 at 25:00")
	if c.lastSent() != "Not stored: 25:00 is not a time of day. Send it again with the time." {
		t.Errorf("25:00: %q", c.lastSent())
	}
	c.say("Mum", "Rory 37")
	if c.lastSent() != "Is that 37.0 °C for Rory? Reply yes." {
		t.Errorf("37: %q", c.lastSent())
	}
	// a family's most for one dose
	fam := safetyFamily()
	for i := range fam.Medications {
		if fam.Medications[i].Name == "ibuprofen" {
			fam.Medications[i].MaxDose, fam.Medications[i].MaxDoseUnit = 10, "ml"
		}
	}
	c2 := newClockBot(t, fam, medbot.Units{}, time.Time{}, nil)
	c2.at("2026-11-20 14:00")
	c2.say("Mum", "Freya nurofen 15ml")
	if !strings.HasPrefix(c2.lastSent(), "15 ml of ibuprofen for Freya? That is more than the 10 ml set as one dose.") {
		t.Errorf("max_dose: %q", c2.lastSent())
	}
}

// status and help fit a phone; plurals are right.
func TestStatusAndHelpFitAPhone(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-19 15:10")
	c.say("Mum", "Freya had lunch")
	c.at("2026-11-20 09:00")
	for _, text := range []string{"Freya 38.4", "Rory 38.1", "Freya calpol 5ml", "Freya nurofen 5ml", "Freya 2 puffs blue", "Freya sats 95", "Freya cetirizine 5ml", "Freya asleep", "Rory amox 5ml"} {
		c.say("Mum", text)
	}
	c.at("2026-11-20 10:00")
	c.say("Dad", "status")
	st := c.lastSent()
	for _, block := range strings.Split(st, "\n\n") {
		if lines := strings.Split(block, "\n"); len(lines) > 6 {
			t.Errorf("%d lines:\n%s", len(lines), block)
		}
	}
	if strings.Contains(st, "food") {
		t.Errorf("a stale event:\n%s", st)
	}
	if len(st) > 600 {
		t.Errorf("status is %d characters:\n%s", len(st), st)
	}
	c.say("Dad", "help")
	if help := c.lastSent(); len(strings.Split(help, "\n")) > 6 || len(help) > 500 {
		t.Errorf("help is %d lines, %d characters:\n%s", len(strings.Split(help, "\n")), len(help), help)
	}
	c.say("Dad", "help doses")
	if !strings.Contains(c.lastSent(), "can Freya have calpol yet?") {
		t.Errorf("help doses: %q", c.lastSent())
	}
}

// a double entry is asked about for any sender, once per pair,
// with the right names, also on a third entry.
func TestDoubleEntryAskedOncePerPair(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "amox 5ml rory")
	c.at("2026-11-20 14:01")
	c.say("Mum", "amox 5ml rory") // a resend
	if want := "⚠️ Mum recorded amoxicillin for Rory twice (14:00 and 14:01). Was it given twice? If not, please delete one of the messages, or reply 'undo' to it."; c.lastSent() != want {
		t.Errorf("got  %q\nwant %q", c.lastSent(), want)
	}
	c.at("2026-11-20 14:05")
	c.say("Dad", "gave rory amox 5ml")
	if want := "⚠️ Mum and Dad both recorded amoxicillin for Rory (14:01 and 14:05). Was it given twice? If not, one of you please delete your message, or reply 'undo' to it."; c.lastSent() != want {
		t.Errorf("third entry: got  %q\nwant %q", c.lastSent(), want)
	}
	n := len(c.tr.texts())
	c.say("Dad", "status Rory") // a pair is asked about once
	if len(c.tr.texts()) != n+1 {
		t.Errorf("%d messages after one status: %q", len(c.tr.texts())-n, c.tr.texts()[n:])
	}
}
