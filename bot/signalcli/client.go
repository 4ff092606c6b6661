package signalcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// Options configure a Client.
type Options struct {
	// Network is "unix" or "tcp"; Address the socket path or host:port.
	Network, Address string
	// Account is sent with every request, for a daemon serving several
	// accounts; "" for a single-account daemon.
	Account string
	// Subscribe calls subscribeReceive after every connect, for a daemon
	// started with --receive-mode=manual.
	Subscribe bool
	// Log gets connection events; nil discards. It never gets message
	// content.
	Log *slog.Logger
	// MinBackoff and MaxBackoff bound the reconnect delay (default 1 s
	// doubling to 1 min, with jitter).
	MinBackoff, MaxBackoff time.Duration
	// QueueBytes and QueueEvents bound the events read but not yet taken
	// by the bot (default 1 MiB and 64); past them, reading from signal-cli
	// pauses. Reading ahead is what medbot loses if it is killed: signal-cli
	// has handed those messages over. Kept small, the rest stay with
	// signal-cli (and Signal's server) until medbot is ready for them.
	QueueBytes, QueueEvents int
	// Now is the clock Health is kept by (nil: time.Now).
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// Client talks to one signal-cli daemon, reconnecting when the connection
// drops. It is safe for concurrent use.
type Client struct {
	o        Options
	log      *slog.Logger
	pumpOnce sync.Once // Connect may be tried again after a refusal

	mu      sync.Mutex
	cur     *conn
	ready   chan struct{} // closed while cur is usable
	closed  bool
	sub     int // subscription id in manual mode
	outages int

	qmu    sync.Mutex
	qcond  *sync.Cond
	queue  []Event
	qbytes int
	events chan Event

	hmu    sync.Mutex
	health Health
}

// New returns a Client; it does not connect until Connect or Run.
func New(o Options) *Client {
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.QueueBytes <= 0 {
		o.QueueBytes = 1 << 20
	}
	if o.QueueEvents <= 0 {
		o.QueueEvents = 64
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Client{o: o, log: log, ready: make(chan struct{}), events: make(chan Event)}
	c.qcond = sync.NewCond(&c.qmu)
	return c
}

// Events delivers incoming messages in the order signal-cli sent them.
func (c *Client) Events() <-chan Event { return c.events }

// Connect makes the first connection (and subscribes in manual mode); it
// may be called again when it fails.
func (c *Client) Connect(ctx context.Context) error {
	c.pumpOnce.Do(func() { go c.pump() })
	return c.dial(ctx)
}

func (c *Client) dial(ctx context.Context) error {
	var d net.Dialer
	nc, err := d.DialContext(ctx, c.o.Network, c.o.Address)
	if err != nil {
		return fmt.Errorf("signal-cli: connecting to %s %s: %w", c.o.Network, c.o.Address, err)
	}
	cn := newConn(nc, c.notify, c.wakeReader, c.badLine)
	if c.o.Subscribe {
		var sub int
		if err := cn.call(ctx, "subscribeReceive", c.params(nil), &sub); err != nil {
			cn.close(err)
			return err
		}
		c.mu.Lock()
		c.sub = sub
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.cur = cn
	close(c.ready)
	c.mu.Unlock()
	return nil
}

// Run keeps the connection up until ctx is done: when it drops it
// reconnects with backoff, and logs once per outage. Connect must have
// succeeded first.
func (c *Client) Run(ctx context.Context) error {
	for {
		c.mu.Lock()
		cn := c.cur
		c.mu.Unlock()
		if cn == nil {
			return errors.New("signal-cli: Run before Connect")
		}
		select {
		case <-ctx.Done():
			c.Close()
			return nil
		case <-cn.done:
		}
		c.mu.Lock()
		c.ready = make(chan struct{})
		c.outages++
		c.mu.Unlock()
		start := time.Now()
		c.down(c.o.now())
		c.log.Warn("signal-cli connection lost, reconnecting", "err", cn.err)
		delay := c.o.MinBackoff
		attempts := 0
		for {
			attempts++
			err := c.dial(ctx)
			if err == nil {
				c.log.Info("signal-cli connection restored", "attempts", attempts, "outage", time.Since(start).Round(time.Millisecond))
				c.down(time.Time{})
				break
			}
			if ctx.Err() != nil {
				c.Close()
				return nil
			}
			c.log.Debug("signal-cli reconnect failed", "attempt", attempts, "err", err)
			// full jitter between delay/2 and delay
			wait := delay/2 + time.Duration(rand.Int64N(int64(delay/2)+1))
			select {
			case <-ctx.Done():
				c.Close()
				return nil
			case <-time.After(wait):
			}
			delay *= 2
			if delay > c.o.MaxBackoff {
				delay = c.o.MaxBackoff
			}
		}
	}
}

// Close closes the connection; Events is closed once drained.
func (c *Client) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	cn := c.cur
	c.mu.Unlock()
	if cn != nil {
		cn.close(errors.New("closed"))
	}
	c.qmu.Lock()
	c.qcond.Broadcast()
	c.qmu.Unlock()
}

// Outages returns how many times the connection dropped.
func (c *Client) Outages() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.outages
}

// wakeReader lets a reader that holds back notifications re-check: a call
// now waits for a response that may sit behind them.
func (c *Client) wakeReader() {
	c.qmu.Lock()
	c.qcond.Broadcast()
	c.qmu.Unlock()
}

func (c *Client) notify(cn *conn, method string, params json.RawMessage) {
	if method != "receive" {
		return
	}
	ev, err := decodeReceive(params)
	switch {
	case errors.Is(err, errDropped):
		return
	case errors.Is(err, errException):
		var ee *exceptionError
		if errors.As(err, &ee) && ee.accountGone() {
			c.observe("receive", &RPCError{Method: "receive", Code: CodeIOError, Message: ee.message + " (" + ee.kind + ")"})
			return
		}
		c.log.Warn("signal-cli could not decrypt an envelope; dropped")
		return
	case err != nil:
		c.log.Warn("unreadable envelope dropped", "size", len(params), "err", errKind(err))
		return
	}
	if ev.Group != "" {
		c.received(ev.Group)
	}
	size := len(ev.Text) + 256
	c.qmu.Lock()
	// backpressure: pause reading until the bot catches up, but never while
	// a call waits for its response (it may be behind these notifications)
	for (c.qbytes+size > c.o.QueueBytes || len(c.queue) >= c.o.QueueEvents) && len(c.queue) > 0 && !c.isClosed() && !cn.hasPending() {
		c.qcond.Wait()
	}
	c.queue = append(c.queue, ev)
	c.qbytes += size
	c.qcond.Broadcast()
	c.qmu.Unlock()
}

// errKind names a decode error without quoting the input.
func errKind(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "invalid JSON"
	case errors.As(err, &te):
		return "unexpected type for " + te.Field
	}
	return "invalid envelope"
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *Client) badLine(reason string, size int) {
	c.log.Warn("unreadable line from signal-cli dropped", "reason", reason, "size", size)
}

// pump moves queued events to the Events channel.
func (c *Client) pump() {
	defer close(c.events)
	for {
		c.qmu.Lock()
		for len(c.queue) == 0 && !c.isClosed() {
			c.qcond.Wait()
		}
		if len(c.queue) == 0 {
			c.qmu.Unlock()
			return
		}
		ev := c.queue[0]
		c.queue[0] = Event{}
		c.queue = c.queue[1:]
		c.qbytes -= len(ev.Text) + 256
		c.qcond.Broadcast()
		c.qmu.Unlock()
		c.events <- ev
	}
}

func (c *Client) params(p map[string]any) map[string]any {
	if c.o.Account == "" {
		return p
	}
	if p == nil {
		p = map[string]any{}
	}
	if _, named := p["account"]; !named {
		p["account"] = c.o.Account
	}
	return p
}

// Call makes one request, waiting for a connection first if there is none.
func (c *Client) Call(ctx context.Context, method string, params map[string]any, result any) error {
	c.mu.Lock()
	ready, closed := c.ready, c.closed
	c.mu.Unlock()
	if closed {
		return ErrClosed
	}
	select {
	case <-ready: // connected: the call says itself whether ctx is done
	default:
		select {
		case <-ready:
		case <-ctx.Done():
			return fmt.Errorf("%w: %s: %w", ErrDisconnected, method, ctx.Err())
		}
	}
	c.mu.Lock()
	cn, closed := c.cur, c.closed
	c.mu.Unlock()
	if closed {
		return ErrClosed
	}
	var p any
	if pp := c.params(params); pp != nil {
		p = pp
	}
	err := cn.call(ctx, method, p, result)
	if errors.Is(err, ErrDisconnected) && c.isClosed() {
		return ErrClosed
	}
	c.observe(method, err)
	return err
}
