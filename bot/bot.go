// Package bot is medbot in the family group: it stores every message,
// reads observations out of it, confirms them with a reaction, follows
// edits and deletes, asks when it cannot tell which child, and answers
// commands (graphs, status, report, undo, help).
//
// It speaks medbot's own types: it reads Incoming messages, sends Replies
// through a Transport (signal-cli through bot/signalcli, or the demo's
// in-process group) and keeps them in a Store (SQLite); package cmd/medbot
// wires real ones in.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// Reactions medbot puts on messages.
const (
	EmojiTemperature = "🌡️"
	EmojiMedication  = "💊"
	EmojiVitals      = "🫀"
	EmojiEvent       = "📝"
	EmojiSeveral     = "💾"
	EmojiWho         = "❓"
	EmojiFailed      = "⚠️"
	// EmojiSeeAbove is put on a command repeated within half a minute:
	// its answer is the one above.
	EmojiSeeAbove = "👆"
)

// intakeBatch bounds how many received messages are stored in one
// transaction.
const intakeBatch = 256

// undoWindow is how far back "undo" reaches for the sender's last record.
const undoWindow = 15 * time.Minute

// Bot serves the family groups. Set the fields, then call Run.
type Bot struct {
	// Family is who the bot serves: children, medicines and their limits,
	// events, zone, quiet hours. Units are how it writes temperatures and
	// times.
	Family    medbot.Family
	Units     medbot.Units
	Parser    *parse.Parser
	Store     Store
	Transport Transport
	// Groups are the family groups' ids; messages from any other group,
	// and direct messages, are neither stored nor answered.
	Groups map[medbot.GroupID]bool
	// Members are the ids of the family groups' current members: a message
	// in a family group from anyone else is neither stored nor answered
	// (signal-cli drops most such, but medbot does not rely on it), and a
	// direct message from a member gets one pointer to the group. nil:
	// not known, every sender in a family group is taken. SetMembers
	// changes them while the bot runs.
	Members map[string]bool
	// Log gets what the operator needs; nil discards. Never health data at
	// Info or above.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RetryMin and RetryMax bound the wait between attempts to store a
	// message or send a reply (default 1 s to 30 s).
	RetryMin, RetryMax time.Duration
	// RenderPatience is how long a chart or report waits for another
	// being made before the family is told it is on its way (default 5 s).
	RenderPatience time.Duration
	// Polls asks "Who is this for?" as a poll when the Transport is a
	// Poller (signal-cli 0.13.23 and later); typed answers work as ever.
	Polls bool

	once    sync.Once
	log     *slog.Logger
	mu      sync.Mutex
	members map[string]bool // the family groups' current members (Members, then SetMembers)
	// recentCmds are the commands answered in the last coalesceWindow, by
	// group and wording; changed is when each group last recorded
	// something (a repeat after it is answered afresh)
	recentCmds map[string]time.Time
	changed    map[medbot.GroupID]time.Time
	pointed    map[string]bool // direct-message senders already pointed to the group
	storeBad   bool            // a store outage is under way (logged and answered once)
	owed       map[int64]bool  // messages whose reaction could not be sent (Signal unreachable)
	arrived    arrivals        // recent sent and server times, to read phone clocks
	gone       atomic.Bool     // the database file was removed or replaced: confirm nothing more
	goneCh     chan struct{}   // closed when gone is set
	render     chan struct{}   // held while a chart or report is made: one at a time
	out        *outage         // messages held while the store cannot be written (outage.go, held.go)
	lastGood   time.Time       // the last time the database file was found in place
	wg         sync.WaitGroup  // background replies (graphs, report)
}

func (b *Bot) init() {
	b.once.Do(func() {
		b.log = b.Log
		if b.log == nil {
			b.log = slog.New(slog.DiscardHandler)
		}
		if b.Now == nil {
			b.Now = time.Now
		}
		if b.RetryMin <= 0 {
			b.RetryMin = time.Second
		}
		if b.RetryMax <= 0 {
			b.RetryMax = 30 * time.Second
		}
		if b.RenderPatience <= 0 {
			b.RenderPatience = 5 * time.Second
		}
		if b.Family.Zone == nil {
			b.Family.Zone = time.UTC
		}
		b.pointed = map[string]bool{}
		b.owed = map[int64]bool{}
		b.members = b.Members
		b.goneCh = make(chan struct{})
		b.render = make(chan struct{}, 1)
		b.out = newOutage()
	})
}

// MaxRecords is the most records one message makes: beyond it the message
// is kept as text, nothing is recorded, and the family is told why. A
// parent's message holds a handful; thousands are a paste or an attack,
// and would cost memory in every chart and report after.
const MaxRecords = 20

// ErrStoreGone is Run's error when the database file was removed or
// replaced under it: medbot must start again on the file there now.
var ErrStoreGone = errors.New("the database file was removed or replaced; start medbot again")

// storeInPlace reports whether the store still writes to the file at its
// path (when it can tell: store.Store.Gone). The first time it does not,
// the bot logs it, tells the family, and confirms nothing more.
func (b *Bot) storeInPlace(ctx context.Context) bool {
	if b.gone.Load() {
		return false
	}
	g, ok := b.Store.(interface{ Gone() error })
	if !ok {
		return true
	}
	err := g.Gone()
	if err == nil {
		b.mu.Lock()
		b.lastGood = b.Now()
		b.mu.Unlock()
		return true
	}
	if !b.gone.CompareAndSwap(false, true) {
		return false
	}
	close(b.goneCh)
	b.log.Error("the database file was removed or replaced under medbot: confirming nothing more, and stopping so that it starts again on the file there now", keyErr, err)
	b.mu.Lock()
	since := b.lastGood
	b.mu.Unlock()
	text := "⚠️ My database file was removed or replaced while I was running, so I'm stopping to start again on the file that is there now."
	if !since.IsZero() {
		text += fmt.Sprintf(" Anything sent since %s without my reaction was not saved: please send it again.", b.Units.When(since, b.Now(), b.Family.Zone))
	}
	for g := range b.Groups {
		if _, err := b.Transport.Send(context.WithoutCancel(ctx), Reply{Group: g, Text: text}); err != nil {
			b.log.Warn("could not tell the family", keyErr, err)
		}
	}
	return false
}

// Grace is how long Run keeps working on messages already received once
// ctx is done (they were delivered and must be stored).
const Grace = 30 * time.Second

// Run handles incoming messages until the channel closes or ctx is done.
//
// It works in two stages. Intake takes everything received so far and
// stores the messages and their records in one transaction: what the chat
// has handed over is on disk within milliseconds, whatever follows. Then a
// worker per group, in arrival order, reacts, asks, follows edits and
// deletes and answers commands; slow replies (graphs, report) are made in
// the background. When ctx ends, Run stops taking messages, finishes the
// ones it has (for up to Grace), and waits for background replies.
func (b *Bot) Run(ctx context.Context, in <-chan Incoming) error {
	b.init()
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	groups := map[medbot.GroupID]*groupQueue{}
	var workers sync.WaitGroup
	defer func() {
		for _, q := range groups {
			q.close()
		}
		stopped := make(chan struct{})
		go func() { workers.Wait(); b.wg.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(Grace):
			b.log.Error("shutdown grace period over; abandoning unfinished messages")
			cancel()
			<-stopped
		}
	}()
	enqueue := func(ev Incoming, pre *medbot.Stored, rd *read) {
		q, ok := groups[ev.Group]
		if !ok {
			q = newGroupQueue()
			groups[ev.Group] = q
			workers.Add(1)
			go func() {
				defer workers.Done()
				for {
					it, ok := q.pop()
					if !ok {
						return
					}
					b.handle(work, it.ev, it.pre, it.rd)
				}
			}()
		}
		q.push(queued{ev, pre, rd})
	}
	b.out.setRequeue(func(ev Incoming, pre *medbot.Stored) {
		select {
		case b.out.requeued <- queued{ev, pre, nil}:
		case <-ctx.Done():
			b.handle(work, ev, pre, nil) // Run is stopping: confirm it here
		}
	})
	b.confirmUnconfirmed(work, enqueue)
	for {
		var batch []Incoming
		select {
		case <-ctx.Done():
			return nil
		case <-b.goneCh:
			return ErrStoreGone
		case it := <-b.out.requeued:
			enqueue(it.ev, it.pre, it.rd)
			continue
		case ev, ok := <-in:
			if !ok {
				return nil
			}
			batch = append(batch, ev)
		}
		closed := false
	drain:
		for len(batch) < intakeBatch {
			select {
			case ev, ok := <-in:
				if !ok {
					closed = true
					break drain
				}
				batch = append(batch, ev)
			default:
				break drain
			}
		}
		pre, reads := b.intake(work, batch)
		if b.gone.Load() {
			return ErrStoreGone
		}
		for i, ev := range batch {
			if !b.accepts(ev) {
				b.outsider(work, ev)
				continue
			}
			enqueue(ev, pre[i], reads[i])
		}
		if closed {
			return nil
		}
	}
}

// confirmUnconfirmed queues what an earlier run stored but did not confirm.
func (b *Bot) confirmUnconfirmed(ctx context.Context, enqueue func(Incoming, *medbot.Stored, *read)) {
	unconfirmed, err := b.Store.Unconfirmed(ctx, b.Now().Add(-24*time.Hour))
	if err != nil {
		b.log.Warn("looking for unconfirmed messages failed", keyErr, err)
		return
	}
	for i := range unconfirmed {
		st := unconfirmed[i]
		if !b.Groups[st.Key.Group] {
			continue
		}
		b.log.Info("confirming a message stored before a restart", keyMessageTS, st.Key.SentMS)
		enqueue(Incoming{Kind: Text, Group: st.Key.Group, Author: st.Key.Author, AuthorName: st.AuthorName, SentMS: st.Key.SentMS, Text: st.Text}, &st, nil)
	}
}

// intake reads the new messages of a batch, stores them in one
// transaction and returns each one's stored state (nil when not stored
// here: edits, deletes, other groups, or a store failure, which the group
// worker then retries and reports) and what was read from it, which
// travels with it to the worker.
func (b *Bot) intake(ctx context.Context, batch []Incoming) (pre []*medbot.Stored, reads []*read) {
	pre = make([]*medbot.Stored, len(batch))
	reads = make([]*read, len(batch))
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("storing received messages panicked", keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			pre = make([]*medbot.Stored, len(batch))
		}
	}()
	var ims []medbot.Stored
	var idx []int
	now := b.Now()
	for i, ev := range batch {
		if ev.Kind != Text || !b.accepts(ev) {
			continue
		}
		m := messageOf(ev, now)
		clk := b.clockOf(ev, batch, now)
		m.ReadAt = clk.at
		reads[i] = b.readMessage(ev, clk)
		ims = append(ims, medbot.Stored{Message: m, Observations: recordsOf(reads[i].r)})
		idx = append(idx, i)
	}
	if len(ims) == 0 {
		return pre, reads
	}
	if b.out.isPaused() {
		return pre, reads // the store could not be written: these wait behind the held ones, in order
	}
	sts, err := b.Store.SaveMessages(ctx, ims)
	if err != nil {
		b.log.Debug("storing a batch failed; storing one by one", keyCount, len(ims), keyErr, err)
		b.out.pause() // until the workers have stored what is before
		return pre, reads
	}
	if !b.saved(ctx, sts) {
		return pre, reads
	}
	for k := range sts {
		pre[idx[k]] = &sts[k]
	}
	return pre, reads
}

// queued is a received message with what intake stored for it.
type queued struct {
	ev  Incoming
	pre *medbot.Stored
	rd  *read
}

// groupQueue holds a group's received messages in order. It is unbounded:
// what it holds is already stored, and a bounded queue here could stall
// reading the chat while a worker waits for the chat's answer.
type groupQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []queued
	closed bool
}

func newGroupQueue() *groupQueue {
	q := &groupQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *groupQueue) push(it queued) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *groupQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop waits for the next message; false once closed and empty.
func (q *groupQueue) pop() (queued, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return queued{}, false
	}
	it := q.items[0]
	q.items[0] = queued{}
	q.items = q.items[1:]
	return it, true
}

// Wait waits for background replies (graphs, report) to be sent.
func (b *Bot) Wait() { b.wg.Wait() }

// SetMembers replaces the family groups' members (their ids), as the
// groups change.
func (b *Bot) SetMembers(members map[string]bool) {
	b.init()
	b.mu.Lock()
	b.members = members
	b.mu.Unlock()
}

// member reports whether id is a member of the family groups (true when
// they are not known).
func (b *Bot) member(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.members == nil || b.members[id]
}

// accepts reports whether ev is the family's: in a family group, from one
// of its members.
func (b *Bot) accepts(ev Incoming) bool {
	return b.Groups[ev.Group] && b.member(ev.Author)
}

// outsider answers a message from outside the family groups: nothing is
// stored; a direct message from a member gets one pointer to the group. A
// message in a family group from someone not in it is dropped.
func (b *Bot) outsider(ctx context.Context, ev Incoming) {
	if b.Groups[ev.Group] {
		b.log.Debug("a message in a family group from someone not in it ignored", keyEvent, ev.Kind.String())
		return
	}
	b.mu.Lock()
	known := b.members[ev.Author]
	b.mu.Unlock()
	if ev.Group != "" || ev.Kind != Text || !known {
		b.log.Debug("message from outside the family groups ignored", keyEvent, ev.Kind.String())
		return
	}
	b.mu.Lock()
	done := b.pointed[ev.Author]
	b.pointed[ev.Author] = true
	b.mu.Unlock()
	if done {
		return
	}
	_, err := b.Transport.Send(ctx, Reply{Recipient: ev.Author, Text: "I only read and answer in the family group, so everyone sees the same records. Please write there."})
	if err != nil {
		b.log.Warn("pointing a direct message to the group failed", keyErr, err)
	}
}

// Handle handles one message from a family group. A panic is recovered,
// logged with its stack and answered with ⚠️.
func (b *Bot) Handle(ctx context.Context, ev Incoming) {
	b.init()
	b.handle(ctx, ev, nil, nil)
}

// handle handles a message; pre is the message as intake stored it, if it
// did, and rd what intake read from it.
func (b *Bot) handle(ctx context.Context, ev Incoming, pre *medbot.Stored, rd *read) {
	if b.gone.Load() {
		return // stored in a file nobody will open again: no confirmation
	}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handling a message panicked", keyEvent, ev.Kind.String(), keyMessageTS, ev.SentMS, keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			b.react(ctx, keyOf(ev), EmojiFailed, false)
		}
	}()
	switch ev.Kind {
	case Text:
		b.text(ctx, ev, pre, rd)
	case Edit:
		b.edit(ctx, ev)
	case Delete:
		b.remoteDelete(ctx, ev)
	case Vote:
		b.vote(ctx, ev)
	}
}

func keyOf(ev Incoming) medbot.MessageKey {
	return medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.SentMS}
}

func messageOf(ev Incoming, now time.Time) medbot.Message {
	m := medbot.Message{Key: keyOf(ev), AuthorName: ev.AuthorName, Text: ev.Text, ReceivedAt: now}
	if ev.Quote != nil {
		m.Quote = &medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS}
	}
	return m
}
