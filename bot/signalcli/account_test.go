package signalcli_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// TestAccountCallsAsTheRealDaemon: the multi-account answers observed from
// the real 0.13.19 daemon offline (no accounts, 2026-11-24) come back the
// same from the fake, through the Client's calls.
func TestAccountCallsAsTheRealDaemon(t *testing.T) {
	d := daemon(t, signalclitest.Options{Accounts: []string{}})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	want := func(name string, err error, code int, message string) {
		t.Helper()
		var re *signalcli.RPCError
		if !errors.As(err, &re) || re.Code != code || re.Message != message {
			t.Errorf("%s: %v\nwant code %d %q", name, err, code, message)
		}
	}
	accts, err := c.ListAccounts(ctx)
	if err != nil || len(accts) != 0 {
		t.Errorf("listAccounts: %v %v, want none", accts, err)
	}
	_, err = c.ListGroupsOf(ctx, "")
	want("listGroups, no account", err, -32602, "Method requires valid account parameter")
	_, err = c.FinishLink(ctx, "sgnl://linkdevice?uuid=x&pub_key=y", "medbot")
	want("finishLink, unknown uri", err, -1, "Unknown device link uri.")
	err = c.Verify(ctx, "+447700900999", "123-456", "")
	want("verify before register", err, -32603, "Parameter specified as non-null is null: method org.whispersystems.signalservice.api.registration.RegistrationApi.verifyAccount, parameter sessionId (NullPointerException)")
	d.Offline(true)
	_, err = c.StartLink(ctx)
	want("startLink offline", err, -3, "Link request error: Connection closed!")
	err = c.Register(ctx, "+447700900999", false, "")
	want("register offline", err, -3, "Failed to register: java.net.UnknownHostException: chat.signal.org (PushNetworkException)")
	err = c.Register(ctx, "+447700900999", true, "")
	want("register by voice offline", err, -3, "Failed to register: java.net.UnknownHostException: chat.signal.org (PushNetworkException)")
}

func TestLinkAndRegister(t *testing.T) {
	d := daemon(t, signalclitest.Options{Accounts: []string{}, LinkNumber: "+447700900002", CaptchaFirst: true, PIN: "1234"})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()

	uri, err := c.StartLink(ctx)
	if err != nil || !strings.HasPrefix(uri, "sgnl://linkdevice?") {
		t.Fatalf("startLink: %q %v", uri, err)
	}
	number, err := c.FinishLink(ctx, uri, "medbot")
	if err != nil || number != "+447700900002" {
		t.Fatalf("finishLink: %q %v", number, err)
	}
	if call := d.Calls("finishLink")[0]; call.Str("deviceName") != "medbot" || call.Str("deviceLinkUri") != uri {
		t.Errorf("finishLink sent %v", call.Params)
	}

	err = c.Register(ctx, "+447700900003", false, "")
	if !signalcli.CaptchaRequired(err) {
		t.Fatalf("register without captcha: %v, want a captcha request", err)
	}
	if err := c.Register(ctx, "+447700900003", false, "signalcaptcha://token"); err != nil {
		t.Fatalf("register with captcha: %v", err)
	}
	if got := d.Calls("register")[1]; got.Str("captcha") != "signalcaptcha://token" || got.Str("account") != "+447700900003" {
		t.Errorf("register sent %v", got.Params)
	}
	if err := c.Verify(ctx, "+447700900003", "999-999", ""); err == nil || signalcli.PinLocked(err) {
		t.Errorf("a wrong code: %v", err)
	}
	if err := c.Verify(ctx, "+447700900003", "123-456", ""); !signalcli.PinLocked(err) {
		t.Errorf("no pin for a locked number: %v, want the pin asked for", err)
	}
	if err := c.Verify(ctx, "+447700900003", "123-456", "1234"); err != nil {
		t.Fatalf("verify: %v", err)
	}
	accts, _ := c.ListAccounts(ctx)
	if !slices.Equal(accts, []string{"+447700900002", "+447700900003"}) {
		t.Errorf("accounts after linking and registering: %v", accts)
	}
}

func TestSingleAccountDaemonHasNoAccountCalls(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	if _, err := c.ListAccounts(context.Background()); !signalcli.NotImplemented(err) {
		t.Errorf("listAccounts on a single-account daemon: %v, want method not implemented", err)
	}
}
