package signalcli

import (
	"context"
	"errors"
	"strings"
)

// The calls below get an account onto a daemon started without -a
// (multi-account mode), as medbot setup does. A single-account daemon
// answers them with CodeMethodNotFound. Each names its account itself:
// the Client's Options.Account is not used for them.

// ListAccounts returns the numbers a multi-account daemon serves.
func (c *Client) ListAccounts(ctx context.Context) ([]string, error) {
	var raw []struct {
		Number string `json:"number"`
	}
	if err := c.Call(ctx, "listAccounts", nil, &raw); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(raw))
	for _, a := range raw {
		out = append(out, a.Number)
	}
	return out, nil
}

// StartLink asks for a device-link address (sgnl://linkdevice?…) for a
// phone to scan; FinishLink then waits for the scan.
func (c *Client) StartLink(ctx context.Context) (string, error) {
	var r struct {
		DeviceLinkURI string `json:"deviceLinkUri"`
	}
	if err := c.Call(ctx, "startLink", map[string]any{}, &r); err != nil {
		return "", err
	}
	if r.DeviceLinkURI == "" {
		return "", errors.New("signal-cli: startLink answered no deviceLinkUri")
	}
	return r.DeviceLinkURI, nil
}

// FinishLink waits until the phone has scanned uri (signal-cli gives up
// after a few minutes) and returns the number of the linked account.
func (c *Client) FinishLink(ctx context.Context, uri, deviceName string) (string, error) {
	var r struct {
		Number string `json:"number"`
	}
	err := c.Call(ctx, "finishLink", map[string]any{"deviceLinkUri": uri, "deviceName": deviceName}, &r)
	return r.Number, err
}

// Register asks Signal to send number a verification code by SMS (or a
// voice call), with a captcha token when Signal asked for one.
func (c *Client) Register(ctx context.Context, number string, voice bool, captcha string) error {
	p := map[string]any{"account": number}
	if voice {
		p["voice"] = true
	}
	if captcha != "" {
		p["captcha"] = captcha
	}
	return c.Call(ctx, "register", p, nil)
}

// Verify completes a Register with the code Signal sent (and the
// account's registration-lock PIN, when it has one).
func (c *Client) Verify(ctx context.Context, number, code, pin string) error {
	p := map[string]any{"account": number, "verificationCode": code}
	if pin != "" {
		p["pin"] = pin
	}
	return c.Call(ctx, "verify", p, nil)
}

// ListGroupsOf returns the groups of one account of a multi-account
// daemon ("" for the daemon's only account).
func (c *Client) ListGroupsOf(ctx context.Context, account string) ([]Group, error) {
	return c.listGroups(ctx, account)
}

// CaptchaRequired reports whether err is Signal asking for a captcha
// before it sends a code (or refusing the one given).
func CaptchaRequired(err error) bool {
	var re *RPCError
	return errors.As(err, &re) && re.Code == CodeUserError &&
		(strings.HasPrefix(re.Message, "Captcha required") || strings.HasPrefix(re.Message, "Invalid captcha"))
}

// PinLocked reports whether err is Signal asking for the number's
// registration-lock PIN.
func PinLocked(err error) bool {
	var re *RPCError
	return errors.As(err, &re) && re.Code == CodeUserError && strings.Contains(re.Message, "locked with a pin")
}

// NotImplemented reports whether the daemon does not know the method: a
// single-account daemon for the multi-account calls.
func NotImplemented(err error) bool {
	var re *RPCError
	return errors.As(err, &re) && re.Code == CodeMethodNotFound
}
