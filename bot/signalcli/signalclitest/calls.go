package signalclitest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Call is one request the daemon received.
type Call struct {
	Method string
	Params map[string]any
	Raw    json.RawMessage
	// Result is the timestamp the daemon answered a send or reaction with.
	Timestamp int64
	// At is when the daemon received the call.
	At time.Time
}

// Attachment is an attachment of a send, decoded from its data URI.
type Attachment struct {
	ContentType, Filename string
	Data                  []byte
}

// Attachments decodes a send's attachments.
func (c Call) Attachments() ([]Attachment, error) {
	raw, _ := c.Params["attachments"].([]any)
	var out []Attachment
	for _, r := range raw {
		s, _ := r.(string)
		if !strings.HasPrefix(s, "data:") {
			return nil, fmt.Errorf("attachment is not a data URI")
		}
		head, b64, ok := strings.Cut(s[5:], ";base64,")
		if !ok {
			return nil, fmt.Errorf("attachment has no ;base64,")
		}
		parts := strings.Split(head, ";")
		a := Attachment{ContentType: parts[0]}
		for _, p := range parts[1:] {
			if v, ok := strings.CutPrefix(p, "filename="); ok {
				a.Filename = v
			}
		}
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, err
		}
		a.Data = data
		out = append(out, a)
	}
	return out, nil
}

// Str returns a string parameter.
func (c Call) Str(name string) string { s, _ := c.Params[name].(string); return s }

// Int returns an integer parameter.
func (c Call) Int(name string) int64 {
	switch v := c.Params[name].(type) {
	case float64:
		return int64(v)
	case json.Number:
		n, _ := v.Int64()
		return n
	}
	return 0
}

// Bool returns a boolean parameter.
func (c Call) Bool(name string) bool { b, _ := c.Params[name].(bool); return b }

// Calls returns the calls of method received so far (all calls for "").
func (d *Daemon) Calls(method string) []Call {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Call
	for _, c := range d.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until n calls of method were received, and returns them;
// the test fails after timeout.
func (d *Daemon) WaitCalls(method string, n int, timeout time.Duration) []Call {
	d.t.Helper()
	deadline := time.After(timeout)
	for {
		d.mu.Lock()
		ch := d.changed
		d.mu.Unlock()
		calls := d.Calls(method)
		if len(calls) >= n {
			return calls
		}
		select {
		case <-ch:
		case <-deadline:
			d.t.Fatalf("signalclitest: waited %v for %d %s calls, got %d", timeout, n, method, len(calls))
			return calls
		}
	}
}
