package bot_test

import (
	"testing"
)

// During a Signal outage signal-cli 0.13.19 answers a group reaction or
// reply with -32603 "Failed to send message: … (IOException)": medbot
// tries again and the reaction arrives once Signal is back (issue 17).
func TestReactionRetriedWhileSignalUnreachable(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	for i := 0; i < 3; i++ {
		h.d.Fail("sendReaction", -32603, "Failed to send message: chat.signal.org (IOException) (UnexpectedErrorException)", nil)
	}
	h.send(mum, "Rory 38.4")
	if r := h.reactions(4); r[3].Str("emoji") != "🌡️" {
		t.Errorf("%+v", r[3].Params)
	}
	// a refused reaction (a validation error) is not sent again and again
	h.d.Fail("sendReaction", -1, "Quote author parameter is missing", nil)
	h.send(mum, "Freya 37.9")
	h.quiet("sendReaction", 5)
}
