package signalclitest

import (
	"fmt"
	"slices"
	"strings"
)

type fault struct {
	code    int
	message string
	data    any
}

// Fail makes the next call of method fail with signal-cli's error code and
// message (data may be nil).
func (d *Daemon) Fail(method string, code int, message string, data any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.faults[method] = append(d.faults[method], fault{code, message, data})
}

// Offline makes sends fail as signal-cli 0.13.19 fails them when it cannot
// reach Signal (true) or lets them through again (false).
func (d *Daemon) Offline(offline bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.offline = offline
}

// RateLimit makes the next call of method fail as rate-limited by Signal
// (HTTP 413). signal-cli 0.14.3 and later say how long to wait
// (retryAfterSeconds); older ones do not.
func (d *Daemon) RateLimit(method string, retryAfter int) {
	r := map[string]any{"type": "RATE_LIMIT_FAILURE"}
	if d.atLeast("0.14.3") {
		r["retryAfterSeconds"] = retryAfter
	}
	d.Fail(method, -5, "Failed to send message due to rate limiting", map[string]any{
		"response": map[string]any{"timestamp": 0, "results": []any{r}},
	})
}

// ProofRequired makes every send fail as Signal's proof-required
// challenge does (a RATE_LIMIT_FAILURE with a token), until
// submitRateLimitChallenge is called with that token and a captcha.
func (d *Daemon) ProofRequired(token string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.proof = token
}

// Deauthorize makes Signal refuse the account's credentials, as when the
// account or this linked device was unregistered: sends and listDevices
// fail with AuthorizationFailedException, as signal-cli 0.14 reports it.
func (d *Daemon) Deauthorize() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deauth = true
}

// Reauthorize undoes Deauthorize: the account was linked or registered
// again.
func (d *Daemon) Reauthorize() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deauth = false
}

// Polls returns the polls sent (sendPollCreate calls).
func (d *Daemon) Polls() []Call {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.polls)
}

// atLeast reports whether the daemon behaves as signal-cli min or newer.
func (d *Daemon) atLeast(min string) bool {
	return versionAtLeast(d.o.Version, min)
}

// versionAtLeast compares dotted versions ("0.14.4.1").
func versionAtLeast(v, min string) bool {
	a, b := strings.Split(v, "."), strings.Split(min, ".")
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y int
		if i < len(a) {
			fmt.Sscan(a[i], &x)
		}
		if i < len(b) {
			fmt.Sscan(b[i], &y)
		}
		if x != y {
			return x > y
		}
	}
	return true
}
