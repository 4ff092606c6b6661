package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestWhoPoll: on a signal-cli with polls, "Who is this for?" is a poll of
// the children and Both; a vote answers it as a reply naming the child
// would, and a typed answer still works.
func TestWhoPoll(t *testing.T) {
	h := newHarness(t, harnessOpts{polls: true})
	e := h.send(mum, "calpol 5ml")
	h.reactions(1)
	var polls []string
	for i := 0; i < 500 && len(h.d.Polls()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	ps := h.d.Polls()
	if len(ps) != 1 {
		t.Fatalf("%d polls sent", len(ps))
	}
	if q := ps[0].Str("question"); q[:len("Who is this for: paracetamol 5 ml at ")] != "Who is this for: paracetamol 5 ml at " {
		t.Errorf("question %q", q)
	}
	for _, o := range ps[0].Params["option"].([]any) {
		polls = append(polls, o.(string))
	}
	if len(polls) != 3 || polls[0] != "Freya" || polls[1] != "Rory" || polls[2] != "Both" {
		t.Errorf("options %q", polls)
	}
	if n := len(h.d.Calls("send")); n != 0 {
		t.Errorf("asked in words too: %d sends", n)
	}
	h.d.Deliver(h.d.PollVote(family, dad, h.d.Account(), ps[0].Timestamp, 1))
	rs := h.reactions(2)
	if rs[1].Str("emoji") != "💊" || rs[1].Int("targetTimestamp") != e.Timestamp() {
		t.Errorf("reaction after the vote: %+v", rs[1].Params)
	}
	obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Rory", Kinds: []medbot.Kind{medbot.Medication}})
	if len(obs) != 1 {
		t.Errorf("Rory's doses after the vote: %+v", obs)
	}
	// a vote on a poll already answered changes nothing
	h.d.Deliver(h.d.PollVote(family, mum, h.d.Account(), ps[0].Timestamp, 2))
	h.send(mum, "Freya 38.1")
	h.reactions(3)
	if obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Freya", Kinds: []medbot.Kind{medbot.Medication}}); len(obs) != 0 {
		t.Errorf("a second vote recorded Freya's dose: %+v", obs)
	}
	// a typed answer works as ever
	h.send(mum, "nurofen 5ml")
	h.reactions(4)
	h.send(dad, "Freya")
	rs = h.reactions(5)
	if rs[4].Str("emoji") != "💊" {
		t.Errorf("typed answer: %+v", rs[4].Params)
	}
}

// TestNoPollOnOldSignalCLI: before 0.13.23 the question is asked in words.
func TestNoPollOnOldSignalCLI(t *testing.T) {
	h := newHarness(t, harnessOpts{version: "0.13.19"})
	h.send(mum, "calpol 5ml")
	h.reactions(1)
	sends := h.d.WaitCalls("send", 1, 5*time.Second)
	if m := sends[0].Str("message"); m[:len("Who is this for")] != "Who is this for" {
		t.Errorf("asked %q", m)
	}
	if n := len(h.d.Polls()); n != 0 {
		t.Errorf("%d polls on 0.13.19", n)
	}
}
