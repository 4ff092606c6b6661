package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

const (
	family = medbot.GroupID("ZmFtaWx5LWdyb3VwLWlkLTAwMDAwMDAwMDAwMDA=")
	other  = medbot.GroupID("b3RoZXItZ3JvdXAtaWQtMDAwMDAwMDAwMDAwMDAwMA==")
)

var (
	mum      = signalclitest.Person{UUID: "aaaaaaaa-0000-4000-8000-000000000001", Number: "+447700900111", Name: "Mum"}
	dad      = signalclitest.Person{UUID: "aaaaaaaa-0000-4000-8000-000000000002", Number: "+447700900222", Name: "Dad"}
	stranger = signalclitest.Person{UUID: "bbbbbbbb-0000-4000-8000-000000000009", Number: "+447700900999", Name: "Stranger"}
)

var london, _ = time.LoadLocation("Europe/London")

// testFamily is Freya (Frey) and Rory (Roo) in London, with the default
// medicines and events.
func testFamily() medbot.Family {
	f := medbot.DefaultFamily()
	f.Zone = london
	f.Children = []medbot.Child{{Name: "Freya", Aliases: []string{"Frey"}}, {Name: "Rory", Aliases: []string{"Roo"}}}
	return f
}

// harness is a bot on a real SQLite file, talking to the fake daemon
// through the real client.
type harness struct {
	t      testing.TB
	d      *signalclitest.Daemon
	st     *store.Store
	bot    *bot.Bot
	fam    medbot.Family
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harnessOpts struct {
	storeOpts store.Options
	now       func() time.Time
	wrap      func(bot.Store) bot.Store
	// renderPatience is Bot.RenderPatience (0: its default)
	renderPatience time.Duration
	// version is the fake signal-cli's ("": its default); polls sets
	// Bot.Polls
	version string
	polls   bool
	// family changes the test family before the bot starts
	family func(*medbot.Family)
}

func newHarness(t testing.TB, ho harnessOpts) *harness {
	t.Helper()
	d := signalclitest.New(t, signalclitest.Options{Version: ho.version, Groups: []signalclitest.Group{
		{ID: family, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mum, dad}},
		{ID: other, Name: "Football", IsMember: true, Members: []signalclitest.Person{mum, stranger}},
	}})
	fam := testFamily()
	if ho.family != nil {
		ho.family(&fam)
	}
	p, err := parse.New(fam)
	if err != nil {
		t.Fatal(err)
	}
	ho.storeOpts.Zone = fam.Zone
	st, err := store.Open(filepath.Join(t.TempDir(), "medbot.db"), ho.storeOpts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	client := signalcli.New(signalcli.Options{Network: d.Network(), Address: d.Addr(), MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	ctx, cancel := context.WithCancel(context.Background())
	if err := client.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	var s bot.Store = st
	if ho.wrap != nil {
		s = ho.wrap(st)
	}
	b := &bot.Bot{
		Family: fam, Parser: p, Store: s, Transport: signalcli.Transport{Client: client},
		Groups:   map[medbot.GroupID]bool{family: true},
		Members:  map[string]bool{mum.UUID: true, dad.UUID: true, d.Account().UUID: true},
		Log:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Now:      ho.now,
		RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond,
		RenderPatience: ho.renderPatience,
		Polls:          ho.polls,
	}
	h := &harness{t: t, d: d, st: st, bot: b, fam: fam, logs: logs, cancel: cancel, done: make(chan struct{})}
	go client.Run(ctx)
	go func() { b.Run(ctx, signalcli.Incoming(client.Events())); close(h.done) }()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	h.cancel()
	<-h.done
}

// send delivers a text from a person to the family group.
func (h *harness) send(from signalclitest.Person, text string) signalclitest.Envelope {
	e := h.d.Text(family, from, text)
	h.d.Deliver(e)
	return e
}

// reactions waits for n reactions and returns them.
func (h *harness) reactions(n int) []signalclitest.Call {
	h.t.Helper()
	return h.d.WaitCalls("sendReaction", n, 5*time.Second)
}

// replies waits for n sends and returns them.
func (h *harness) replies(n int) []signalclitest.Call {
	h.t.Helper()
	return h.d.WaitCalls("send", n, 10*time.Second)
}

// quiet checks that no more calls of method arrive than n.
func (h *harness) quiet(method string, n int) {
	h.t.Helper()
	time.Sleep(150 * time.Millisecond)
	if got := len(h.d.Calls(method)); got != n {
		h.t.Fatalf("%d %s calls, want %d: %+v", got, method, n, h.d.Calls(method))
	}
}

// settled returns the stored message once want accepts it (or after 2 s).
func (h *harness) settled(e signalclitest.Envelope, want func(medbot.Stored) bool) medbot.Stored {
	h.t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		st := h.stored(e)
		if want(st) || time.Now().After(deadline) {
			return st
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) stored(e signalclitest.Envelope) medbot.Stored {
	h.t.Helper()
	st, err := h.st.Message(context.Background(), e.Key(family))
	if err != nil {
		h.t.Fatalf("message %d not stored: %v", e.Timestamp(), err)
	}
	return st
}

func TestReactsPerKind(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	cases := []struct{ text, emoji string }{
		{"Rory 38.4", bot.EmojiTemperature},
		{"calpol 5ml Freya", bot.EmojiMedication},
		{"Rory sats 97 hr 130", bot.EmojiVitals}, // 94 would be flagged: a line, tested in flags_test.go
		{"Freya woke up coughing", bot.EmojiEvent},
		{"note: Rory GP says keep fluids up", bot.EmojiEvent},
		{"Freya 38.9, nurofen 5ml", bot.EmojiSeveral},
	}
	var envs []signalclitest.Envelope
	for _, c := range cases {
		envs = append(envs, h.send(mum, c.text))
	}
	h.send(dad, "ok thanks") // chat: nothing
	rs := h.reactions(len(cases))
	for i, c := range cases {
		r := rs[i]
		if r.Str("emoji") != c.emoji || r.Str("targetAuthor") != mum.UUID || r.Int("targetTimestamp") != envs[i].Timestamp() || r.Str("groupId") != string(family) || r.Bool("remove") {
			t.Errorf("%q: reaction %+v, want %s on %d", c.text, r.Params, c.emoji, envs[i].Timestamp())
		}
		if st := h.settled(envs[i], func(st medbot.Stored) bool { return st.Reaction != "" }); st.Reaction != c.emoji || len(st.Observations) == 0 {
			t.Errorf("%q stored as %+v", c.text, st)
		}
	}
	h.quiet("sendReaction", len(cases))
	h.quiet("send", 0)
	// the sender is recorded with every observation
	obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Freya"})
	for _, o := range obs {
		if o.Sender != "Mum" {
			t.Errorf("observation %+v without its sender", o)
		}
	}
}

func TestDuplicateEnvelope(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "Rory 38.4")
	h.reactions(1)
	h.d.Deliver(e)
	h.d.Deliver(e)
	h.send(dad, "Freya 37.1") // a later message still gets its reaction
	h.reactions(2)
	h.quiet("sendReaction", 2)
	obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Rory"})
	if len(obs) != 1 {
		t.Fatalf("%d observations for one message delivered three times", len(obs))
	}
}

func TestWhoIsThisFor(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "calpol 5ml")
	r := h.reactions(1)[0]
	if r.Str("emoji") != bot.EmojiWho {
		t.Fatalf("reaction %s, want ❓", r.Str("emoji"))
	}
	q := h.replies(1)[0]
	if q.Str("message") != "Who is this for, Freya or Rory? Reply to this message with the name." || q.Int("quoteTimestamp") != e.Timestamp() || q.Str("quoteAuthor") != mum.UUID {
		t.Fatalf("question %+v", q.Params)
	}
	// Dad answers by quoting the question
	h.d.Deliver(h.d.Reply(family, dad, "Rory", signalclitest.QuoteOf{Author: h.d.Account(), SentMS: q.Timestamp, Text: q.Str("message")}))
	r2 := h.reactions(2)[1]
	if r2.Str("emoji") != bot.EmojiMedication || r2.Int("targetTimestamp") != e.Timestamp() {
		t.Fatalf("after the answer: %+v", r2.Params)
	}
	st := h.settled(e, func(st medbot.Stored) bool { return st.Reaction == bot.EmojiMedication })
	if len(st.Observations) != 1 || st.Observations[0].Child != "Rory" || st.Reaction != bot.EmojiMedication {
		t.Fatalf("completed record %+v", st)
	}

	// "both", quoting the original message this time
	e2 := h.send(dad, "38.2")
	h.reactions(3)
	h.replies(2)
	h.d.Deliver(h.d.Reply(family, mum, "both", signalclitest.QuoteOf{Author: dad, SentMS: e2.Timestamp(), Text: "38.2"}))
	h.reactions(4)
	st2 := h.stored(e2)
	if len(st2.Observations) != 2 || st2.Observations[0].Child != "Freya" || st2.Observations[1].Child != "Rory" {
		t.Fatalf("both: %+v", st2.Observations)
	}
}

func TestEditFollows(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "Rory 38.4")
	h.reactions(1)
	// corrected to a dose: the reaction changes
	h.d.Deliver(h.d.Edit(family, mum, e.Timestamp(), "Rory calpol 5ml"))
	r := h.reactions(2)[1]
	if r.Str("emoji") != bot.EmojiMedication || r.Int("targetTimestamp") != e.Timestamp() || r.Bool("remove") {
		t.Fatalf("edit reaction %+v", r.Params)
	}
	obs := h.stored(e).Observations
	if len(obs) != 1 || obs[0].Kind != medbot.Medication {
		t.Fatalf("after edit %+v", obs)
	}
	// edited into chat: the reaction is removed
	h.d.Deliver(h.d.Edit(family, mum, e.Timestamp(), "sorry, wrong group"))
	r = h.reactions(3)[2]
	if !r.Bool("remove") || r.Str("emoji") != bot.EmojiMedication {
		t.Fatalf("remove %+v", r.Params)
	}
	if st := h.settled(e, func(st medbot.Stored) bool { return st.Reaction == "" }); len(st.Observations) != 0 || st.Reaction != "" || st.Text != "sorry, wrong group" {
		t.Fatalf("after second edit %+v", st)
	}
	// edited back to a reading: added again
	h.d.Deliver(h.d.Edit(family, mum, e.Timestamp(), "Rory 38.9"))
	if r := h.reactions(4)[3]; r.Str("emoji") != bot.EmojiTemperature || r.Bool("remove") {
		t.Fatalf("re-add %+v", r.Params)
	}
}

func TestRemoteDelete(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(dad, "nurofen 5ml Freya")
	h.reactions(1)
	h.d.Deliver(h.d.Delete(family, dad, e.Timestamp()))
	r := h.reactions(2)[1]
	if !r.Bool("remove") || r.Int("targetTimestamp") != e.Timestamp() || r.Str("emoji") != bot.EmojiMedication {
		t.Fatalf("delete reaction %+v", r.Params)
	}
	if st := h.stored(e); !st.Retracted {
		t.Fatal("not retracted")
	}
	if obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Freya"}); len(obs) != 0 {
		t.Fatalf("retracted dose still in queries: %+v", obs)
	}
}

// TestAdminDelete: a group admin deleting a parent's message (signal-cli
// 0.14's adminDelete) withdraws its records like the parent's own delete.
func TestAdminDelete(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(dad, "nurofen 5ml Freya")
	h.reactions(1)
	h.d.Deliver(h.d.AdminDelete(family, mum, dad, e.Timestamp()))
	r := h.reactions(2)[1]
	if !r.Bool("remove") || r.Int("targetTimestamp") != e.Timestamp() || r.Str("targetAuthor") != dad.UUID {
		t.Fatalf("reaction after the admin's delete %+v", r.Params)
	}
	if obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Freya"}); len(obs) != 0 {
		t.Fatalf("records of a message an admin deleted: %+v", obs)
	}
}

func TestUndo(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e1 := h.send(mum, "Rory 38.4")
	e2 := h.send(mum, "calpol 5ml Rory")
	h.send(dad, "Freya 37.0") // someone else's record is not mine to undo
	h.reactions(3)
	u := h.send(mum, "undo")
	r := h.reactions(4)[3]
	if !r.Bool("remove") || r.Int("targetTimestamp") != e2.Timestamp() {
		t.Fatalf("undo removed %+v", r.Params)
	}
	rep := h.replies(1)[0]
	if !strings.HasPrefix(rep.Str("message"), "Removed: Rory paracetamol 5 ml at ") || rep.Int("quoteTimestamp") != u.Timestamp() {
		t.Fatalf("undo reply %q", rep.Str("message"))
	}
	// undo again removes the one before
	h.send(mum, "/undo")
	h.reactions(5)
	if !h.stored(e1).Retracted {
		t.Fatal("second undo did not retract the earlier message")
	}
	// undo quoting a message removes that one
	e3 := h.send(dad, "Freya 39.1")
	h.reactions(6)
	h.d.Deliver(h.d.Reply(family, mum, "undo", signalclitest.QuoteOf{Author: dad, SentMS: e3.Timestamp(), Text: "Freya 39.1"}))
	h.reactions(7)
	if !h.stored(e3).Retracted {
		t.Fatal("quoted undo did not retract")
	}
	// nothing left: says so
	h.send(mum, "undo")
	last := h.replies(4)[3]
	if !strings.Contains(last.Str("message"), "nothing of yours") {
		t.Fatalf("empty undo: %q", last.Str("message"))
	}
}

func TestOutsideTheFamily(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.d.Deliver(h.d.Text(other, mum, "Rory 38.4"))
	h.d.Deliver(h.d.Text(other, stranger, "graphs"))
	h.d.Deliver(h.d.Text(other, stranger, "status"))
	h.d.Deliver(h.d.Text("", stranger, "status"))
	h.d.Deliver(h.d.Text("", mum, "Rory 38.4"))
	h.d.Deliver(h.d.Text("", mum, "graphs"))
	// one pointer to the group, to the member, once
	rep := h.replies(1)[0]
	if rep.Str("groupId") != "" || !strings.Contains(rep.Str("message"), "family group") {
		t.Fatalf("pointer %+v", rep.Params)
	}
	if rs, _ := rep.Params["recipient"].([]any); len(rs) != 1 || rs[0] != mum.UUID {
		t.Fatalf("pointer sent to %+v", rep.Params["recipient"])
	}
	h.quiet("send", 1)
	h.quiet("sendReaction", 0)
	if n, _, _ := h.st.Counts(context.Background()); n != 0 {
		t.Fatalf("%d messages from outside stored", n)
	}
}

func TestLinkedDeviceSync(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.d.SyncText(family, "Freya asleep")
	h.d.Deliver(e)
	r := h.reactions(1)[0]
	if r.Str("emoji") != bot.EmojiEvent || r.Str("targetAuthor") != h.d.Account().UUID || r.Int("targetTimestamp") != e.Timestamp() {
		t.Fatalf("sync reaction %+v", r.Params)
	}
}

func TestGraphsReply(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	for _, s := range []string{"Rory 38.4", "Freya 37.9", "calpol 5ml Rory", "Rory sats 97"} {
		h.send(mum, s)
	}
	h.reactions(4)
	g := h.send(dad, "graphs")
	rep := h.replies(1)[0]
	if rep.Int("quoteTimestamp") != g.Timestamp() || !strings.Contains(rep.Str("message"), "Rory: 38.4 °C at ") {
		t.Fatalf("graphs reply %q", rep.Str("message"))
	}
	atts, err := rep.Attachments()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"temperature.png", "vitals.png", "timeline-freya.png", "timeline-rory.png"}
	if len(atts) != len(want) {
		t.Fatalf("%d attachments, want %d", len(atts), len(want))
	}
	for i, a := range atts {
		if a.Filename != want[i] || a.ContentType != "image/png" {
			t.Errorf("attachment %d: %s %s", i, a.Filename, a.ContentType)
		}
		img, err := png.Decode(bytes.NewReader(a.Data))
		if err != nil {
			t.Fatalf("%s: %v", a.Filename, err)
		}
		if b := img.Bounds(); b.Dx() != 1080 || b.Dy() > 1600 || len(a.Data) > 200<<10 {
			t.Errorf("%s: %v, %d bytes", a.Filename, b, len(a.Data))
		}
	}
	// the indicator is stopped after the reply is sent: wait for it
	typing := h.d.Calls("sendTyping")
	for deadline := time.Now().Add(5 * time.Second); len(typing) < 2 && time.Now().Before(deadline); typing = h.d.Calls("sendTyping") {
		time.Sleep(5 * time.Millisecond)
	}
	if len(typing) != 2 || typing[0].Bool("stop") || !typing[1].Bool("stop") {
		t.Errorf("typing %+v", typing)
	}
}

func TestHelpStatusUnknown(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.send(mum, "Rory 38.4")
	h.send(mum, "calpol 5ml Rory")
	h.reactions(2)
	h.send(dad, "status Rory")
	st := h.replies(1)[0].Str("message")
	for _, want := range []string{"Rory: 38.4 °C at", "Paracetamol 5 ml at", "next from"} {
		if !strings.Contains(st, want) {
			t.Errorf("status lacks %q:\n%s", want, st)
		}
	}
	if strings.Contains(st, "Freya") {
		t.Errorf("status Rory mentions Freya:\n%s", st)
	}
	h.send(dad, "status all Rory")
	long := h.replies(2)[1].Str("message")
	for _, want := range []string{"Rory:", "Temperature: 38.4 °C at", "by Mum", "Paracetamol: last 5 ml at", "1 of 4 in 24 h", "next from"} {
		if !strings.Contains(long, want) {
			t.Errorf("status all lacks %q:\n%s", want, long)
		}
	}
	h.send(dad, "Help")
	if help := h.replies(3)[2].Str("message"); !strings.Contains(help, "graphs") || !strings.Contains(help, "calpol 5ml Freya") {
		t.Errorf("help:\n%s", help)
	}
	h.send(dad, "/frobnicate")
	if msg := h.replies(4)[3].Str("message"); !strings.Contains(msg, "/frobnicate") || !strings.Contains(msg, "help") {
		t.Errorf("unknown: %q", msg)
	}
}

func TestUnquotedAnswer(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(mum, "calpol 5ml")
	h.reactions(1)
	h.replies(1)
	h.send(dad, "Rory") // any parent answers the only open question, quoting or not
	if r := h.reactions(2)[1]; r.Str("emoji") != bot.EmojiMedication || r.Int("targetTimestamp") != e.Timestamp() {
		t.Fatalf("%+v", r.Params)
	}
	st := h.settled(e, func(st medbot.Stored) bool { return st.Reaction == bot.EmojiMedication })
	if len(st.Observations) != 1 || st.Observations[0].Child != "Rory" {
		t.Fatalf("%+v", st.Observations)
	}
}

// TestReportWithEmoji: a parent whose Signal name has an emoji, and a note
// full of them, still get the report; nothing of theirs reaches the log.
func TestReportWithEmoji(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	heart := signalclitest.Person{UUID: mum.UUID, Number: mum.Number, Name: "Mum 💕"}
	h.send(heart, "Rory 38.4")
	h.send(heart, "note: Rory 🤒 poorly, GP 🏥 at 10")
	h.reactions(2)
	h.send(dad, "report")
	rep := h.replies(1)[0]
	atts, err := rep.Attachments()
	if err != nil || len(atts) != 1 || !strings.HasPrefix(rep.Str("message"), "The report for all the children") {
		t.Fatalf("reply %q, %d attachments, %v", rep.Str("message"), len(atts), err)
	}
	if strings.Contains(h.logs.String(), "💕") || strings.Contains(h.logs.String(), "🤒") {
		t.Errorf("an emoji of the family's in the log:\n%s", h.logs.String())
	}
}

func TestReportReply(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.send(mum, "Rory 38.4")
	h.send(mum, "calpol 5ml Rory")
	h.reactions(2)
	cmd := h.send(dad, "report Rory 5d")
	rep := h.replies(1)[0]
	if rep.Int("quoteTimestamp") != cmd.Timestamp() || !strings.Contains(rep.Str("message"), "The report for Rory, last 5 days") {
		t.Fatalf("report reply %q", rep.Str("message"))
	}
	atts, err := rep.Attachments()
	if err != nil || len(atts) != 1 {
		t.Fatalf("%v %v", atts, err)
	}
	if a := atts[0]; a.ContentType != "application/pdf" || a.Filename != "medbot-report-rory.pdf" || !bytes.HasPrefix(a.Data, []byte("%PDF-")) || len(a.Data) > 300<<10 {
		t.Errorf("attachment %s %s %d bytes", a.ContentType, a.Filename, len(a.Data))
	}
}

// TestOnlyMembers: a message in the family group from someone who is not a
// member is neither stored nor answered; once they join, it is.
func TestOnlyMembers(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	e := h.send(stranger, "Rory nurofen 10ml")
	h.send(mum, "Rory 38.4")
	rs := h.reactions(1)
	if rs[0].Str("targetAuthor") != mum.UUID {
		t.Fatalf("reacted to %+v", rs[0].Params)
	}
	if obs, _ := h.st.Observations(context.Background(), medbot.Filter{Child: "Rory", Kinds: []medbot.Kind{medbot.Medication}}); len(obs) != 0 {
		t.Errorf("a stranger's dose counts: %+v", obs)
	}
	if _, err := h.st.Message(context.Background(), e.Key(family)); err == nil {
		t.Error("a stranger's message was stored")
	}
	h.bot.SetMembers(map[string]bool{mum.UUID: true, dad.UUID: true, stranger.UUID: true})
	h.send(stranger, "Rory 38.1")
	if rs := h.reactions(2); rs[1].Str("targetAuthor") != stranger.UUID {
		t.Errorf("a new member's message: %+v", rs[1].Params)
	}
}
