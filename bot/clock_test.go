package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// a parent's phone clock does not decide the dose time.

func TestSlowPhoneClockIsNotTheDoseTime(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.d.Text(family, mum, "Freya calpol 5ml")
	server := time.UnixMilli(e.ServerMS())
	e.PhoneClock(server.Add(-5 * time.Hour).UnixMilli()) // Mum's phone is 5 h slow
	h.d.Deliver(e)
	h.reactions(1)
	st := h.stored(e)
	if len(st.Observations) != 1 || !st.Observations[0].At.Equal(server.Truncate(time.Second)) {
		t.Fatalf("dose dated %v, want the server's %v", st.Observations, server)
	}
	r := h.replies(1)[0]
	wantLine := "when Signal received it: your phone's clock says " + server.Add(-5*time.Hour).In(london).Format("15:04")
	if !strings.Contains(r.Str("message"), wantLine) || !strings.Contains(r.Str("message"), "Recorded at "+server.In(london).Format("15:04")) {
		t.Errorf("reply %q lacks %q", r.Str("message"), wantLine)
	}
	// the handover counts from the real time
	if status := h.bot.Status(context.Background(), []string{"Freya"}); !strings.Contains(status, "(just now) by Mum") || strings.Contains(status, "5 h ago") {
		t.Errorf("status after Mum's dose:\n%s", status)
	}
	// Dad's identical dose a second later is caught as a double entry
	h.send(dad, "Freya calpol 5ml")
	r = h.replies(2)[1]
	if !strings.Contains(r.Str("message"), "both recorded paracetamol for Freya") {
		t.Errorf("second dose: %q", r.Str("message"))
	}
}

func TestFastPhoneClockIsCapped(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.d.Text(family, mum, "Freya calpol 5ml")
	server := time.UnixMilli(e.ServerMS())
	e.PhoneClock(server.Add(time.Hour).UnixMilli()) // 1 h fast
	h.d.Deliver(e)
	h.reactions(1)
	st := h.stored(e)
	if len(st.Observations) != 1 || st.Observations[0].At.After(server) {
		t.Fatalf("dose dated %v, after the server had it (%v)", st.Observations, server)
	}
	if status := h.bot.Status(context.Background(), []string{"Freya"}); strings.Contains(status, "none in 24 h") {
		t.Errorf("the dose is missing from the handover:\n%s", status)
	}
}

// Messages a phone queued while offline arrive together, written minutes
// apart: their own times are the true ones, and nothing is said.
func TestQueuedMessagesKeepTheirTimes(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	now := time.Now()
	var es []map[string]any
	for i, ago := range []time.Duration{60 * time.Minute, 30 * time.Minute, 20 * time.Minute} {
		e := h.d.Text(family, mum, []string{"Freya 38.1", "Freya 38.4", "Freya 38.9"}[i])
		e.PhoneClock(now.Add(-ago).UnixMilli())
		e["serverReceivedTimestamp"] = now.UnixMilli() + int64(i)
		es = append(es, e)
	}
	for _, e := range es {
		h.d.Deliver(e)
	}
	h.reactions(3)
	for i, ago := range []time.Duration{60 * time.Minute, 30 * time.Minute, 20 * time.Minute} {
		st := h.stored(es[i])
		if len(st.Observations) != 1 || !st.Observations[0].At.Equal(now.Add(-ago).Truncate(time.Second)) {
			t.Errorf("queued message %d dated %v, want %v", i, st.Observations, now.Add(-ago))
		}
	}
	h.quiet("send", 0)
}

// a sent time that cannot be real records nothing, and says so.
func TestImpossibleSentTimes(t *testing.T) {
	for _, tc := range []struct {
		name string
		sent func(server time.Time) int64
	}{
		{"zero", func(time.Time) int64 { return 0 }},
		{"1970", func(time.Time) int64 { return 86_400_000 }},
		{"year 9999", func(time.Time) int64 { return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() }},
		{"two days ahead", func(s time.Time) int64 { return s.Add(48 * time.Hour).UnixMilli() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOpts{})
			e := h.d.Text(family, mum, "Rory 38.4")
			e.PhoneClock(tc.sent(time.UnixMilli(e.ServerMS())))
			h.d.Deliver(e)
			if r := h.replies(1)[0].Str("message"); !strings.HasPrefix(r, "Not stored: I can't tell when this was sent") {
				t.Errorf("reply %q", r)
			}
			if r := h.reactions(1)[0]; r.Str("emoji") != "❓" {
				t.Errorf("reaction %v", r.Params)
			}
			st := h.stored(e)
			if st.Text != "Rory 38.4" || len(st.Observations) != 0 {
				t.Errorf("stored %q with %v: want the text kept and nothing recorded", st.Text, st.Observations)
			}
		})
	}
}

// An edit of a message never seen is read at the edit's own time, not at
// the time it claims for its target.
func TestEditOfUnknownMessageIsDatedAtTheEdit(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	target := time.Now().Add(-30 * 24 * time.Hour).UnixMilli()
	e := h.d.Edit(family, mum, target, "Rory 38.4")
	h.d.Deliver(e)
	h.reactions(1)
	st, err := h.st.Message(context.Background(), medbot.MessageKey{Group: family, Author: mum.UUID, SentMS: target})
	if err != nil || len(st.Observations) != 1 {
		t.Fatalf("%v %v", st, err)
	}
	if at := st.Observations[0].At; at.Before(time.UnixMilli(e.Timestamp()).Truncate(time.Second)) {
		t.Errorf("dated %v: the unknown target's time, not the edit's %v", at, time.UnixMilli(e.Timestamp()))
	}
}

// one message makes at most MaxRecords records.
func TestAMessageMakesAtMostTwentyRecords(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	var b strings.Builder
	b.WriteString("Rory")
	for i := 0; i < 13000; i++ {
		fmt.Fprintf(&b, " 38.%d", i%10)
	}
	e := h.send(mum, b.String())
	if r := h.replies(1)[0].Str("message"); !strings.HasPrefix(r, "Not stored: this message holds more than 64 readings, and I take at most 20") {
		t.Errorf("reply %q", r)
	}
	if st := h.stored(e); len(st.Observations) != 0 || st.Text != b.String() {
		t.Errorf("%d records stored, text kept %v", len(st.Observations), st.Text == b.String())
	}
	// twenty is still a message
	b.Reset()
	b.WriteString("Freya")
	for i := 0; i < bot.MaxRecords; i++ {
		fmt.Fprintf(&b, " 37.%d", i%10)
	}
	e = h.send(mum, b.String())
	h.reactions(2)
	if st := h.stored(e); len(st.Observations) != bot.MaxRecords {
		t.Errorf("%d records from a message of %d", len(st.Observations), bot.MaxRecords)
	}
}

// charts and reports are made one at a time; one that waits is
// told so, and every one is answered.
func TestHeavyRendersOneAtATime(t *testing.T) {
	h := newHarness(t, harnessOpts{renderPatience: time.Millisecond})
	h.send(mum, "Rory 38.4")
	h.reactions(1)
	for _, w := range []string{"graphs", "graphs 2d", "graphs Rory", "graphs 24h"} {
		h.send(dad, w)
	}
	h.send(mum, "report")
	deadline := time.Now().Add(20 * time.Second)
	for {
		withFiles, waiting := 0, 0
		for _, c := range h.d.Calls("send") {
			if c.Params["attachments"] != nil {
				withFiles++
			}
			if strings.HasPrefix(c.Str("message"), "Working on it") {
				waiting++
			}
		}
		if withFiles == 5 {
			if waiting == 0 {
				t.Error("nobody waited, or was not told")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 5 answered", withFiles)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A command repeated within half a minute, with nothing recorded since,
// is answered by the one before: 300 "graphs" are one answer, not 387
// posts. After a new record, or half a minute, it is answered afresh.
func TestRepeatedCommandsCoalesce(t *testing.T) {
	var mu sync.Mutex
	var ahead time.Duration
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().Add(ahead) }
	h := newHarness(t, harnessOpts{now: clock})
	h.send(mum, "Rory 38.4")
	h.reactions(1)
	for i := 0; i < 30; i++ {
		h.send([]signalclitest.Person{mum, dad}[i%2], "graphs")
	}
	rs := h.reactions(30) // the 29 repeats are pointed at the answer above
	for _, r := range rs[1:] {
		if r.Str("emoji") != bot.EmojiSeeAbove {
			t.Fatalf("a repeat got %q", r.Str("emoji"))
		}
	}
	h.send(dad, "status")
	h.send(dad, "status")
	h.reactions(31)
	h.send(mum, "Rory 38.9")
	h.reactions(32)
	h.send(dad, "status") // answered afresh: a record came since
	mu.Lock()
	ahead = time.Minute
	mu.Unlock()
	h.send(dad, "graphs") // answered afresh: half a minute passed
	deadline := time.Now().Add(20 * time.Second)
	for {
		withFiles, status, fresh := 0, 0, false
		for _, c := range h.d.Calls("send") {
			switch {
			case c.Params["attachments"] != nil:
				withFiles++
			case strings.HasPrefix(c.Str("message"), "Freya:"):
				status++
				fresh = fresh || strings.Contains(c.Str("message"), "38.9")
			}
		}
		if withFiles == 2 && status == 2 && fresh {
			break
		}
		if time.Now().After(deadline) {
			for _, c := range h.d.Calls("send") {
				t.Logf("sent %q (files: %v)", c.Str("message"), c.Params["attachments"] != nil)
			}
			t.Fatalf("%d graphs and %d status answers, want 2 and 2", withFiles, status)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// an undo changes the records too: the next status is answered afresh
	h.send(mum, "undo")
	h.send(dad, "status")
	for {
		var last string
		status := 0
		for _, c := range h.d.Calls("send") {
			if c.Params["attachments"] == nil && strings.HasPrefix(c.Str("message"), "Freya:") {
				status++
				last = c.Str("message")
			}
		}
		if status == 3 {
			if strings.Contains(last, "38.9") {
				t.Errorf("the status after the undo still shows it:\n%s", last)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d status answers after the undo, want 3", status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An edit is bounded like a new message: an edit into a paste of numbers
// records nothing and says why.
func TestAnEditMakesAtMostTwentyRecords(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "Rory 38.4")
	h.reactions(1)
	var b strings.Builder
	b.WriteString("Rory")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, " 38.%d", i%10)
	}
	h.d.Deliver(h.d.Edit(family, mum, e.Timestamp(), b.String()))
	if r := h.replies(1)[0].Str("message"); !strings.HasPrefix(r, "Not stored: this message holds more than 64 readings") {
		t.Errorf("reply %q", r)
	}
	if st := h.stored(e); len(st.Observations) != 0 {
		t.Errorf("%d records after the edit", len(st.Observations))
	}
}
