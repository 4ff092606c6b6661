package signalcli

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// The signal-cli versions medbot knows.
const (
	// MinVersion is the oldest signal-cli Signal's servers keep: since
	// April 2026 they unregister accounts whose signal-cli lacks the SPQR
	// capability, which 0.14.1 enabled (AsamK/signal-cli issues 1993,
	// 2001, 2004; 0.14.0's verify is refused with 499).
	MinVersion = "0.14.1"
	// CheckedVersion is the newest signal-cli whose source and changelog
	// medbot's client and fake daemon were checked against.
	CheckedVersion = "0.14.6"
	// PollVersion is the first signal-cli with polls (sendPollCreate).
	PollVersion = "0.13.23"
)

// VersionAtLeast reports whether signal-cli version v ("0.14.6",
// "0.14.4.1", "0.13.19-SNAPSHOT") is min or newer; an unreadable version
// is not.
func VersionAtLeast(v, min string) bool {
	a, b := versionParts(v), versionParts(min)
	if a == nil {
		return false
	}
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := at(a, i), at(b, i)
		if x != y {
			return x > y
		}
	}
	return true
}

func at(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func versionParts(v string) []int {
	v, _, _ = strings.Cut(strings.TrimPrefix(strings.TrimSpace(v), "v"), "-")
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// AccountGone reports whether err is signal-cli saying that the account,
// or this linked device, is no longer registered with Signal: the server
// refused its credentials ("[401] Authorization failed!",
// AuthorizationFailedException), the account is marked unregistered ("User
// +44… is not registered." for the account itself), the version was
// refused (DeprecatedVersionException, 499), or a multi-account daemon
// dropped the account after such a failure ("Specified account does not
// exist"). A recipient who is not registered ("The user +44… is not
// registered.") is not the account gone.
func AccountGone(err error) bool {
	var re *RPCError
	if !errors.As(err, &re) {
		return false
	}
	m := re.Message
	switch {
	case strings.Contains(m, "Authorization failed"), strings.Contains(m, "AuthorizationFailedException"),
		strings.Contains(m, "DeprecatedVersion"), strings.Contains(m, "[499]"):
		return true
	case strings.HasPrefix(m, "User ") && strings.Contains(m, "is not registered"):
		return true
	case re.Code == CodeInvalidParams && strings.Contains(m, "Specified account does not exist"):
		return true
	}
	return false
}

// ProofRequired returns the challenge token when err is Signal asking for a
// captcha before the account may send again (signal-cli answers -5 with a
// RATE_LIMIT_FAILURE result that carries a token; 0.14.3 and later).
func ProofRequired(err error) (token string, ok bool) {
	var re *RPCError
	if !errors.As(err, &re) || re.Code != CodeRateLimited {
		return "", false
	}
	for _, r := range re.results() {
		if r.Token != "" {
			return r.Token, true
		}
	}
	return "", false
}

// Health is what the client saw of Signal: when it last sent, received
// and passed a probe, and whether signal-cli said the account is gone or
// asked for a captcha. It never holds message content.
type Health struct {
	LastSent, LastProbe time.Time
	// Received is when each group last delivered a message.
	Received map[medbot.GroupID]time.Time
	// Gone is signal-cli's words when it last said the account is no
	// longer registered (GoneAt), "" once a send or probe worked since.
	Gone   string
	GoneAt time.Time
	// ProofToken is the challenge Signal asked to solve (ProofAt), ""
	// once a send worked since.
	ProofToken string
	ProofAt    time.Time
	// DownSince is when the connection to signal-cli was lost; zero while
	// it is up.
	DownSince time.Time
}

// Health returns a copy of what the client saw of Signal.
func (c *Client) Health() Health {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	h := c.health
	h.Received = make(map[medbot.GroupID]time.Time, len(c.health.Received))
	for g, t := range c.health.Received {
		h.Received[g] = t
	}
	return h
}

// sends are the methods whose success shows Signal took a message.
var sends = map[string]bool{"send": true, "sendReaction": true, "sendPollCreate": true}

// observe notes what a call's outcome says of the account.
func (c *Client) observe(method string, err error) {
	now := c.o.now()
	c.hmu.Lock()
	defer c.hmu.Unlock()
	h := &c.health
	switch {
	case err == nil && (sends[method] || method == "listDevices"):
		if method == "listDevices" {
			h.LastProbe = now
		} else {
			h.LastSent = now
			h.ProofToken, h.ProofAt = "", time.Time{}
		}
		if h.Gone != "" {
			c.log.Info("signal answers for the account again")
		}
		h.Gone, h.GoneAt = "", time.Time{}
	case AccountGone(err):
		var re *RPCError
		errors.As(err, &re)
		if h.Gone == "" {
			h.GoneAt = now
			c.log.Error("signal-cli says the account is no longer registered with Signal: run medbot setup again to link or register it", "method", method, "code", re.Code)
		}
		h.Gone = re.Message
	default:
		if token, ok := ProofRequired(err); ok {
			if h.ProofToken == "" {
				h.ProofAt = now
				c.log.Error("Signal asks for a captcha before medbot may send again: see medbot check for the steps", "method", method)
			}
			h.ProofToken = token
		}
	}
}

// received notes a message from group.
func (c *Client) received(group medbot.GroupID) {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	if c.health.Received == nil {
		c.health.Received = map[medbot.GroupID]time.Time{}
	}
	c.health.Received[group] = c.o.now()
}

// down notes that the connection was lost (at) or restored (zero).
func (c *Client) down(at time.Time) {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	c.health.DownSince = at
}

// Probe proves the account still works with one authenticated round trip
// to Signal's servers through signal-cli: listDevices, the cheapest call
// that needs both the server and the account (ManagerImpl.getLinkedDevices
// asks the server for the account's devices; it reads nothing of the
// family's). Its outcome is in Health.
func (c *Client) Probe(ctx context.Context) error {
	var devices []json.RawMessage
	return c.Call(ctx, "listDevices", nil, &devices)
}

// AcceptInvite accepts the invitation to group: signal-cli's updateGroup
// with no changes accepts a pending membership (GroupHelper.updateGroupV2).
// account names the account on a multi-account daemon ("": the client's).
func (c *Client) AcceptInvite(ctx context.Context, account string, group medbot.GroupID) error {
	return c.Call(ctx, "updateGroup", withAccount(account, map[string]any{"groupId": string(group)}), nil)
}

// SetProfileName gives the account a profile name, so that the family sees
// "medbot" rather than a bare number. Only for a number of medbot's own: a
// linked parent's phone keeps the parent's name.
func (c *Client) SetProfileName(ctx context.Context, account, name string) error {
	return c.Call(ctx, "updateProfile", withAccount(account, map[string]any{"givenName": name}), nil)
}

func withAccount(account string, p map[string]any) map[string]any {
	if account != "" {
		p["account"] = account
	}
	return p
}
