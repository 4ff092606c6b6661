package signalcli_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

func TestVersionAtLeast(t *testing.T) {
	for _, tt := range []struct {
		v, min string
		want   bool
	}{
		{"0.14.1", "0.14.1", true},
		{"0.14.10", "0.14.1", true},
		{"0.14.4.1", "0.14.4", true},
		{"0.14.0", "0.14.1", false},
		{"0.13.19", "0.14.1", false},
		{"0.13.24", "0.13.23", true},
		{"0.15.0-SNAPSHOT", "0.14.1", true},
		{"v0.14.2", "0.14.1", true},
		{"", "0.14.1", false},
		{"unknown", "0.14.1", false},
	} {
		if got := signalcli.VersionAtLeast(tt.v, tt.min); got != tt.want {
			t.Errorf("VersionAtLeast(%q, %q) = %v", tt.v, tt.min, got)
		}
	}
}

// TestAccountGone: what signal-cli says when the account or this linked
// device is no longer registered, and what only looks like it.
func TestAccountGone(t *testing.T) {
	for _, tt := range []struct {
		code int
		msg  string
		want bool
	}{
		{-32603, "Failed to send message: [401] Authorization failed! (AuthorizationFailedException) (UnexpectedErrorException)", true},
		{-3, "Failed to get linked devices: [403] Authorization failed!", true},
		{-1, "User +447700900001 is not registered.", true},
		{-3, "Verify error: [499] DeprecatedVersionException", true},
		{-32602, "Specified account does not exist", true},
		{-1, "The user +447700900111 is not registered.", false}, // a recipient
		{-32603, "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException) (UnexpectedErrorException)", false},
		{-5, "Failed to send message due to rate limiting", false},
	} {
		err := &signalcli.RPCError{Method: "send", Code: tt.code, Message: tt.msg}
		if got := signalcli.AccountGone(err); got != tt.want {
			t.Errorf("AccountGone(%d %q) = %v", tt.code, tt.msg, got)
		}
	}
	if signalcli.AccountGone(errors.New("[401] Authorization failed!")) {
		t.Error("a plain error is not signal-cli's answer")
	}
}

// TestHealthOnSendAndProbe: a send or a probe that works is noted; one that
// Signal refuses for the account's credentials marks the account gone,
// until one works again.
func TestHealthOnSendAndProbe(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	if err := c.Probe(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, bot.Reply{Group: family, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	h := c.Health()
	if h.LastProbe.IsZero() || h.LastSent.IsZero() || h.Gone != "" {
		t.Fatalf("after a probe and a send: %+v", h)
	}
	d.Deauthorize()
	_, err := c.Send(ctx, bot.Reply{Group: family, Text: "hello"})
	if !signalcli.AccountGone(err) {
		t.Fatalf("send after deauthorization: %v", err)
	}
	if h := c.Health(); !strings.Contains(h.Gone, "Authorization failed") || h.GoneAt.IsZero() {
		t.Errorf("on send: %+v", h)
	}
	var re *signalcli.RPCError
	if errors.As(err, &re); func() bool { _, retry := re.RetryAfter(); return retry }() {
		t.Error("a gone account is retried")
	}
	if err := c.Probe(ctx); !signalcli.AccountGone(err) {
		t.Errorf("probe: %v", err)
	}
}

// TestHealthOnReceive: Signal refusing the credentials while receiving
// marks the account gone too.
func TestHealthOnReceive(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	d.DeliverAuthFailure()
	d.Deliver(d.Text(family, mum, "Rory 38.4"))
	next(t, c) // delivered in order: the failure was read before it
	if h := c.Health(); !strings.Contains(h.Gone, "Authorization failed") {
		t.Errorf("on receive: %+v", h)
	}
	if h := c.Health(); h.Received[family].IsZero() {
		t.Errorf("the family's message is not noted: %+v", h)
	}
}

// TestProofRequired: a captcha challenge is kept, with its token, and not
// retried; submitting the challenge lets sends through again.
func TestProofRequired(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	d.ProofRequired("challenge-token-1")
	_, err := c.Send(ctx, bot.Reply{Group: family, Text: "hello"})
	token, ok := signalcli.ProofRequired(err)
	if !ok || token != "challenge-token-1" {
		t.Fatalf("proof required: %v, %q %v", err, token, ok)
	}
	var re *signalcli.RPCError
	errors.As(err, &re)
	if _, retry := re.RetryAfter(); retry {
		t.Error("a send waiting for a captcha is retried")
	}
	if h := c.Health(); h.ProofToken != "challenge-token-1" || h.ProofAt.IsZero() {
		t.Errorf("health: %+v", h)
	}
	if err := c.Call(ctx, "submitRateLimitChallenge", map[string]any{"challenge": "wrong", "captcha": "signalcaptcha://x"}, nil); !errors.As(err, &re) || re.Code != signalcli.CodeCaptchaRejected {
		t.Errorf("a wrong challenge: %v", err)
	}
	if err := c.Call(ctx, "submitRateLimitChallenge", map[string]any{"challenge": "challenge-token-1", "captcha": "signalcaptcha://x"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, bot.Reply{Group: family, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if h := c.Health(); h.ProofToken != "" {
		t.Errorf("after a send: %+v", h)
	}
}

// TestRateLimitRetryAfter: 0.14.3 and later say how long a plain rate limit
// lasts; 0.13.19 does not.
func TestRateLimitRetryAfter(t *testing.T) {
	for v, want := range map[string]time.Duration{"0.14.6": 30 * time.Second, "0.13.19": 0} {
		d := daemon(t, signalclitest.Options{Version: v})
		c, _ := connect(t, d, signalcli.Options{})
		d.RateLimit("send", 30)
		_, err := c.Send(context.Background(), bot.Reply{Group: family, Text: "hello"})
		var re *signalcli.RPCError
		if !errors.As(err, &re) {
			t.Fatalf("%s: %v", v, err)
		}
		if after, retry := re.RetryAfter(); !retry || after != want {
			t.Errorf("%s: retry after %v %v, want %v", v, after, retry, want)
		}
	}
}

// TestAdminDeleteAndExpiration: a group admin's delete of someone's
// message withdraws it like the author's own delete; a disappearing-timer
// change is no message.
func TestAdminDeleteAndExpiration(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	e := d.Text(family, mum, "Rory 38.4")
	d.Deliver(e)
	next(t, c)
	d.Deliver(d.ExpirationUpdate(family, dad, 604800))
	d.Deliver(d.AdminDelete(family, dad, mum, e.Timestamp()))
	ev := next(t, c)
	if ev.Kind != bot.Delete || ev.Author != mum.UUID || ev.TargetMS != e.Timestamp() || ev.Group != family {
		t.Errorf("admin delete: %+v", ev)
	}
}

// TestLongText: signal-cli 0.14 gives a long message whole; 0.13.19 its
// cut body.
func TestLongText(t *testing.T) {
	long := strings.Repeat("Rory 38.4 then calpol 5ml. ", 120)
	for v, want := range map[string]int{"0.14.6": len(long), "0.13.19": 2000} {
		d := daemon(t, signalclitest.Options{Version: v})
		c, _ := connect(t, d, signalcli.Options{})
		d.Deliver(d.LongText(family, mum, long))
		if ev := next(t, c); len(ev.Text) != want {
			t.Errorf("%s: %d characters, want %d", v, len(ev.Text), want)
		}
	}
}

// TestInvitation: a group the account was only invited to lists the
// account as pending; accepting makes it a member.
func TestInvitation(t *testing.T) {
	d := daemon(t, signalclitest.Options{Groups: []signalclitest.Group{{ID: family, Name: "Family health", Invited: true, Members: []signalclitest.Person{mum, dad}}}})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	gs, err := c.ListGroups(ctx)
	if err != nil || len(gs) != 1 || gs[0].IsMember || len(gs[0].Pending) == 0 {
		t.Fatalf("%+v %v", gs, err)
	}
	if err := c.AcceptInvite(ctx, "", family); err != nil {
		t.Fatal(err)
	}
	if gs, _ := c.ListGroups(ctx); !gs[0].IsMember {
		t.Errorf("after accepting: %+v", gs)
	}
	if err := c.SetProfileName(ctx, "", "medbot"); err != nil {
		t.Error(err)
	}
	if calls := d.Calls("updateProfile"); len(calls) != 1 || calls[0].Str("givenName") != "medbot" {
		t.Errorf("updateProfile calls: %+v", calls)
	}
}
