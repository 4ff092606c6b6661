package signalcli_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

const family = medbot.GroupID("ZmFtaWx5LWdyb3VwLWlkLTAwMDAwMDAwMDAwMDA=")

var (
	mum = signalclitest.Person{UUID: "aaaaaaaa-0000-4000-8000-000000000001", Number: "+447700900111", Name: "Mum"}
	dad = signalclitest.Person{UUID: "aaaaaaaa-0000-4000-8000-000000000002", Name: "Dad"} // no number shared
)

func daemon(t *testing.T, o signalclitest.Options) *signalclitest.Daemon {
	if o.Groups == nil {
		o.Groups = []signalclitest.Group{{ID: family, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mum, dad}}}
	}
	return signalclitest.New(t, o)
}

func connect(t *testing.T, d *signalclitest.Daemon, o signalcli.Options) (*signalcli.Client, context.CancelFunc) {
	t.Helper()
	o.Network, o.Address = d.Network(), d.Addr()
	if o.MinBackoff == 0 {
		o.MinBackoff, o.MaxBackoff = 5*time.Millisecond, 50*time.Millisecond
	}
	c := signalcli.New(o)
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return c, cancel
}

func next(t *testing.T, c *signalcli.Client) signalcli.Event {
	t.Helper()
	select {
	case ev := <-c.Events():
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return signalcli.Event{}
}

func TestEnvelopeKinds(t *testing.T) {
	for _, mode := range []signalclitest.Mode{signalclitest.OnConnection, signalclitest.Manual} {
		t.Run(string(mode), func(t *testing.T) {
			d := daemon(t, signalclitest.Options{Mode: mode})
			c, _ := connect(t, d, signalcli.Options{Subscribe: mode == signalclitest.Manual})

			text := d.Text(family, mum, "Rory 38.4")
			d.Deliver(text)
			ev := next(t, c)
			if ev.Kind != bot.Text || ev.Group != family || ev.Author != mum.UUID || ev.AuthorName != "Mum" || ev.AuthorNumber != mum.Number || ev.SentMS != text.Timestamp() || ev.Text != "Rory 38.4" || ev.Sync || ev.Quote != nil {
				t.Errorf("text: %+v", ev)
			}

			// a sender without a shared number: sourceNumber null
			d.Deliver(d.Text(family, dad, "calpol 5ml"))
			if ev := next(t, c); ev.Author != dad.UUID || ev.AuthorNumber != "" {
				t.Errorf("no number: %+v", ev)
			}

			reply := d.Reply(family, dad, "Rory", signalclitest.QuoteOf{Author: d.Account(), SentMS: 1234, Text: "Who is this for?"})
			d.Deliver(reply)
			if ev := next(t, c); ev.Quote == nil || ev.Quote.SentMS != 1234 || ev.Quote.Author != d.Account().UUID || ev.Quote.Text != "Who is this for?" {
				t.Errorf("quote: %+v", ev)
			}

			edit := d.Edit(family, mum, text.Timestamp(), "Rory 38.9")
			d.Deliver(edit)
			if ev := next(t, c); ev.Kind != bot.Edit || ev.TargetMS != text.Timestamp() || ev.SentMS != edit.Timestamp() || ev.Text != "Rory 38.9" {
				t.Errorf("edit: %+v", ev)
			}

			d.Deliver(d.Delete(family, mum, text.Timestamp()))
			if ev := next(t, c); ev.Kind != bot.Delete || ev.TargetMS != text.Timestamp() || ev.Author != mum.UUID {
				t.Errorf("delete: %+v", ev)
			}

			sync := d.SyncText(family, "Freya asleep")
			d.Deliver(sync)
			if ev := next(t, c); ev.Kind != bot.Text || !ev.Sync || ev.Author != d.Account().UUID || ev.Text != "Freya asleep" || ev.Group != family || ev.SentMS != sync.Timestamp() {
				t.Errorf("sync: %+v", ev)
			}

			d.Deliver(d.Text("", mum, "hello"))
			if ev := next(t, c); ev.Group != "" || ev.Text != "hello" {
				t.Errorf("direct: %+v", ev)
			}

			// recognised and dropped
			d.Deliver(d.Reaction(family, mum, dad, 1234, "👍"))
			d.Deliver(d.Typing(family, mum))
			d.Deliver(d.Receipt(mum, 1234))
			d.Deliver(d.Story(mum))
			d.Deliver(d.GroupUpdate(family, mum))
			d.DeliverException(mum)
			d.Deliver(d.Text(family, mum, "after the dropped ones"))
			if ev := next(t, c); ev.Text != "after the dropped ones" {
				t.Errorf("dropped kinds leaked: %+v", ev)
			}
		})
	}
}

func TestMethods(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()

	v, err := c.Version(ctx)
	if err != nil || v != "0.14.6" {
		t.Fatalf("version %q %v", v, err)
	}
	groups, err := c.ListGroups(ctx)
	if err != nil || len(groups) != 1 || groups[0].ID != family || groups[0].Name != "Family health" || !groups[0].IsMember || len(groups[0].Members) != 3 {
		t.Fatalf("groups %+v %v", groups, err)
	}

	png := []byte("\x89PNG\r\n\x1a\nfake")
	quote := medbot.MessageKey{Group: family, Author: mum.UUID, SentMS: 42}
	r1, err := c.Send(ctx, bot.Reply{Group: family, Text: "Here are the charts", Attachments: []bot.Attachment{{ContentType: "image/png", Filename: "temperature.png", Data: png}}, Quote: &quote})
	if err != nil || r1.Timestamp == 0 || r1.Failed() != 0 {
		t.Fatalf("send: %+v %v", r1, err)
	}
	r2, err := c.Send(ctx, bot.Reply{Group: family, Text: "second"})
	if err != nil || r2.Timestamp <= r1.Timestamp {
		t.Fatalf("timestamps not increasing: %d then %d (%v)", r1.Timestamp, r2.Timestamp, err)
	}
	sends := d.Calls("send")
	atts, err := sends[0].Attachments()
	if err != nil || len(atts) != 1 || !bytes.Equal(atts[0].Data, png) || atts[0].Filename != "temperature.png" || atts[0].ContentType != "image/png" {
		t.Errorf("attachment: %+v %v", atts, err)
	}
	if sends[0].Int("quoteTimestamp") != 42 || sends[0].Str("quoteAuthor") != mum.UUID || sends[0].Str("groupId") != string(family) {
		t.Errorf("send params: %+v", sends[0].Params)
	}

	target := medbot.MessageKey{Group: family, Author: mum.UUID, SentMS: 99}
	if err := c.React(ctx, family, target, "🌡️", false); err != nil {
		t.Fatal(err)
	}
	if err := c.React(ctx, family, target, "🌡️", true); err != nil {
		t.Fatal(err)
	}
	rs := d.Calls("sendReaction")
	if len(rs) != 2 || rs[0].Str("targetAuthor") != mum.UUID || rs[0].Int("targetTimestamp") != 99 || rs[0].Str("emoji") != "🌡️" || rs[0].Bool("remove") || !rs[1].Bool("remove") {
		t.Errorf("reactions: %+v", rs)
	}
	if err := c.Typing(ctx, family, false); err != nil {
		t.Fatal(err)
	}
	if err := c.Typing(ctx, family, true); err != nil {
		t.Fatal(err)
	}
	if ts := d.Calls("sendTyping"); len(ts) != 2 || ts[0].Bool("stop") || !ts[1].Bool("stop") {
		t.Errorf("typing: %+v", ts)
	}
}

func TestErrorCodes(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()

	_, err := c.Send(ctx, bot.Reply{Group: "bm9wZQ==", Text: "x"})
	var re *signalcli.RPCError
	if !errors.As(err, &re) || re.Code != signalcli.CodeUserError || !strings.Contains(re.Message, "Group not found") {
		t.Errorf("unknown group: %v", err)
	}
	if err := c.Call(ctx, "frobnicate", nil, nil); !errors.As(err, &re) || re.Code != signalcli.CodeMethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	d.RateLimit("send", 17)
	_, err = c.Send(ctx, bot.Reply{Group: family, Text: "x"})
	if !errors.As(err, &re) {
		t.Fatalf("rate limit: %v", err)
	}
	if limited, after := re.RateLimited(); !limited || after != 17 {
		t.Errorf("rate limit: %v %d", limited, after)
	}
	// what the bot reads of it: wait 17 s, then try again
	var r bot.Retryable
	if !errors.As(err, &r) {
		t.Fatalf("%T is not bot.Retryable", err)
	}
	if d, ok := r.RetryAfter(); !ok || d != 17*time.Second {
		t.Errorf("rate limit: RetryAfter() = %v, %v; want 17s, true", d, ok)
	}
	for code, retry := range map[int]bool{signalcli.CodeIOError: true, signalcli.CodeUserError: false, signalcli.CodeInvalidParams: false} {
		if d, ok := (&signalcli.RPCError{Code: code}).RetryAfter(); ok != retry || d != 0 {
			t.Errorf("code %d: RetryAfter() = %v, %v; want 0, %v", code, d, ok, retry)
		}
	}
	if !errors.As(signalcli.ErrClosed, &r) {
		t.Fatal("ErrClosed is not bot.Retryable")
	} else if _, ok := r.RetryAfter(); ok {
		t.Error("a closed client is retried")
	}
	for _, code := range []int{signalcli.CodeIOError, signalcli.CodeUntrusted, signalcli.CodeInternal, signalcli.CodeInvalidParams} {
		d.Fail("sendReaction", code, "boom", nil)
		err := c.React(ctx, family, medbot.MessageKey{Author: mum.UUID, SentMS: 1}, "💊", false)
		if !errors.As(err, &re) || re.Code != code || re.Method != "sendReaction" {
			t.Errorf("code %d: %v", code, err)
		}
	}
}

// TestOutOfOrder makes many concurrent calls: every response must reach its
// own caller while notifications stream in between.
func TestOutOfOrder(t *testing.T) {
	d := daemon(t, signalclitest.Options{MaxDelay: 5 * time.Millisecond})
	c, _ := connect(t, d, signalcli.Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := c.Send(ctx, bot.Reply{Group: family, Text: fmt.Sprint("msg ", i)})
			if err != nil {
				errs <- err
				return
			}
			// the daemon recorded which text got which timestamp
			for _, call := range d.Calls("send") {
				if call.Timestamp == r.Timestamp && call.Str("message") != fmt.Sprint("msg ", i) {
					errs <- fmt.Errorf("call %d got the response of %q", i, call.Str("message"))
				}
			}
		}(i)
		if i%10 == 0 {
			d.Deliver(d.Text(family, mum, fmt.Sprint("n", i)))
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := 0; i < 10; i++ {
		if ev := next(t, c); ev.Text != fmt.Sprint("n", i*10) {
			t.Errorf("notification %d: %q", i, ev.Text)
		}
	}
}

func TestCancellation(t *testing.T) {
	d := daemon(t, signalclitest.Options{MaxDelay: 2 * time.Second})
	c, _ := connect(t, d, signalcli.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	start := time.Now()
	// answers take up to 2 s; the 1 ms deadline must win long before
	var err error
	for i := 0; i < 5 && err == nil; i++ {
		_, err = c.Version(ctx)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("cancelled call took %v", time.Since(start))
	}
	// the connection still works
	if _, err := c.Version(context.Background()); err != nil {
		t.Error(err)
	}
}

// TestExpiredCallKeepsTheConnection: a call whose deadline has passed
// before it is written fails with its deadline and writes nothing, so
// the connection stays up for the next call (a write with a deadline in
// the past timed out and broke it for everyone).
func TestExpiredCallKeepsTheConnection(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := c.Version(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired call: %v", err)
	}
	if _, err := c.Version(context.Background()); err != nil {
		t.Errorf("the next call: %v", err)
	}
}

// TestReconnect drops the connection and restarts the daemon; in
// on-connection mode envelopes sent meanwhile arrive after reconnecting.
func TestReconnect(t *testing.T) {
	var logs bytes.Buffer
	d := daemon(t, signalclitest.Options{Mode: signalclitest.OnConnection})
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil))
	c, _ := connect(t, d, signalcli.Options{Log: log, MinBackoff: 20 * time.Millisecond, MaxBackoff: 40 * time.Millisecond})

	d.Deliver(d.Text(family, mum, "before"))
	next(t, c)
	d.Drop()
	d.Deliver(d.Text(family, mum, "during drop"))
	if ev := next(t, c); ev.Text != "during drop" {
		t.Errorf("after drop: %q", ev.Text)
	}

	d.Stop()
	var want []string
	for i := 0; i < 20; i++ {
		s := fmt.Sprint("while down ", i)
		want = append(want, s)
		d.Deliver(d.Text(family, mum, s))
	}
	time.Sleep(150 * time.Millisecond) // several failed attempts
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if ev := next(t, c); ev.Text != w {
			t.Fatalf("got %q, want %q", ev.Text, w)
		}
	}
	if _, err := c.Version(context.Background()); err != nil {
		t.Errorf("call after restart: %v", err)
	}
	if n := strings.Count(logs.String(), `msg="signal-cli connection lost`); n != 2 {
		t.Errorf("logged %d outages, want 2 (one per outage, not per attempt):\n%s", n, logs.String())
	}
	if c.Outages() != 2 {
		t.Errorf("outages %d", c.Outages())
	}
}

func TestManualResubscribes(t *testing.T) {
	d := daemon(t, signalclitest.Options{Mode: signalclitest.Manual})
	c, _ := connect(t, d, signalcli.Options{Subscribe: true})
	d.Restart()
	d.Deliver(d.Text(family, mum, "after restart"))
	if ev := next(t, c); ev.Text != "after restart" {
		t.Errorf("got %q", ev.Text)
	}
	if n := len(d.Calls("subscribeReceive")); n != 2 {
		t.Errorf("subscribeReceive called %d times, want 2", n)
	}
}

func TestTCP(t *testing.T) {
	d := daemon(t, signalclitest.Options{Network: "tcp"})
	c, _ := connect(t, d, signalcli.Options{})
	d.Deliver(d.Text(family, mum, "over tcp"))
	if ev := next(t, c); ev.Text != "over tcp" {
		t.Errorf("got %q", ev.Text)
	}
}

// TestFraming feeds the client through a raw socket one byte at a time,
// with garbage and a 10 MiB line, too long to keep:
// it is dropped with a log line, and what follows is read.
func TestFraming(t *testing.T) {
	dir, _ := os.MkdirTemp("", "sc")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "s")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	big := strings.Repeat("7", 10<<20)
	var stream bytes.Buffer
	fmt.Fprintf(&stream, `{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u1","sourceNumber":null,"sourceName":null,"timestamp":1,"dataMessage":{"timestamp":1,"message":"small","groupInfo":{"groupId":"g","type":"DELIVER"}}}}}`+"\n")
	stream.WriteString("this is not json\n\n{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}\n")
	fmt.Fprintf(&stream, `{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u1","timestamp":2,"dataMessage":{"timestamp":2,"message":"%s","groupInfo":{"groupId":"g","type":"DELIVER"}}}}}`+"\n", big)
	stream.WriteString(`{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u1","timestamp":3,"dataMessage":{"timestamp":3,"message":"inv` + "\xff\xfe" + `alid","groupInfo":{"groupId":"g","type":"DELIVER"}}}}}` + "\n")
	stream.WriteString(`{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u1","timestamp":4,"dataMessage":{"timestamp":4,"message":"last","groupInfo":{"groupId":"g","type":"DELIVER"}}}}}` + "\n")
	go func() {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		defer nc.Close()
		// one byte at a time for the small lines, then the rest in big writes
		r := iotest.OneByteReader(bytes.NewReader(stream.Bytes()[:300]))
		io.Copy(nc, r)
		bw := bufio.NewWriter(nc)
		bw.Write(stream.Bytes()[300:])
		bw.Flush()
		time.Sleep(time.Second)
	}()
	var logs bytes.Buffer
	c := signalcli.New(signalcli.Options{Network: "unix", Address: path, Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	want := []struct {
		n  int
		ts int64
	}{{len("small"), 1}, {len("inv\uFFFD\uFFFDalid"), 3}, {len("last"), 4}}
	for i, w := range want {
		ev := next(t, c)
		if len(ev.Text) != w.n || ev.SentMS != w.ts {
			t.Errorf("event %d: %d bytes at %d, want %d at %d", i, len(ev.Text), ev.SentMS, w.n, w.ts)
		}
	}
	if !strings.Contains(logs.String(), "reason=\"line too long\" size=104859") {
		t.Errorf("the 10 MiB line was not logged as too long:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "this is not json") || strings.Count(logs.String(), "dropped") != 3 {
		t.Errorf("bad lines must be logged once each, without content:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestBrokenWriteReadsWhatWasHandedOver: signal-cli
// restarts while its messages sit unread in the socket; medbot's next
// write fails. What it had handed over is still read, then medbot
// reconnects.
func TestBrokenWriteReadsWhatWasHandedOver(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{QueueEvents: 1, QueueBytes: 1})
	const n = 60 // what the socket buffers while the client holds back (~35 kB)
	for i := 0; i < n; i++ {
		d.Deliver(d.Text(family, mum, fmt.Sprintf("Rory 38.%d", i%10)))
	}
	time.Sleep(100 * time.Millisecond) // written into the socket; the client holds back
	d.Drop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := 0; i < 3; i++ {
		// a write to a socket signal-cli has closed fails (EPIPE)
		c.Call(ctx, "version", nil, nil)
	}
	got := map[int64]bool{}
	for len(got) < n {
		select {
		case ev := <-c.Events():
			got[ev.SentMS] = true
		case <-time.After(5 * time.Second):
			t.Fatalf("%d of %d messages handed over were read", len(got), n)
		}
	}
}

// TestNamesAsShown: a profile name's invisible format
// characters (a right-to-left override would turn the rest of a reply
// line around) are dropped; an emoji and its zero-width joiners are kept;
// a name is at most 64 characters.
func TestNamesAsShown(t *testing.T) {
	d := daemon(t, signalclitest.Options{})
	c, _ := connect(t, d, signalcli.Options{})
	for _, tc := range []struct{ name, want string }{
		{"\u202eMum 💕\u200f ", "Mum 💕"},
		{"Dad 👨\u200d👩\u200d👧", "Dad 👨\u200d👩\u200d👧"},
		{"أمي\u200e", "أمي"},
		{strings.Repeat("🤒", 100), strings.Repeat("🤒", 63) + "…"},
	} {
		d.Deliver(d.Text(family, signalclitest.Person{UUID: mum.UUID, Name: tc.name}, "Rory 38.4"))
		if ev := next(t, c); ev.AuthorName != tc.want {
			t.Errorf("%q shown as %q, want %q", tc.name, ev.AuthorName, tc.want)
		}
	}
}
