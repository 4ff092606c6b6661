package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// edit posts an edit of the message sent at target.
func (c *clockBot) edit(who string, target int64, text string) {
	c.seq++
	c.b.Handle(context.Background(), bot.Incoming{Kind: bot.Edit, Group: family, Author: "uuid-" + who, AuthorName: who, SentMS: c.now.UnixMilli() + c.seq, TargetMS: target, Text: text})
}

// deleteMsg posts a delete for everyone of the message sent at target.
func (c *clockBot) deleteMsg(who string, target int64) {
	c.seq++
	c.b.Handle(context.Background(), bot.Incoming{Kind: bot.Delete, Group: family, Author: "uuid-" + who, AuthorName: who, SentMS: c.now.UnixMilli() + c.seq, TargetMS: target})
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// A dose given too soon after a back-dated one: the reply, the answer to
// "when can…", status and status all all name the next time counted from
// the dose just given, and say it was too soon.
func TestNextCountsFromTheDoseJustGiven(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 23:30")
	c.say("Mum", "rory had calpol 5ml at 10pm")
	if n := len(c.tr.texts()); n != 0 {
		t.Fatalf("a dose within the limits warned: %q", c.tr.texts())
	}
	c.at("2026-11-21 00:24")
	c.say("Dad", "giving rory some calpol now, 5ml")
	want := "⚠️ Too soon: Rory had paracetamol at 22:00 yesterday (Mum), 2 h 24 min before this one; the gap set is 4 h. Next from 04:24."
	if got := c.lastSent(); got != want {
		t.Errorf("reply\n got %q\nwant %q", got, want)
	}
	c.at("2026-11-21 00:25")
	c.say("Dad", "when can rory have calpol again")
	mustContain(t, "answer", c.lastSent(), "Rory can have paracetamol from 04:24.", "⚠️ Paracetamol at 00:24: too soon, 2 h 24 min after the dose at 22:00 yesterday; the gap set is 4 h (Dad)")
	c.say("Mum", "status")
	mustContain(t, "handover", c.lastSent(), "⚠️ Paracetamol 00:24 too soon (2 h 24 min after the dose at 22:00 yesterday; the gap set is 4 h); next from 04:24")
	if _, rory, _ := strings.Cut(c.lastSent(), "Rory:"); !strings.HasPrefix(strings.SplitN(rory, "\n", 3)[1], "⚠️") {
		t.Errorf("the breach is not the handover's first line after the temperature:\n%s", c.lastSent())
	}
	c.say("Mum", "status all")
	mustContain(t, "status all", c.lastSent(), "⚠️ Paracetamol at 00:24: too soon", "Paracetamol: last 5 ml at 00:24 (1 min ago) by Dad. 2 of 4 in 24 h, next from 04:24")
}

// An edit that turns a message into a dose is judged like a new dose.
func TestEditedDoseIsChecked(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 22:00")
	c.say("Mum", "nurofen 5ml rory")
	c.at("2026-11-20 22:40")
	sent := c.say("Dad", "calpol 5ml rory")
	if n := len(c.tr.texts()); n != 0 {
		t.Fatalf("warned: %q", c.tr.texts())
	}
	c.at("2026-11-20 22:46")
	c.edit("Dad", sent, "nurofen 5ml rory")
	mustContain(t, "reply to the edit", c.lastSent(), "⚠️ Too soon: Rory had ibuprofen at 22:00 (Mum), 40 min before this one; the gap set is 6 h. Next from 04:40 tomorrow.")
}

// A course dose beyond the day's count is said, in the reply and in status,
// and the course's day is the calendar day.
func TestCourseDoseTooMany(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	for _, at := range []string{"07:00", "15:00", "21:00"} {
		c.at("2026-11-20 " + at)
		c.say("Mum", "rory amox 5ml")
	}
	if n := len(c.tr.texts()); n != 0 {
		t.Fatalf("warned within the course: %q", c.tr.texts())
	}
	c.at("2026-11-20 23:00")
	c.say("Dad", "rory amox 5ml")
	if got, want := c.lastSent(), "⚠️ This is Rory's 4th amoxicillin today; the course is 3 a day."; got != want {
		t.Errorf("reply\n got %q\nwant %q", got, want)
	}
	c.say("Mum", "status all")
	mustContain(t, "status all", c.lastSent(), "⚠️ Amoxicillin at 23:00: over the course's daily count, 4th dose on Fri 20 Nov; the course is 3 a day (Dad)",
		"Amoxicillin (3/day, day 1 of 7): last 5 ml at 23:00 by Dad; 4 of 3 today ⚠️ more than the course's 3 a day")
	// after midnight, the new day counts afresh and the course is on day 2
	c.at("2026-11-21 07:05")
	c.say("Mum", "rory amox 5ml")
	c.say("Mum", "status all")
	mustContain(t, "status all next day", c.lastSent(), "Amoxicillin (3/day, day 2 of 7): last 5 ml at 07:05 by Mum; 1 of 3 today")
}

// "both" judges every child's dose: each child's limits are their own.
func TestBothChildrenJudged(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 20:00")
	c.say("Mum", "calpol 5ml rory")
	c.say("Mum", "calpol 5ml freya")
	c.at("2026-11-20 21:00")
	c.say("Dad", "calpol 5ml for both")
	ts := c.tr.texts()
	if len(ts) != 2 {
		t.Fatalf("want a warning per child, got %q", ts)
	}
	mustContain(t, "warnings", strings.Join(ts, "\n"), "Too soon: Freya had paracetamol at 20:00 (Mum)", "Too soon: Rory had paracetamol at 20:00 (Mum)")
}

// A deleted message's question closes with it, and a typed answer goes to
// the newest question when it is newer than the others.
func TestQuestionsCloseWithTheirMessage(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 02:10")
	first := c.say("Mum", "she threw up")
	c.at("2026-11-20 02:12")
	c.say("Dad", "coughing a lot")
	c.deleteMsg("Mum", first)
	c.at("2026-11-20 02:13")
	c.say("Dad", "Rory")
	if got := c.records("Rory", medbot.Event); len(got) != 1 || got[0].Name != "cough" {
		t.Fatalf("the answer went elsewhere: %+v (bot said %q)", got, c.tr.texts())
	}
	if strings.Contains(c.lastSent(), "questions are open") {
		t.Errorf("a deleted message's question is still open: %q", c.lastSent())
	}
	// two open: the typed answer goes to the newest, and says so
	c.at("2026-11-20 03:00")
	c.say("Mum", "she threw up")
	c.at("2026-11-20 03:05")
	c.say("Dad", "woke up crying")
	c.at("2026-11-20 03:06")
	c.say("Mum", "Freya")
	if got := c.records("Freya", medbot.Event); len(got) != 1 || got[0].Name != "wake" {
		t.Errorf("Freya's records: %+v", got)
	}
	mustContain(t, "reply", c.lastSent(), "Taken as the answer to the latest question (wake at 03:05). Still open: vomit at 03:00")
}

// A "no" with its reason withdraws what waits for a yes; a short answer to
// someone else does not.
func TestNoWithAReason(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 02:10")
	c.say("Mum", "rory 3.84")
	c.say("Mum", "no sorry thats the bathroom thermometer ignore")
	if got := c.lastSent(); got != "OK, not stored." {
		t.Errorf("got %q", got)
	}
	c.say("Dad", "rory 3.92")
	n := len(c.tr.texts())
	c.say("Mum", "no, not that I saw")
	if got := c.tr.texts(); len(got) != n {
		t.Errorf("a short answer in the chat was taken as a no: %q", got[n:])
	}
}

// A reminder of a dose records nothing: it is said back when recorded,
// and asked about when not; a reading with only "??" is asked about.
func TestRemindersAndQueriedReadings(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 23:00")
	c.say("Mum", "rory nurofen 5ml")
	c.at("2026-11-21 01:30")
	c.say("Dad", "he already had nurofen at 11 remember")
	if got, want := c.lastSent(), "Already recorded: Rory had ibuprofen 5 ml at 23:00 yesterday (Mum)."; got != want {
		t.Errorf("reminder of a recorded dose:\n got %q\nwant %q", got, want)
	}
	if got := c.records("Rory", medbot.Medication); len(got) != 1 {
		t.Errorf("the reminder recorded a second dose: %+v", got)
	}
	c.say("Dad", "like I said Rory had calpol at 1")
	if got, want := c.lastSent(), "I have no paracetamol at 01:00 for Rory. Record it? Reply yes."; got != want {
		t.Errorf("reminder of a dose not recorded:\n got %q\nwant %q", got, want)
	}
	if c.lastReaction() != bot.EmojiWho {
		t.Errorf("reaction %q, want ❓", c.lastReaction())
	}
	c.say("Mum", "yes")
	if got := c.records("Rory", medbot.Medication); len(got) != 2 {
		t.Errorf("after yes: %+v", got)
	}
	c.at("2026-11-21 02:10")
	c.say("Mum", "rory sats 88 now?? breathing looks fast")
	if got, want := c.lastSent(), "Record SpO2 88 % for Rory? Reply yes."; got != want {
		t.Errorf("queried reading:\n got %q\nwant %q", got, want)
	}
	if got := c.records("Rory", medbot.SpO2); len(got) != 0 {
		t.Errorf("recorded before the yes: %+v", got)
	}
	c.say("Dad", "yes")
	if got := c.records("Rory", medbot.SpO2); len(got) != 1 || got[0].Value != 88 {
		t.Errorf("after yes: %+v", got)
	}
}

// Health news medbot half-recognised gets ❓ and one line, never silence.
func TestNoSilenceForHealthNews(t *testing.T) {
	tests := []struct{ text, want string }{
		{"38", "Is that 38.0 °C? Who is this for, Freya or Rory? Reply to this message with the name."},
		{"baby's 38 now", "Is that 38.0 °C? Who is this for, Freya or Rory? Reply to this message with the name."},
		{"rory 100.4", "Is 100.4 °F (38.0 °C) for Rory? Reply yes."},
		{"freya sick", "Nothing recorded yet. Was that a vomit for Freya? Reply yes to record one, or write what happened."},
		{"rory breathing fast", "Nothing recorded from that: I read temperatures, SpO2, heart rate, doses and events. Keep it as a note for Rory? Reply yes."},
		{"rory floppy and not himself", "Nothing recorded from that: I read temperatures, SpO2, heart rate, doses and events. Keep it as a note for Rory? Reply yes."},
	}
	for _, tt := range tests {
		c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
		c.at("2026-11-20 02:10")
		c.say("Mum", tt.text)
		if got := c.lastSent(); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.text, got, tt.want)
		}
		if c.lastReaction() != bot.EmojiWho {
			t.Errorf("%q: reaction %q, want ❓", tt.text, c.lastReaction())
		}
	}
	// the yes records what was asked about
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 02:10")
	c.say("Mum", "rory floppy and not himself")
	c.say("Dad", "yes")
	notes := c.records("Rory", medbot.Note)
	if len(notes) != 1 || notes[0].Text != "rory floppy and not himself" {
		t.Errorf("notes after yes: %+v", notes)
	}
	c.say("Mum", "freya sick")
	c.say("Mum", "yes")
	if v := c.records("Freya", medbot.Event); len(v) != 1 || v[0].Name != "vomit" {
		t.Errorf("Freya's events after yes: %+v", v)
	}
}

// The handover keeps the newest of what it has no room for, and notes are
// in both status and status all.
func TestHandoverKeepsTheNewest(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "rory dioralyte 1 sachet")
	c.say("Mum", "rory calpol 5ml")
	c.say("Mum", "rory nurofen 5ml")
	c.say("Mum", "rory sats 96 hr 120")
	c.at("2026-11-20 23:50")
	c.say("Mum", "rory rash on his chest")
	c.say("Dad", "note: 111 said A&E if rory sats under 90")
	c.say("Dad", "note: GP says keep fluids up")
	c.at("2026-11-21 00:00")
	c.say("Mum", "rory blue inhaler 2 puffs")
	c.at("2026-11-21 00:10")
	c.say("Mum", "status")
	st := c.lastSent()
	mustContain(t, "handover", st, "Salbutamol 2 puffs at 00:00", "Notes: 111 said A&E if rory sats under 90 (Dad 23:50 yesterday)", "Last: rash 23:50 yesterday",
		"Family notes: GP says keep fluids up (Dad 23:50 yesterday)", "More: status all")
	if strings.Contains(st, "Oral rehydration") {
		t.Errorf("the handover kept the oldest dose over newer news:\n%s", st)
	}
	c.say("Mum", "status all")
	mustContain(t, "status all", c.lastSent(), "Notes: 111 said A&E if rory sats under 90 (Dad 23:50 yesterday)", "Oral rehydration: last 1 sachet at 14:00 yesterday", "Family notes: GP says keep fluids up")
}

// "should i give him nurofen" is answered for the child the chat was
// about, and says so.
func TestPronounQuestion(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 20:00")
	c.say("Mum", "freya nurofen 5ml")
	c.at("2026-11-20 22:00")
	c.say("Mum", "rory nurofen 5ml")
	c.say("Mum", "rory 38.9")
	c.at("2026-11-20 22:05")
	c.say("Dad", "should i give him nurofen")
	got := c.lastSent()
	mustContain(t, "answer", got, "(For Rory, the child of the latest record.)", "Rory can have ibuprofen from 04:00 tomorrow.")
	if strings.Contains(got, "Freya") {
		t.Errorf("answered for Freya too:\n%s", got)
	}
}
