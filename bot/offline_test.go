package bot_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// During a Signal outage signal-cli 0.13.19 answers a group reaction or
// reply with -32603 "Failed to send message: … (IOException)": medbot
// tries again and the reaction arrives once Signal is back.
func TestReactionRetriedWhileSignalUnreachable(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	for i := 0; i < 2; i++ {
		h.d.Fail("sendReaction", -32603, "Failed to send message: chat.signal.org (IOException) (UnexpectedErrorException)", nil)
	}
	h.send(mum, "Rory 38.4")
	if r := h.reactions(3); r[2].Str("emoji") != "🌡️" {
		t.Errorf("%+v", r[2].Params)
	}
	// a refused reaction (a validation error) is not sent again and again
	h.d.Fail("sendReaction", -1, "Quote author parameter is missing", nil)
	h.send(mum, "Freya 37.9")
	h.quiet("sendReaction", 4)
}

// Signal unreachable for longer than a reaction's tries: the reaction is
// owed, not recorded as sent (so a restarted bot finds the message
// unconfirmed), and sent once Signal answers again.
func TestReactionOwedThroughALongOutage(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.d.Offline(true)
	e := h.send(mum, "Rory 38.4")
	h.reactions(3)
	st := h.settled(e, func(s medbot.Stored) bool { return len(s.Observations) == 1 })
	time.Sleep(50 * time.Millisecond)
	if st = h.stored(e); st.Reaction != "" {
		t.Errorf("a reaction never sent was recorded as %q", st.Reaction)
	}
	unconfirmed, err := h.st.Unconfirmed(context.Background(), time.Now().Add(-time.Hour))
	if err != nil || len(unconfirmed) != 1 || unconfirmed[0].ID != st.ID {
		t.Errorf("a restarted bot would not confirm it: %v %v", unconfirmed, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.bot.RunReminders(ctx, 10*time.Millisecond)
	time.Sleep(50 * time.Millisecond) // a round or more while still offline
	h.d.Offline(false)
	n := len(h.d.Calls("sendReaction"))
	r := h.reactions(n + 1)
	if last := r[len(r)-1]; last.Str("emoji") != "🌡️" || last.Int("targetTimestamp") != e.Timestamp() {
		t.Errorf("owed reaction: %+v", last.Params)
	}
	if st := h.settled(e, func(s medbot.Stored) bool { return s.Reaction != "" }); st.Reaction != "🌡️" {
		t.Errorf("reaction recorded %q", st.Reaction)
	}
	h.quiet("sendReaction", n+1)
}

// downTransport fails every send as Signal being unreachable while down.
type downTransport struct {
	*recTransport
	down atomic.Bool
}

type unreachable struct{}

func (unreachable) Error() string                     { return "Signal unreachable" }
func (unreachable) RetryAfter() (time.Duration, bool) { return 0, true }

func (d *downTransport) Send(ctx context.Context, m bot.Reply) (int64, error) {
	if d.down.Load() {
		return 0, unreachable{}
	}
	return d.recTransport.Send(ctx, m)
}

// A reminder that could not be posted is posted by a later round, not
// marked as posted and lost.
func TestReminderPostedAfterAnOutage(t *testing.T) {
	c := newClockBot(t, safetyFamily(), medbot.Units{}, time.Time{}, nil)
	dt := &downTransport{recTransport: c.tr}
	c.b.Transport = dt
	c.at("2026-11-20 10:00")
	c.say("Mum", "Freya nurofen 5ml")
	c.at("2026-11-20 16:01")
	dt.down.Store(true)
	if n, err := c.b.Remind(context.Background(), family); n != 0 || err == nil {
		t.Fatalf("posted %d while Signal was down (%v)", n, err)
	}
	dt.down.Store(false)
	c.at("2026-11-20 16:02")
	if n, _ := c.b.Remind(context.Background(), family); n != 1 || c.lastSent() != "Freya can have ibuprofen again from now (last at 10:00 (Mum))." {
		t.Fatalf("after the outage: %d %q", n, c.lastSent())
	}
	if n, _ := c.b.Remind(context.Background(), family); n != 0 {
		t.Error("posted twice")
	}
}
