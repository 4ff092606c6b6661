package signalcli_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// TestFakeAnswersAsTheRealDaemon: the fake answers each request below with
// the code and message the real signal-cli 0.13.19 gave (recorded from
// ../shared/signal-cli-offline on 2026-11-24), online and offline, so
// medbot's handling of them is tested against what it will really meet.
func TestFakeAnswersAsTheRealDaemon(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	g := string(family)
	unknown := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 32)))
	const ts = 1764000000000
	cases := []struct {
		name    string
		offline bool
		method  string
		params  map[string]any
		code    int // 0: success
		message string
	}{
		{"no targetTimestamp", false, "sendReaction", map[string]any{"groupId": g, "emoji": "💊", "targetAuthor": mum.UUID}, -32603, `Cannot invoke "java.lang.Long.longValue()" because "targetTimestamp" is null (NullPointerException)`},
		{"empty emoji is accepted", false, "sendReaction", map[string]any{"groupId": g, "emoji": "", "targetAuthor": mum.UUID, "targetTimestamp": ts}, 0, ""},
		{"quote without author", false, "send", map[string]any{"groupId": g, "message": "x", "quoteTimestamp": ts}, -1, "Quote author parameter is missing"},
		{"no recipients", false, "send", map[string]any{"message": "x"}, -1, "No recipients given"},
		{"empty message", false, "send", map[string]any{"groupId": g, "message": ""}, -1, "Sending empty message is not allowed, either a message, attachment or sticker must be given."},
		{"typing, unknown group", false, "sendTyping", map[string]any{"groupId": unknown}, -1, "Failed to send to group: Group not found: " + unknown},
		{"send, unknown group", false, "send", map[string]any{"groupId": unknown, "message": "x"}, -1, "Group not found: " + unknown},
		{"reaction, unknown group", false, "sendReaction", map[string]any{"groupId": unknown, "emoji": "💊", "targetAuthor": mum.UUID, "targetTimestamp": ts}, -1, "Group not found: " + unknown},
		{"reaction offline", true, "sendReaction", map[string]any{"groupId": g, "emoji": "💊", "targetAuthor": mum.UUID, "targetTimestamp": ts}, -32603, "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException) (UnexpectedErrorException)"},
		{"send offline", true, "send", map[string]any{"groupId": g, "message": "x"}, -32603, "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException) (UnexpectedErrorException)"},
		{"typing offline", true, "sendTyping", map[string]any{"groupId": g}, -1, "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException)"},
	}
	for _, tc := range cases {
		d.Offline(tc.offline)
		err := c.Call(ctx, tc.method, tc.params, nil)
		var re *signalcli.RPCError
		switch {
		case tc.code == 0 && err != nil:
			t.Errorf("%s: %v, want success", tc.name, err)
		case tc.code != 0 && (!errors.As(err, &re) || re.Code != tc.code || re.Message != tc.message):
			t.Errorf("%s: %v\nwant code %d %q", tc.name, err, tc.code, tc.message)
		case tc.code != 0:
			// and medbot retries exactly the network failures
			if _, retry := re.RetryAfter(); retry != tc.offline {
				t.Errorf("%s: retried %v", tc.name, retry)
			}
		}
	}
	d.Offline(false)
	var groups []map[string]any
	if err := c.Call(ctx, "listGroups", nil, &groups); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"messageExpirationTime", "banned", "permissionAddMember", "permissionEditDetails", "permissionSendMessage", "admins"} {
		if _, ok := groups[0][k]; !ok {
			t.Errorf("listGroups lacks %s, which the real daemon sends", k)
		}
	}
}
