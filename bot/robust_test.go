package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/store"
)

// faultyStore fails or panics on chosen messages, around a real store.
type faultyStore struct {
	bot.Store
	mu       sync.Mutex
	failures int   // messages left to fail to save
	err      error // what they fail with
	panicOn  string
}

// saveOne saves one message, or fails or panics as chosen.
func (f *faultyStore) saveOne(ctx context.Context, m medbot.Message, obs []medbot.Observation) (medbot.Stored, error) {
	f.mu.Lock()
	if f.panicOn != "" && m.Text == f.panicOn {
		f.mu.Unlock()
		panic("boom")
	}
	if f.failures > 0 {
		f.failures--
		f.mu.Unlock()
		return medbot.Stored{}, fmt.Errorf("wrapped: %w", f.err)
	}
	f.mu.Unlock()
	out, err := f.Store.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
	if err != nil {
		return medbot.Stored{}, err
	}
	return out[0], nil
}

// SaveMessages saves every message one by one, so that the faults apply
// to each message of a batch.
func (f *faultyStore) SaveMessages(ctx context.Context, batch []medbot.Stored) ([]medbot.Stored, error) {
	var out []medbot.Stored
	for _, im := range batch {
		st, err := f.saveOne(ctx, im.Message, im.Observations)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func TestPanicIsRecovered(t *testing.T) {
	fs := &faultyStore{panicOn: "Rory 38.4"}
	h := newHarness(t, harnessOpts{wrap: func(s bot.Store) bot.Store { fs.Store = s; return fs }})
	e := h.send(mum, "Rory 38.4")
	r := h.reactions(1)[0]
	if r.Str("emoji") != bot.EmojiFailed || r.Int("targetTimestamp") != e.Timestamp() {
		t.Fatalf("panic reaction %+v", r.Params)
	}
	h.send(mum, "Freya 37.2") // the bot carries on
	if r := h.reactions(2)[1]; r.Str("emoji") != bot.EmojiTemperature {
		t.Fatalf("after panic %+v", r.Params)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "panicked") || !strings.Contains(logs, "goroutine") {
		t.Errorf("panic not logged with its stack:\n%s", logs)
	}
}

func TestStoreFailureAndRecovery(t *testing.T) {
	fs := &faultyStore{failures: 8, err: store.ErrDiskFull}
	h := newHarness(t, harnessOpts{wrap: func(s bot.Store) bot.Store { fs.Store = s; return fs }})
	e1 := h.send(mum, "Rory 38.4")
	e2 := h.send(dad, "calpol 5ml Freya")
	rep := h.replies(1)[0]
	if !strings.Contains(rep.Str("message"), "disk") || !strings.Contains(rep.Str("message"), "nothing you write is lost") || rep.Int("quoteTimestamp") != e1.Timestamp() {
		t.Fatalf("kind reply %+v", rep.Params)
	}
	rs := h.reactions(2)
	if rs[0].Int("targetTimestamp") != e1.Timestamp() || rs[1].Int("targetTimestamp") != e2.Timestamp() {
		t.Fatalf("reactions out of order after recovery: %+v", rs)
	}
	h.stored(e1)
	h.stored(e2)
	h.quiet("send", 1) // told once, not per attempt
	logs := h.logs.String()
	if n := strings.Count(logs, "storing messages failed"); n != 1 {
		t.Errorf("store failure logged %d times:\n%s", n, logs)
	}
	if !strings.Contains(logs, "storing messages works again") {
		t.Errorf("recovery not logged:\n%s", logs)
	}
}

func TestRateLimitedReactionRetried(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.d.RateLimit("sendReaction", 0)
	h.d.Fail("sendReaction", -3, "Failed to send message", nil)
	e := h.send(mum, "Rory 38.4")
	rs := h.reactions(3)
	if rs[2].Int("targetTimestamp") != e.Timestamp() {
		t.Fatalf("%+v", rs)
	}
	h.quiet("sendReaction", 3)
}

// BenchmarkReactionLatency measures notification to reaction through the
// fake daemon on loopback, with the SQLite store on disk (synchronous=FULL).
func BenchmarkReactionLatency(b *testing.B) {
	h := newHarness(b, harnessOpts{})
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		h.d.Deliver(h.d.Text(family, mum, "Rory 38.4"))
		h.d.WaitCalls("sendReaction", i+1, 10*time.Second)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// goneStore is a database file removed under medbot: every save fails,
// and Gone says so.
type goneStore struct{ *faultyStore }

func (goneStore) Gone() error { return errors.New("the database file was removed") }

// TestRetriesEndWhenTheFileIsGone: a store retry whose failure is the
// database file gone stops, so Run returns at once and medbot starts again
// on the file there now (it used to keep retrying for the whole grace
// period, 30 s, and a stuck save could hold it there).
func TestRetriesEndWhenTheFileIsGone(t *testing.T) {
	h := newHarness(t, harnessOpts{wrap: func(s bot.Store) bot.Store {
		return goneStore{&faultyStore{Store: s, failures: 1 << 30, err: errors.New("no such table: messages")}}
	}})
	h.send(mum, "Rory 38.4")
	select {
	case <-h.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("Run still going 5 s after the file was gone:\n%s", h.logs.String())
	}
	if !strings.Contains(h.logs.String(), "removed or replaced under medbot") {
		t.Errorf("the gone file was not said:\n%s", h.logs.String())
	}
}
