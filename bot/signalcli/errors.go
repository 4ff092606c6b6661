package signalcli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrDisconnected is returned by calls whose connection dropped before the
// response arrived, or that were made while no connection could be had.
var ErrDisconnected = errors.New("signal-cli: not connected")

// ErrClosed is returned by calls on a Client that was closed. Trying again
// cannot help (it is bot.Retryable, saying so).
var ErrClosed error = closedError{}

type closedError struct{}

func (closedError) Error() string { return "signal-cli: client closed" }

// RetryAfter says a closed client will never answer.
func (closedError) RetryAfter() (time.Duration, bool) { return 0, false }

// Error codes signal-cli answers with.
const (
	CodeParse          = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternal       = -32603
	CodeUserError      = -1
	CodeIOError        = -3
	CodeUntrusted      = -4
	CodeRateLimited    = -5
	// CodeCaptchaRejected is 0.14.3's answer when Signal rejected a
	// captcha (register, submitRateLimitChallenge); the changelog says
	// "code (6)", the source -6.
	CodeCaptchaRejected = -6
)

// RPCError is an error response from signal-cli (errors.As).
type RPCError struct {
	Method  string          `json:"-"`
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// Error names the method, signal-cli's message and its code.
func (e *RPCError) Error() string {
	return fmt.Sprintf("signal-cli: %s: %s (code %d)", e.Method, e.Message, e.Code)
}

// RetryAfter says whether sending again can help (bot.Retryable): after a
// rate limit, once the wait Signal asked for is over, and after a failure
// to reach Signal; a refused request (a validation error, an unregistered
// recipient, an unknown group), never.
func (e *RPCError) RetryAfter() (time.Duration, bool) {
	if _, proof := ProofRequired(e); proof {
		return 0, false // nothing goes until a parent solves the captcha (medbot check says how)
	}
	if AccountGone(e) {
		return 0, false // nothing goes until the account is linked or registered again
	}
	if limited, after := e.RateLimited(); limited {
		return time.Duration(after) * time.Second, true
	}
	return 0, e.Unreachable()
}

// Unreachable reports whether signal-cli failed to reach Signal, as
// 0.13.19 says it: -3; a group send or reaction's -32603 "Failed to send
// message: … (IOException)"; a direct send's -1 "Failed to send message"
// with a NETWORK_FAILURE result (an UNREGISTERED_FAILURE or any other
// result type will not go away by retrying).
func (e *RPCError) Unreachable() bool {
	switch e.Code {
	case CodeIOError:
		return true
	case CodeInternal:
		return strings.HasPrefix(e.Message, "Failed to send message")
	case CodeUserError:
		if !strings.HasPrefix(e.Message, "Failed to send message") {
			return false // "No recipients given", "Quote author parameter is missing", …
		}
		// a direct send names each recipient's failure; sendTyping none
		for _, r := range e.results() {
			if r.Type != "NETWORK_FAILURE" {
				return false
			}
		}
		return true
	}
	return false
}

// RateLimited reports whether signal-cli refused because Signal rate-limits
// the account, and how long to wait (0 when it did not say).
func (e *RPCError) RateLimited() (bool, int) {
	if e.Code != CodeRateLimited {
		return false, 0
	}
	wait := 0
	for _, r := range e.results() {
		if r.RetryAfterSeconds > wait {
			wait = r.RetryAfterSeconds
		}
	}
	return true, wait
}

// sendResult is one recipient's outcome in a send error's data.
type sendResult struct {
	Type              string `json:"type"` // NETWORK_FAILURE, UNREGISTERED_FAILURE, RATE_LIMIT_FAILURE, …
	RetryAfterSeconds int    `json:"retryAfterSeconds"`
	// Token is set on a RATE_LIMIT_FAILURE that needs a captcha solved
	// (proof required); 0.14.3 and later.
	Token string `json:"token"`
}

// results reads the per-recipient outcomes signal-cli puts in a send
// error's data (none when it sent no such data).
func (e *RPCError) results() []sendResult {
	var d struct {
		Response struct {
			Results []sendResult `json:"results"`
		} `json:"response"`
	}
	json.Unmarshal(e.Data, &d)
	return d.Response.Results
}
