// Package signalcli is a client for signal-cli's JSON-RPC daemon
// (signal-cli-jsonrpc(5)), over a UNIX socket or TCP.
//
// The protocol is one JSON value per line each way. Requests carry unique
// ids; responses come back in any order, interleaved with "receive"
// notifications, and are matched by id. A Client keeps one connection,
// reconnects with exponential backoff when it drops, and turns incoming
// envelopes into Events: group text, edits, remote deletes and the
// account's own messages from its other devices. Everything else
// (reactions, receipts, typing, stories, group updates) is recognised and
// dropped.
package signalcli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// MaxLine is the longest line read from signal-cli. Longer lines are
// skipped (and logged with their size), never buffered whole. signal-cli
// keeps attachments in files and sends their ids, so an envelope is a few
// kB; 1 MiB leaves room for a long text and a large listGroups answer.
const MaxLine = 1 << 20

type response struct {
	result json.RawMessage
	err    *RPCError
}

// conn is one connection to the daemon.
type conn struct {
	nc      net.Conn
	wmu     sync.Mutex
	w       *bufio.Writer
	nextID  atomic.Int64
	mu      sync.Mutex
	pending map[string]chan response
	done    chan struct{}
	err     error // why it closed, set before done is closed
	// werr is a failed write: no more calls, but what signal-cli sent
	// before is still read, to EOF, before the connection closes
	werr error
	// onNotify gets every notification's params, in arrival order. It may
	// block (backpressure) but must return once hasPending is true.
	onNotify func(cn *conn, method string, params json.RawMessage)
	// onCall is told when a call starts waiting for its response.
	onCall func()
	// onBadLine is told about lines that are not JSON-RPC (without content).
	onBadLine func(reason string, size int)
}

func newConn(nc net.Conn, notify func(*conn, string, json.RawMessage), onCall func(), bad func(string, int)) *conn {
	c := &conn{nc: nc, w: bufio.NewWriterSize(nc, 64<<10), pending: map[string]chan response{}, done: make(chan struct{}), onNotify: notify, onCall: onCall, onBadLine: bad}
	go c.readLoop()
	return c
}

func (c *conn) close(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
		c.nc.Close()
		close(c.done)
	}
	c.mu.Unlock()
}

// drainFor bounds how long a connection whose write failed is read for
// what signal-cli had already sent; signal-cli closes its side at once.
const drainFor = 10 * time.Second

// broken ends a connection whose write failed (signal-cli restarting, or
// a request cut in half): calls stop, but the messages signal-cli had
// already handed over, sitting in the socket, are read before it closes.
// Closing at once would lose them (61 of a burst of 3,000 were, once).
func (c *conn) broken(err error) {
	c.mu.Lock()
	if c.err != nil || c.werr != nil {
		c.mu.Unlock()
		return
	}
	c.werr = err
	c.mu.Unlock()
	cw, ok := c.nc.(interface{ CloseWrite() error })
	if !ok || cw.CloseWrite() != nil {
		c.close(err)
		return
	}
	go func() {
		select {
		case <-c.done:
		case <-time.After(drainFor):
			c.close(err)
		}
	}()
}

func (c *conn) readLoop() {
	br := bufio.NewReaderSize(c.nc, 256<<10)
	for {
		line, tooLong, err := readLine(br)
		if tooLong > 0 {
			c.onBadLine("line too long", tooLong)
		} else if len(bytes.TrimSpace(line)) > 0 {
			c.dispatch(line)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			c.mu.Lock()
			werr := c.werr
			c.mu.Unlock()
			if werr != nil {
				err = werr // drained after a failed write
			}
			c.close(fmt.Errorf("signal-cli: connection lost: %w", err))
			c.failPending()
			return
		}
	}
}

// readLine reads one line. A line over MaxLine is skipped to its end and
// reported by its length.
func readLine(br *bufio.Reader) (line []byte, tooLong int, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		switch {
		case tooLong > 0:
			tooLong += len(chunk)
		case len(line)+len(chunk) > MaxLine:
			tooLong = len(line) + len(chunk)
			line = nil
		default:
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, err
	}
}

type message struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *RPCError       `json:"error"`
}

func (c *conn) dispatch(line []byte) {
	var m message
	if err := json.Unmarshal(line, &m); err != nil {
		c.onBadLine("not JSON", len(line))
		return
	}
	if m.Method != "" {
		c.onNotify(c, m.Method, m.Params)
		return
	}
	id := string(bytes.TrimSpace(m.ID))
	if id == "" || id == "null" {
		// an error about a line signal-cli could not read at all
		c.onBadLine("response without id", len(line))
		return
	}
	if s, err := strconv.Unquote(id); err == nil {
		id = s
	}
	c.mu.Lock()
	ch, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if !ok {
		c.onBadLine("response to no request", len(line))
		return
	}
	ch <- response{result: m.Result, err: m.Error}
}

// hasPending reports whether a call waits for its response.
func (c *conn) hasPending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending) > 0 || c.err != nil
}

func (c *conn) failPending() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}

type request struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
	ID      int64  `json:"id"`
}

// call sends one request and waits for its response or ctx.
func (c *conn) call(ctx context.Context, method string, params any, result any) error {
	id := c.nextID.Add(1)
	key := strconv.FormatInt(id, 10)
	b, err := json.Marshal(request{JSONRPC: "2.0", Method: method, Params: params, ID: id})
	if err != nil {
		return fmt.Errorf("signal-cli: %s: %w", method, err)
	}
	ch := make(chan response, 1)
	c.mu.Lock()
	if c.err != nil || c.werr != nil {
		c.mu.Unlock()
		return ErrDisconnected
	}
	c.pending[key] = ch
	c.mu.Unlock()
	if c.onCall != nil {
		c.onCall() // a reader holding back notifications must read on
	}
	forget := func() {
		c.mu.Lock()
		delete(c.pending, key)
		c.mu.Unlock()
	}

	c.wmu.Lock()
	if err := ctx.Err(); err != nil {
		// the caller gave up before a byte was written (perhaps while
		// another call held the writer): the connection is whole, and
		// a write with a deadline already past would break it for
		// every other caller
		c.wmu.Unlock()
		forget()
		return fmt.Errorf("signal-cli: %s: %w", method, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		c.nc.SetWriteDeadline(dl)
	}
	_, err = c.w.Write(append(b, '\n'))
	if err == nil {
		err = c.w.Flush()
	}
	c.nc.SetWriteDeadline(time.Time{})
	c.wmu.Unlock()
	if err != nil {
		forget()
		c.broken(fmt.Errorf("signal-cli: writing: %w", err))
		return fmt.Errorf("%w: %v", ErrDisconnected, err)
	}

	select {
	case r, ok := <-ch:
		if !ok {
			return ErrDisconnected
		}
		if r.err != nil {
			r.err.Method = method
			return r.err
		}
		if result != nil && len(r.result) > 0 {
			if err := json.Unmarshal(r.result, result); err != nil {
				return fmt.Errorf("signal-cli: %s: reading result: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		forget()
		return fmt.Errorf("signal-cli: %s: %w", method, ctx.Err())
	case <-c.done:
		forget()
		return ErrDisconnected
	}
}
