package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/store"
)

// reactedTargets waits until n distinct messages have a reaction and
// returns each target's emoji set.
func (h *harness) reactedTargets(n int, timeout time.Duration) map[int64]map[string]int {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := map[int64]map[string]int{}
		for _, c := range h.d.Calls("sendReaction") {
			ts := c.Int("targetTimestamp")
			if got[ts] == nil {
				got[ts] = map[string]int{}
			}
			e := c.Str("emoji")
			if c.Bool("remove") {
				e = "remove " + e
			}
			got[ts][e]++
		}
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) < n {
				h.t.Fatalf("%d of %d messages reacted to", len(got), n)
			}
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestDaemonRestartMidBurst stops signal-cli in the middle of a burst
// (on-connection mode): everything sent meanwhile is stored exactly once
// after the reconnect, and every message ends with exactly one reaction.
func TestDaemonRestartMidBurst(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	const n = 300
	var keys []medbot.MessageKey
	for i := 0; i < n; i++ {
		if i == 100 {
			h.reactedTargets(30, 10*time.Second)
			h.d.Stop() // killed mid-burst: messages now wait on the server
		}
		if i == 200 {
			time.Sleep(50 * time.Millisecond)
			if err := h.d.Start(); err != nil {
				t.Fatal(err)
			}
		}
		keys = append(keys, h.send(mum, fmt.Sprintf("Rory 38.%d", i%10)).Key(family))
	}
	got := h.reactedTargets(n, 30*time.Second)
	for _, k := range keys {
		emojis := got[k.SentMS]
		if len(emojis) != 1 || emojis[bot.EmojiTemperature] == 0 {
			t.Errorf("message %d: reactions %v", k.SentMS, emojis)
		}
	}
	msgs, obs, _ := h.st.Counts(context.Background())
	if msgs != n || obs != n {
		t.Errorf("stored %d messages, %d records; want %d each", msgs, obs, n)
	}
}

// TestRepeatedAfterReconnect delivers an envelope again after a reconnect
// (and twice in a row): stored once, confirmed once.
func TestRepeatedAfterReconnect(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "calpol 5ml Rory")
	h.reactions(1)
	// the bot records its reaction once signal-cli has answered; dropping
	// earlier could cut off that answer, and the bot would rightly resend
	h.settled(e, func(st medbot.Stored) bool { return st.Reaction != "" })
	h.d.Deliver(e)
	h.d.Drop()
	h.d.Deliver(e)
	h.d.Deliver(e)
	h.send(dad, "Freya 37.5")
	h.reactions(2)
	h.quiet("sendReaction", 2)
	if msgs, obs, _ := h.st.Counts(context.Background()); msgs != 2 || obs != 2 {
		t.Errorf("%d messages, %d records", msgs, obs)
	}
}

// swapStore serves from one store, then another: the disk fills (a store
// capped at its size, failing with SQLite's own SQLITE_FULL) and frees (the
// same file, uncapped). Every call goes to the current one.
type swapStore struct {
	cur atomic.Pointer[store.Store]
}

func (s *swapStore) c() *store.Store { return s.cur.Load() }

func (s *swapStore) SaveMessages(ctx context.Context, b []medbot.Stored) ([]medbot.Stored, error) {
	return s.c().SaveMessages(ctx, b)
}
func (s *swapStore) EditMessage(ctx context.Context, k medbot.MessageKey, ms int64, m medbot.Message, o []medbot.Observation) (medbot.Stored, bool, error) {
	return s.c().EditMessage(ctx, k, ms, m, o)
}
func (s *swapStore) Retract(ctx context.Context, k medbot.MessageKey, r string) (medbot.Stored, error) {
	return s.c().Retract(ctx, k, r)
}
func (s *swapStore) ReplaceObservations(ctx context.Context, id int64, o []medbot.Observation) error {
	return s.c().ReplaceObservations(ctx, id, o)
}
func (s *swapStore) Redate(ctx context.Context, id int64, at time.Time, o []medbot.Observation) error {
	return s.c().Redate(ctx, id, at, o)
}
func (s *swapStore) Message(ctx context.Context, k medbot.MessageKey) (medbot.Stored, error) {
	return s.c().Message(ctx, k)
}
func (s *swapStore) MessageByID(ctx context.Context, id int64) (medbot.Stored, error) {
	return s.c().MessageByID(ctx, id)
}
func (s *swapStore) LastMessages(ctx context.Context, g medbot.GroupID, a string, n int) ([]medbot.Stored, error) {
	return s.c().LastMessages(ctx, g, a, n)
}
func (s *swapStore) Unconfirmed(ctx context.Context, since time.Time) ([]medbot.Stored, error) {
	return s.c().Unconfirmed(ctx, since)
}
func (s *swapStore) Confirm(ctx context.Context, id int64) error { return s.c().Confirm(ctx, id) }
func (s *swapStore) AddQuestion(ctx context.Context, q medbot.Question) (int64, error) {
	return s.c().AddQuestion(ctx, q)
}
func (s *swapStore) OpenQuestions(ctx context.Context, g medbot.GroupID) ([]medbot.Question, error) {
	return s.c().OpenQuestions(ctx, g)
}
func (s *swapStore) QuestionSent(ctx context.Context, sentMS, id int64) (medbot.Question, error) {
	return s.c().QuestionSent(ctx, sentMS, id)
}
func (s *swapStore) CloseQuestions(ctx context.Context, id int64, at time.Time) error {
	return s.c().CloseQuestions(ctx, id, at)
}
func (s *swapStore) Resent(ctx context.Context, id, sentMS int64) error {
	return s.c().Resent(ctx, id, sentMS)
}
func (s *swapStore) SetReaction(ctx context.Context, id int64, e string) error {
	return s.c().SetReaction(ctx, id, e)
}
func (s *swapStore) Reply(ctx context.Context, sentMS, id int64, kind string) error {
	return s.c().Reply(ctx, sentMS, id, kind)
}
func (s *swapStore) ReplyTo(ctx context.Context, sentMS int64) (int64, string, error) {
	return s.c().ReplyTo(ctx, sentMS)
}
func (s *swapStore) MarkNotice(ctx context.Context, k string, at time.Time) (bool, error) {
	return s.c().MarkNotice(ctx, k, at)
}
func (s *swapStore) ForgetNotice(ctx context.Context, k string) error {
	return s.c().ForgetNotice(ctx, k)
}
func (s *swapStore) Observations(ctx context.Context, f medbot.Filter) ([]medbot.Observation, error) {
	return s.c().Observations(ctx, f)
}

// diskFull is a harness whose store's file is capped at 24 pages (96 kB);
// free opens the same file uncapped, which sw can then be switched to.
func diskFull(t *testing.T) (h *harness, sw *swapStore, free func() *store.Store) {
	path := filepath.Join(t.TempDir(), "full.db")
	capped, err := store.Open(path, store.Options{MaxPageCount: 24})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { capped.Close() })
	sw = &swapStore{}
	sw.cur.Store(capped)
	h = newHarness(t, harnessOpts{wrap: func(bot.Store) bot.Store { return sw }})
	return h, sw, func() *store.Store {
		st, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

func TestDiskFullAndFreed(t *testing.T) {
	h, sw, reopen := diskFull(t)
	pad := strings.Repeat("x", 16<<10)
	var keys []medbot.MessageKey
	for i := 0; i < 6; i++ {
		keys = append(keys, h.send(mum, fmt.Sprintf("Rory 38.%d %s", i, pad)).Key(family))
	}
	rep := h.replies(1)[0]
	if !strings.Contains(rep.Str("message"), "disk") || !strings.Contains(rep.Str("message"), "nothing you write is lost") {
		t.Fatalf("kind reply: %q", rep.Str("message"))
	}
	stuck := len(h.d.Calls("sendReaction"))
	if stuck >= 6 {
		t.Fatal("the disk never filled")
	}
	time.Sleep(50 * time.Millisecond) // several failed attempts
	free := reopen()
	sw.cur.Store(free)
	h.reactedTargets(6, 10*time.Second)
	for _, k := range keys {
		if st, err := free.Message(context.Background(), k); err != nil || len(st.Observations) != 1 {
			t.Errorf("message %d after the disk freed: %v", k.SentMS, err)
		}
	}
	if err := free.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
	h.quiet("send", 1)
	logs := h.logs.String()
	if strings.Count(logs, "storing messages failed") != 1 || !strings.Contains(logs, "disk full") || !strings.Contains(logs, "storing messages works again") {
		t.Errorf("logs:\n%s", logs)
	}
}

// TestBadInput feeds malformed lines, unknown envelope kinds, a 10 MiB
// line, invalid UTF-8, 512 KiB of digits and a 10 MiB message: no crash,
// no hang, each bad line logged once without its content (a line over
// 1 MiB is one), and the next message still confirmed.
func TestBadInput(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	secret := "SECRET-CONTENT-Rory-38.4"
	bad := [][]byte{
		[]byte("this is not json " + secret),
		[]byte(`{"jsonrpc":"2.0","method":"receive","params":{"envelope":` + secret + `}}`),
		[]byte(`{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u","timestamp":"not a number","dataMessage":{"message":"` + secret + `"}}}}`),
		[]byte(strings.Repeat("{", 10<<20)),                 // a 10 MiB line of garbage
		[]byte(`{"jsonrpc":"2.0","result":{},"id":987654}`), // a response to nothing
	}
	for _, l := range bad {
		h.d.DeliverRaw(l)
	}
	// recognised but not messages: dropped quietly
	h.d.DeliverRaw([]byte(`{"jsonrpc":"2.0","method":"receive","params":{"envelope":{"sourceUuid":"u","timestamp":5,"callMessage":{"offerMessage":{}}}}}`))
	h.d.DeliverRaw([]byte(`{"jsonrpc":"2.0","method":"somethingNew","params":{}}`))
	// invalid UTF-8 inside a message, and 512 KiB of digits, and a 10 MiB
	// message (dropped: over signalcli.MaxLine)
	h.send(mum, "Rory 38.4 \xff\xfe\xc3")
	h.send(mum, strings.Repeat("7", 512<<10))
	h.send(dad, "Freya "+strings.Repeat("a", 10<<20))
	last := h.send(dad, "Freya 37.2")
	h.reactedTargets(2, 10*time.Second)
	if got := h.reactedTargets(2, time.Second)[last.Timestamp()]; got[bot.EmojiTemperature] != 1 {
		t.Errorf("last message: %v", got)
	}
	if msgs, _, _ := h.st.Counts(context.Background()); msgs != 3 {
		t.Errorf("%d messages stored, want 3", msgs)
	}
	logs := h.logs.String()
	if n := strings.Count(logs, "unreadable"); n != len(bad)+1 {
		t.Errorf("%d bad lines logged, want %d:\n%s", n, len(bad)+1, logs)
	}
	if strings.Contains(logs, "SECRET") || strings.Contains(logs, "{{{{") || strings.Contains(logs, "7777") {
		t.Errorf("content in the logs:\n%.2000s", logs)
	}
}

// TestLogsHoldNoHealthData runs a full scenario and searches the logs (at
// Info) for message text, children's names and phone numbers.
func TestLogsHoldNoHealthData(t *testing.T) {
	fs := &faultyStore{failures: 2, err: store.ErrBusy, panicOn: "Freya 39.9 panic"}
	h := newHarness(t, harnessOpts{wrap: func(s bot.Store) bot.Store { fs.Store = s; return fs }})
	e := h.send(mum, "Rory 38.4 calpol 5ml")
	h.send(dad, "calpol 5ml")
	h.send(dad, "Rory")
	h.d.Deliver(h.d.Edit(family, mum, e.Timestamp(), "Rory 38.6 nurofen 5ml"))
	h.send(mum, "Freya 39.9 panic")
	h.send(mum, "Freya woke up coughing")
	h.d.Deliver(h.d.Delete(family, mum, e.Timestamp()))
	h.send(dad, "undo")
	h.send(dad, "status Rory")
	h.send(dad, "graphs 24h Freya")
	h.send(dad, "report Rory")
	h.d.Deliver(h.d.Text("", stranger, "status Rory"))
	h.d.Deliver(h.d.Text("", mum, "Rory 38.4"))
	h.d.Drop()
	h.send(mum, "Freya 37.0")
	h.replies(5)
	h.reactedTargets(5, 10*time.Second)
	time.Sleep(100 * time.Millisecond)
	// the log's own clock ("time=...:38.615") is not health data
	var kept []string
	for _, l := range strings.Split(h.logs.String(), "\n") {
		if f := strings.SplitN(l, " ", 2); len(f) == 2 && strings.HasPrefix(f[0], "time=") {
			l = f[1]
		}
		kept = append(kept, l)
	}
	logs := strings.Join(kept, "\n")
	if !strings.Contains(logs, "message stored") || !strings.Contains(logs, "panicked") {
		t.Fatalf("scenario did not run:\n%s", logs)
	}
	for _, secret := range []string{"Rory", "Freya", "38.4", "38.6", "39.9", "calpol", "nurofen", "coughing", mum.Number, dad.Number, stranger.Number, "447700"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

// TestAnswersWhileTheDiskIsFull: while the store
// cannot be written, commands are answered from what is stored and a
// second dose is warned about against the held one; each answer says the
// latest messages are not saved. Once the disk frees, both doses are
// stored and confirmed, and the warning is not repeated.
func TestAnswersWhileTheDiskIsFull(t *testing.T) {
	h, sw, reopen := diskFull(t)
	h.send(mum, "Freya 38.2")
	h.reactions(1)
	pad := strings.Repeat("x", 16<<10)
	for i := 0; i < 6; i++ {
		h.send(mum, "note "+pad)
	}
	h.replies(1) // "I couldn't save that… the disk … is full"
	mumDose := h.send(mum, "Freya calpol 5ml")
	dadDose := h.send(dad, "Freya calpol 5ml")
	warn := h.replies(2)[1].Str("message")
	if !strings.Contains(warn, "both recorded paracetamol for Freya") || !strings.Contains(warn, "can't save messages just now") {
		t.Errorf("second dose while the disk is full: %q", warn)
	}
	h.send(dad, "status")
	status := h.replies(3)[2].Str("message")
	if !strings.Contains(status, "Freya") || !strings.Contains(status, "38.2") || !strings.Contains(status, "can't save messages just now") {
		t.Errorf("status while the disk is full:\n%s", status)
	}
	for _, e := range []map[string]any{mumDose, dadDose} {
		for _, r := range h.d.Calls("sendReaction") {
			if r.Int("targetTimestamp") == e["timestamp"].(int64) {
				t.Errorf("a dose not saved got a reaction")
			}
		}
	}
	free := reopen()
	sw.cur.Store(free)
	got := h.reactedTargets(9, 10*time.Second) // all but the status command
	for _, e := range []map[string]any{mumDose, dadDose} {
		if got[e["timestamp"].(int64)][bot.EmojiMedication] != 1 {
			t.Errorf("dose %d not confirmed after the disk freed: %v", e["timestamp"], got)
		}
		if st, err := free.Message(context.Background(), medbot.MessageKey{Group: family, Author: e["sourceUuid"].(string), SentMS: e["timestamp"].(int64)}); err != nil || len(st.Observations) != 1 {
			t.Errorf("dose not stored: %v", err)
		}
	}
	h.quiet("send", 3)
}

// An answer to a question while the disk is full is held like any message
// (the worker is not stuck retrying it), and applied once it is saved.
func TestAnswerWhileTheDiskIsFull(t *testing.T) {
	h, sw, reopen := diskFull(t)
	e := h.send(mum, "calpol 5ml") // for whom? asked
	if q := h.replies(1)[0].Str("message"); !strings.Contains(q, "Who") && !strings.Contains(q, "who") {
		t.Fatalf("question: %q", q)
	}
	// fill the file to its last byte: no write fits, however small
	capped := sw.c()
	for size := 16 << 10; size > 0; size /= 4 {
		for i := 0; ; i++ {
			m := medbot.Message{Key: medbot.MessageKey{Group: family, Author: "filler", SentMS: int64(size*1000 + i)}, Text: strings.Repeat("x", size)}
			if _, err := capped.SaveMessages(context.Background(), []medbot.Stored{{Message: m}}); err != nil {
				break
			}
		}
	}
	h.send(dad, "Rory") // the answer: held, not retried by the worker
	h.send(dad, "status")
	if s := h.replies(3)[2].Str("message"); !strings.Contains(s, "can't save messages just now") {
		t.Errorf("status behind a held answer: %q", s)
	}
	free := reopen()
	sw.cur.Store(free)
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := free.Message(context.Background(), e.Key(family))
		if err == nil && len(st.Observations) == 1 && st.Observations[0].Child == "Rory" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the held answer was not applied: %+v %v", st.Observations, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
