package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// flagFamily is Freya, born 2026-10-02 (7 weeks old on 20 November), and
// Rory, born 2024-06-10, with an asthma plan; quiet hours 22:00-07:00;
// rechecks 30 minutes after an amber reading, 15 after a red one.
func flagFamily() medbot.Family {
	f := safetyFamily()
	f.Children = []medbot.Child{
		{Name: "Freya", Born: time.Date(2026, 10, 2, 0, 0, 0, 0, london)},
		{Name: "Rory", Born: time.Date(2024, 6, 10, 0, 0, 0, 0, london), Plan: medbot.Plan{
			SpO2: 92, SpO2Says: "sats below 92 % → call 999",
			Reliever: "salbutamol", RelieverWord: "blue inhaler", RelieverEvery: 4 * time.Hour,
			RelieverSays: "more often than every 4 hours → see a doctor today",
		}},
	}
	f.QuietHours = &medbot.QuietHours{From: 22 * time.Hour, To: 7 * time.Hour}
	f.Flags.Recheck = map[medbot.Level]time.Duration{medbot.Amber: 30 * time.Minute, medbot.Red: 15 * time.Minute}
	return f
}

func (c *clockBot) remind() int {
	c.t.Helper()
	n, err := c.b.Remind(context.Background(), family)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// sent returns what was posted since n posts.
func (c *clockBot) sentSince(n int) []string { return c.tr.texts()[n:] }

func TestFlagNewbornFever(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "freya 37.6")
	if n := len(c.tr.texts()); n != 0 {
		t.Fatalf("37.6 at 7 weeks: %q", c.tr.texts())
	}
	c.at("2026-11-20 15:10")
	c.say("Mum", "freya 38.1")
	if got, want := c.lastSent(), "Freya is 7 weeks old and 38.1 °C: NICE lists 38 °C or more under 3 months as red."; got != want || c.lastReaction() != bot.EmojiTemperature {
		t.Errorf("got %q %q\nwant %q", got, c.lastReaction(), want)
	}
	// once per crossing: a second reading over the line says nothing new
	n := len(c.tr.texts())
	c.at("2026-11-20 15:40")
	c.say("Dad", "freya 38.3")
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("a second reading of the same crossing: %q", got)
	}
	// the red recheck fell due 15 minutes after the latest reading
	c.at("2026-11-20 15:56")
	c.remind()
	if got, want := c.lastSent(), "Time to recheck Freya's temperature: 38.3 °C at 15:40."; got != want {
		t.Errorf("recheck %q, want %q", got, want)
	}
	n = len(c.tr.texts())
	c.remind()
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("a recheck asked twice: %q", got)
	}
	// status lists it first
	c.at("2026-11-20 16:00")
	c.say("Mum", "status freya")
	if got := c.lastSent(); !strings.HasPrefix(got, "Freya: 38.3 °C") || !strings.Contains(got, "\n⚑ 38.3 °C at 15:40 (NICE, red)") {
		t.Errorf("status: %q", got)
	}
	// below the line ends it; over it again is a new crossing, said again
	c.at("2026-11-20 17:00")
	c.say("Mum", "freya 37.5")
	c.at("2026-11-20 18:00")
	n = len(c.tr.texts())
	c.say("Mum", "freya 38.2")
	if got := c.sentSince(n); len(got) != 1 || !strings.HasPrefix(got[0], "Freya is 7 weeks old and 38.2 °C") {
		t.Errorf("back over the line: %q", got)
	}
}

func TestFlagToddlerSatsAndRecheckCancelled(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "rory sats 94")
	if got, want := c.lastSent(), "Rory: SpO2 94 %. NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// the plan's own line, quoted
	c.at("2026-11-20 14:10")
	c.say("Mum", "rory sats 91")
	if got, want := c.lastSent(), "Rory: SpO2 91 %. Your plan for Rory says: sats below 92 % → call 999."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// status: one line per reading, every source that flags it
	c.say("Dad", "status rory")
	if got := c.lastSent(); !strings.Contains(got, "\n⚑ SpO2 91 % at 14:10 (NICE, amber; your plan, amber)") || strings.Count(got, "⚑") != 1 || strings.Count(got, "SpO2 91") != 1 {
		t.Errorf("status: %q", got)
	}
	// a reading two sources flag is rechecked once
	n0 := len(c.tr.texts())
	c.at("2026-11-20 14:41")
	c.remind()
	if got := c.sentSince(n0); len(got) != 1 || got[0] != "Time to recheck Rory's SpO2: 91 % at 14:10." {
		t.Errorf("recheck of a reading NICE and the plan flag: %q", got)
	}
	c.at("2026-11-20 14:10")
	// a new reading before the recheck was due: no recheck
	c.at("2026-11-20 14:30")
	c.say("Dad", "rory sats 97")
	n := len(c.tr.texts())
	c.at("2026-11-20 14:45")
	c.remind()
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("a recheck after a new reading: %q", got)
	}
}

func TestFlagRecheckWaitsForQuietHoursUnlessRed(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 23:00")
	c.say("Mum", "rory sats 94") // amber
	n := len(c.tr.texts())
	c.at("2026-11-20 23:31")
	if c.remind(); len(c.sentSince(n)) != 0 {
		t.Errorf("an amber recheck in quiet hours: %q", c.sentSince(n))
	}
	c.say("Mum", "rory breathing 64") // red
	n = len(c.tr.texts())
	c.at("2026-11-20 23:47")
	c.remind()
	if got := c.sentSince(n); len(got) != 1 || got[0] != "Time to recheck Rory's breathing rate: 64/min at 23:31." {
		t.Errorf("a red recheck in quiet hours: %q", got)
	}
}

func TestFlagFeverFifthDayFromTheReminderLoop(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	for _, at := range []string{"2026-11-16 20:00", "2026-11-17 09:00", "2026-11-18 09:00", "2026-11-19 21:00"} {
		c.at(at)
		c.say("Mum", "rory 38.6")
	}
	n := len(c.tr.texts())
	c.at("2026-11-20 06:30") // day 5, but quiet hours: amber waits
	if c.remind(); len(c.sentSince(n)) != 0 {
		t.Errorf("in quiet hours: %q", c.sentSince(n))
	}
	c.at("2026-11-20 07:05")
	c.remind()
	want := "Rory has had a fever (38.0 °C or more) since Mon 16 Nov 20:00: this is day 5. NICE lists fever for 5 days or more as amber."
	if got := c.sentSince(n); len(got) != 1 || got[0] != want {
		t.Errorf("day 5: %q\nwant %q", got, want)
	}
	n = len(c.tr.texts())
	c.at("2026-11-20 09:00")
	c.say("Mum", "rory 38.4")
	c.remind()
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("day 5 said twice: %q", got)
	}
}

func TestFlagRelieverOften(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 22:10")
	c.say("Mum", "rory blue inhaler x4")
	n := len(c.tr.texts())
	c.at("2026-11-21 00:40")
	c.say("Dad", "rory blue inhaler x4")
	want := "Rory has needed the blue inhaler 2 times since 22:10 yesterday. Your plan for Rory says: more often than every 4 hours → see a doctor today."
	if got := c.sentSince(n); len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	n = len(c.tr.texts())
	c.at("2026-11-21 02:10")
	c.say("Dad", "rory blue inhaler x4")
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("the same run said again: %q", got)
	}
}

func TestFlagNoWetNappy(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 08:00")
	c.say("Mum", "freya wet nappy")
	n := len(c.tr.texts())
	c.at("2026-11-20 15:59") // 7 h 59 min
	if c.remind(); len(c.sentSince(n)) != 0 {
		t.Errorf("before 8 h: %q", c.sentSince(n))
	}
	c.at("2026-11-20 16:01")
	c.remind()
	want := "Freya: no wet nappy recorded since 08:00, 8 h. The NHS parent guide lists no wee or wet nappy for 12 hours (8 hours under 3 months) as amber."
	if got := c.sentSince(n); len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestFlagThroughTheDaemon: a toddler's sats through the real client and
// the fake signal-cli: the 🫀 reaction, then the flag quoting the message.
func TestFlagThroughTheDaemon(t *testing.T) {
	h := newHarness(t, harnessOpts{family: func(f *medbot.Family) { f.Children[1].Born = time.Now().AddDate(-2, 0, 0) }})
	e := h.send(mum, "Rory sats 94 hr 130")
	if rs := h.reactions(1); rs[0].Str("emoji") != bot.EmojiVitals || rs[0].Int("targetTimestamp") != e.Timestamp() {
		t.Errorf("reaction %+v", rs[0].Params)
	}
	rep := h.replies(1)[0]
	if rep.Str("message") != "Rory: SpO2 94 %. NICE's fever traffic light lists SpO2 ≤ 95 % in air as amber for a child under 5." || rep.Int("quoteTimestamp") != e.Timestamp() {
		t.Errorf("flag reply %+v", rep.Params)
	}
}

func TestHelpFlags(t *testing.T) {
	fam := flagFamily()
	fam.Children = append(fam.Children, medbot.Child{Name: "Ada"})
	fam.Flags.Off = map[medbot.Source]bool{medbot.NHS: true}
	c := newClockBot(t, fam, medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	c.say("Mum", "help flags")
	want := "When a reading crosses a published line, I say the fact and its source, once; I never tell you what to do. I am not a medical device: if you are worried, trust that.\n" +
		"• NICE NG143, Fever in under 5s: assessment and initial management (2019, updated 2021), traffic light table\n" +
		"• NHS Healthier Together parent guide to fever in under 5s, based on NG143 (turned off)\n" +
		"• your own plan for a child, as written in medbot's configuration\n" +
		"Fever line: 38.0 °C (NICE NG143). No born date for Ada: the lines for babies and by age are off."
	if got := c.lastSent(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestFlagAfterAnEdit: an edit that makes a reading cross a line gets
// the flag, once; editing it again says nothing new.
func TestFlagAfterAnEdit(t *testing.T) {
	c := newClockBot(t, flagFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 14:00")
	sent := c.say("Mum", "freya 37.6")
	n := len(c.tr.texts())
	c.at("2026-11-20 14:02")
	c.edit("Mum", sent, "freya 38.6")
	if got := c.sentSince(n); len(got) != 1 || got[0] != "Freya is 7 weeks old and 38.6 °C: NICE lists 38 °C or more under 3 months as red." {
		t.Errorf("after the edit: %q", got)
	}
	n = len(c.tr.texts())
	c.at("2026-11-20 14:03")
	c.edit("Mum", sent, "freya 38.4")
	if got := c.sentSince(n); len(got) != 0 {
		t.Errorf("the same crossing said again after a second edit: %q", got)
	}
}
