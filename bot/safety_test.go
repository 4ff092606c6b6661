package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

// recTransport records what the bot sends.
type recTransport struct {
	mu    sync.Mutex
	sent  []bot.Reply
	reacs []string
	ts    int64
}

func (r *recTransport) Send(ctx context.Context, m bot.Reply) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	r.ts++
	return 9e12 + r.ts, nil
}

func (r *recTransport) React(ctx context.Context, g medbot.GroupID, k medbot.MessageKey, emoji string, remove bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reacs = append(r.reacs, emoji)
	return nil
}

func (r *recTransport) Typing(ctx context.Context, g medbot.GroupID, stop bool) error { return nil }

func (r *recTransport) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.sent {
		out = append(out, m.Text)
	}
	return out
}

// clockBot is a bot on a real store with a clock the test moves.
type clockBot struct {
	t   *testing.T
	b   *bot.Bot
	tr  *recTransport
	st  *store.Store
	now time.Time
	seq int64
}

// safetyFamily is Freya and Rory in London with amoxicillin as a course
// of 3 a day for 7 days and a reminder when ibuprofen is allowed again.
func safetyFamily() medbot.Family {
	f := medbot.DefaultFamily()
	f.Zone = london
	f.Children = []medbot.Child{{Name: "Freya"}, {Name: "Rory"}}
	for i := range f.Medications {
		switch f.Medications[i].Name {
		case "amoxicillin":
			f.Medications[i].Schedule = &medbot.Schedule{PerDay: 3, Every: 8 * time.Hour, Days: 7, Text: "3/day for 7 days"}
		case "ibuprofen":
			f.Medications[i].RemindNext = true
		}
	}
	return f
}

func newClockBot(t *testing.T, fam medbot.Family, units medbot.Units, start time.Time, st *store.Store) *clockBot {
	t.Helper()
	p, err := parse.New(fam)
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		st, err = store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{Zone: fam.Zone})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
	}
	c := &clockBot{t: t, tr: &recTransport{}, st: st, now: start}
	c.b = &bot.Bot{Family: fam, Units: units, Parser: p, Store: st, Transport: c.tr, Groups: map[medbot.GroupID]bool{family: true}, Now: func() time.Time { return c.now }, RetryMin: time.Millisecond, RetryMax: time.Millisecond}
	return c
}

// say posts text from a parent at the current clock time and returns its
// sent timestamp.
func (c *clockBot) say(who, text string) int64 {
	return c.sayQuoting(who, text, nil)
}

// sayQuoting posts text replying to quote.
func (c *clockBot) sayQuoting(who, text string, quote *bot.Quoted) int64 {
	c.seq++
	sent := c.now.UnixMilli() + c.seq
	c.b.Handle(context.Background(), bot.Incoming{Kind: bot.Text, Group: family, Author: "uuid-" + who, AuthorName: who, SentMS: sent, Text: text, Quote: quote})
	return sent
}

func (c *clockBot) at(local string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", local, c.b.Family.Zone)
	if err != nil {
		c.t.Fatal(err)
	}
	c.now = t
}

func (c *clockBot) lastSent() string {
	ts := c.tr.texts()
	if len(ts) == 0 {
		return ""
	}
	return ts[len(ts)-1]
}

func TestTooSoonAndOverLimit(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 01:02")
	c.say("Dad", "Rory calpol 5ml")
	c.at("2026-11-20 05:10")
	c.say("Dad", "Rory paracetamol 5ml")
	c.at("2026-11-20 09:15")
	c.say("Mum", "Rory calpol 5ml")
	c.at("2026-11-20 13:15")
	c.say("Mum", "Rory calpol 5ml")
	if n := len(c.tr.texts()); n != 0 {
		t.Fatalf("warnings for doses within the limits: %q", c.tr.texts())
	}
	// the 5th dose, 2 h after the 4th, and calpol/paracetamol are one ingredient
	c.at("2026-11-20 15:15")
	c.say("Dad", "Rory panadol 5ml")
	want := "⚠️ Too soon: Rory had paracetamol at 13:15 (Mum), 2 h before this one; the gap set is 4 h. Over the limit: this is Rory's 5th paracetamol in 24 h; the limit set is 4. Next from 05:10 tomorrow."
	if got := c.lastSent(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// the dose was recorded all the same
	obs, _ := c.st.Observations(context.Background(), medbot.Filter{Child: "Rory", Name: "paracetamol"})
	if len(obs) != 5 {
		t.Errorf("%d doses recorded, want 5", len(obs))
	}
	// only over the count, not too soon: its own wording
	c.at("2026-11-20 19:30")
	c.say("Dad", "Rory calpol 5ml")
	if got := c.lastSent(); got != "⚠️ Over the limit: this is Rory's 6th paracetamol in 24 h; the limit set is 4. Next from 09:15 tomorrow." {
		t.Errorf("count only: %q", got)
	}
	if s := c.b.Status(context.Background(), []string{"Rory"}); !strings.Contains(s, "Paracetamol: last 5 ml at 19:30 (just now) by Dad. 6 in 24 h, over the limit of 4, next from ") {
		t.Errorf("status over the limit:\n%s", s)
	}
	// Freya's doses are her own
	c.say("Mum", "Freya calpol 5ml")
	if n := len(c.tr.texts()); n != 2 {
		t.Errorf("Freya's first dose warned: %q", c.tr.texts())
	}
}

func TestTwelveHourClock(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{Clock12: true}, time.Time{}, nil)
	c.at("2026-11-20 13:02")
	c.say("Mum", "Rory nurofen 5ml")
	c.at("2026-11-20 15:02")
	c.say("Dad", "Rory nurofen 5ml")
	if got := c.lastSent(); got != "⚠️ Too soon: Rory had ibuprofen at 1:02pm (Mum), 2 h before this one; the gap set is 6 h. Next from 9:02pm." {
		t.Errorf("%q", got)
	}
}

// TestWindowAcrossDST counts the trailing 24 real hours, not the local
// clock's, over both changes.
func TestWindowAcrossDST(t *testing.T) {
	for _, tt := range []struct {
		name, first, last string
		counted           bool // the first dose is within 24 real hours of the last
	}{
		// 02:00 GMT to 02:30 BST next day: 24.5 h on the clock, 23.5 h real
		{"spring forward", "2026-03-28 02:00", "2026-03-29 02:30", true},
		// 02:40 BST to 02:00 GMT next day: 23.3 h on the clock, 24.3 h real
		{"fall back", "2026-10-24 02:40", "2026-10-25 02:00", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
			c.at(tt.first)
			c.say("Mum", "Rory nurofen 5ml")
			first := c.now
			for i := 1; i <= 2; i++ {
				c.now = first.Add(time.Duration(i) * 7 * time.Hour)
				c.say("Mum", "Rory nurofen 5ml")
			}
			c.at(tt.last)
			c.say("Mum", "Rory nurofen 5ml")
			got := c.lastSent()
			if tt.counted != strings.Contains(got, "4th") {
				t.Errorf("first dose %v, last %v (%v apart): %q", first, c.now, c.now.Sub(first), got)
			}
		})
	}
}

func TestDoubleEntry(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 13:02")
	c.say("Mum", "Rory calpol 5ml")
	c.at("2026-11-20 13:10")
	c.say("Dad", "gave Rory calpol 5ml")
	want := "⚠️ Mum and Dad both recorded paracetamol for Rory (13:02 and 13:10). Was it given twice? If not, one of you please delete your message, or reply 'undo' to it."
	if got := c.lastSent(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// asked once: the same pair does not ask again, e.g. after an answer
	c.at("2026-11-20 13:12")
	c.say("Mum", "ok thanks")
	if n := len(c.tr.texts()); n != 1 {
		t.Errorf("%d messages: %q", n, c.tr.texts())
	}
	// the same parent twice within 15 minutes is a double entry too (a
	// resend, a double tap)
	c.at("2026-11-20 13:14")
	c.say("Dad", "Freya nurofen 5ml")
	c.at("2026-11-20 13:20")
	c.say("Dad", "Freya nurofen 5ml")
	want = "⚠️ Dad recorded ibuprofen for Freya twice (13:14 and 13:20). Was it given twice? If not, please delete one of the messages, or reply 'undo' to it."
	if got := c.lastSent(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// further apart, it is too soon
	c.at("2026-11-20 13:40")
	c.say("Dad", "Freya nurofen 5ml")
	if got := c.lastSent(); !strings.HasPrefix(got, "⚠️ Too soon: Freya had ibuprofen at 13:20 (Dad), 20 min before this one") {
		t.Errorf("%q", got)
	}
}

func TestCourseStatusAndReminders(t *testing.T) {
	fam := safetyFamily()
	fam.QuietHours = &medbot.QuietHours{From: 22 * time.Hour, To: 7 * time.Hour}
	c := newClockBot(t, fam, medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 08:00")
	c.say("Mum", "Rory amox 5ml")
	c.at("2026-11-20 16:05")
	c.say("Dad", "amoxicillin 5ml Rory")
	// due 00:05; at 00:40 it is quiet hours: no reminder
	c.at("2026-11-21 00:40")
	n, err := c.b.Remind(context.Background(), family)
	if err != nil || n != 0 {
		t.Fatalf("quiet hours: %d %v", n, err)
	}
	// 07:00 quiet hours end: the reminder goes, once
	c.at("2026-11-21 07:01")
	status := c.b.Status(context.Background(), []string{"Rory"})
	for _, want := range []string{"Amoxicillin (3/day, day 2 of 7): last 5 ml at 16:05 yesterday by Dad; 0 of 3 today, next was due 00:05", "Watch: amoxicillin 00:05 dose not recorded"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	n, err = c.b.Remind(context.Background(), family)
	if err != nil || n != 1 || c.lastSent() != "Amoxicillin for Rory was due at 00:05 and isn't recorded yet. If it was given, write it here (for example: amoxicillin 5ml Rory)." {
		t.Fatalf("reminder: %d %v %q", n, err, c.lastSent())
	}
	c.at("2026-11-21 07:30")
	if n, _ := c.b.Remind(context.Background(), family); n != 0 {
		t.Error("reminded twice")
	}
	// a restarted bot on the same store does not repeat it
	c2 := newClockBot(t, fam, medbot.Units{}, c.now, c.st)
	if n, _ := c2.b.Remind(context.Background(), family); n != 0 {
		t.Error("reminded again after restart")
	}
	// given: the course moves on, nothing is due
	c.at("2026-11-21 07:45")
	c.say("Mum", "Rory amox 5ml")
	if s := c.b.Status(context.Background(), []string{"Rory"}); !strings.Contains(s, "1 of 3 today, next due 15:45") || strings.Contains(s, "dose not recorded") {
		t.Errorf("after the dose:\n%s", s)
	}
}

func TestRemindNext(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	c.at("2026-11-20 10:00")
	c.say("Mum", "Freya nurofen 5ml")
	c.at("2026-11-20 15:59")
	if n, _ := c.b.Remind(context.Background(), family); n != 0 {
		t.Fatal("reminded before the next dose is allowed")
	}
	c.at("2026-11-20 16:01")
	if n, _ := c.b.Remind(context.Background(), family); n != 1 || c.lastSent() != "Freya can have ibuprofen again from now (last at 10:00 (Mum))." {
		t.Fatalf("%d %q", n, c.lastSent())
	}
	if n, _ := c.b.Remind(context.Background(), family); n != 0 {
		t.Error("twice")
	}
	// paracetamol has no remind_next: nothing
	c.say("Mum", "Freya calpol 5ml")
	c.at("2026-11-20 20:05")
	if n, _ := c.b.Remind(context.Background(), family); n != 0 {
		t.Errorf("paracetamol reminded: %q", c.lastSent())
	}
}

// TestRightToLeftNamesKeepTheLineInOrder: a parent whose Signal name is
// written right to left is isolated in a dose answer, so the time and the
// count after the name stay where they were written.
func TestRightToLeftNamesKeepTheLineInOrder(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ummi := signalclitest.Person{UUID: mum.UUID, Number: mum.Number, Name: "أمي"}
	h.send(ummi, "Rory calpol 5ml")
	h.reactions(1)
	h.send(dad, "can rory have calpol yet?")
	r := h.replies(1)[0].Str("message")
	if !strings.Contains(r, "(\u2068أمي\u2069), 1 of 4 in 24 h") {
		t.Errorf("answer %q", r)
	}
	if s := h.bot.Status(context.Background(), []string{"Rory"}); !strings.Contains(s, "by \u2068أمي\u2069") {
		t.Errorf("status:\n%s", s)
	}
}
