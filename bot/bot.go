// Package bot is medbot in the family group: it stores every message,
// reads observations out of it, confirms them with a reaction, follows
// edits and deletes, asks when it cannot tell which child, and answers
// commands (graphs, status, report, undo, help).
//
// It consumes a Transport (signal-cli, or the demo's in-process group) and
// a Store (SQLite); package cmd/medbot wires real ones in.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/config"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

// Transport sends to Signal. signalcli.Client is one.
type Transport interface {
	Send(ctx context.Context, m signalcli.Message) (signalcli.SendResult, error)
	React(ctx context.Context, group medbot.GroupID, target medbot.MessageKey, emoji string, remove bool) error
	Typing(ctx context.Context, group medbot.GroupID, stop bool) error
}

// Store keeps messages and observations. store.Store is one.
type Store interface {
	SaveMessage(ctx context.Context, m medbot.Message, obs []medbot.Observation) (store.Stored, error)
	SaveMessages(ctx context.Context, batch []store.Import) ([]store.Stored, error)
	EditMessage(ctx context.Context, key medbot.MessageKey, editMS int64, m medbot.Message, obs []medbot.Observation) (store.Stored, bool, error)
	Retract(ctx context.Context, key medbot.MessageKey, reason string) (store.Stored, error)
	Message(ctx context.Context, key medbot.MessageKey) (store.Stored, error)
	MessageByID(ctx context.Context, id int64) (store.Stored, error)
	SetReaction(ctx context.Context, id int64, emoji string) error
	ReplaceObservations(ctx context.Context, id int64, obs []medbot.Observation) error
	LastMessages(ctx context.Context, group medbot.GroupID, author string, n int) ([]store.Stored, error)
	Reply(ctx context.Context, sentMS, id int64, kind string) error
	ReplyTo(ctx context.Context, sentMS int64) (int64, string, error)
	Observations(ctx context.Context, f store.Filter) ([]medbot.Observation, error)
	LastDoses(ctx context.Context, child string, end time.Time) (map[string]medbot.Observation, error)
	DoseCounts(ctx context.Context, child string, end time.Time) (map[string]int, error)
	MarkNotice(ctx context.Context, key string, at time.Time) (bool, error)
	Unconfirmed(ctx context.Context, since time.Time) ([]store.Stored, error)
}

// Reactions medbot puts on messages.
const (
	EmojiTemperature = "🌡️"
	EmojiMedication  = "💊"
	EmojiVitals      = "🫀"
	EmojiEvent       = "📝"
	EmojiSeveral     = "💾"
	EmojiWho         = "❓"
	EmojiFailed      = "⚠️"
)

// intakeBatch bounds how many received messages are stored in one
// transaction.
const intakeBatch = 256

// undoWindow is how far back "undo" reaches for the sender's last record.
const undoWindow = 15 * time.Minute

// Bot serves the family groups. Set the fields, then call Run.
type Bot struct {
	Config    *config.Config
	Parser    *parse.Parser
	Store     Store
	Transport Transport
	// Groups are the family groups' ids; messages from any other group,
	// and direct messages, are neither stored nor answered.
	Groups map[medbot.GroupID]bool
	// Members are the uuids of the family groups' members: a direct message
	// from one gets one pointer to the group.
	Members map[string]bool
	// Log gets what the operator needs; nil discards. Never health data at
	// Info or above.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RetryMin and RetryMax bound the wait between attempts to store a
	// message or send a reply (default 1 s to 30 s).
	RetryMin, RetryMax time.Duration
	// Render draws the graphs reply; nil uses the charts and timeline packages.
	Render func(ctx context.Context, req GraphRequest) ([]signalcli.Attachment, error)

	once     sync.Once
	log      *slog.Logger
	mu       sync.Mutex
	pointed  map[string]bool // direct-message senders already pointed to the group
	storeBad bool            // a store outage is under way (logged and answered once)
	wg       sync.WaitGroup  // background replies (graphs, report)
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
		b.pointed = map[string]bool{}
	})
}

// Grace is how long Run keeps working on messages already received once
// ctx is done (they were delivered by signal-cli and must be stored).
const Grace = 30 * time.Second

// Run handles events until the channel closes or ctx is done.
//
// It works in two stages. Intake takes everything received so far and
// stores the messages and their records in one transaction: what signal-cli
// has handed over is on disk within milliseconds, whatever follows. Then a
// worker per group, in arrival order, reacts, asks, follows edits and
// deletes and answers commands; slow replies (graphs, report) are made in
// the background. When ctx ends, Run stops taking events, finishes the ones
// it has (for up to Grace), and waits for background replies.
func (b *Bot) Run(ctx context.Context, events <-chan signalcli.Event) error {
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
	enqueue := func(ev signalcli.Event, pre *store.Stored) {
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
					b.handle(work, it.ev, it.pre)
				}
			}()
		}
		q.push(queued{ev, pre})
	}
	// first, confirm what an earlier run stored but did not confirm
	if unconfirmed, err := b.Store.Unconfirmed(work, b.Now().Add(-24*time.Hour)); err != nil {
		b.log.Warn("looking for unconfirmed messages failed", keyErr, err)
	} else {
		for i := range unconfirmed {
			st := unconfirmed[i]
			if !b.Groups[st.Key.Group] {
				continue
			}
			b.log.Info("confirming a message stored before a restart", keyMessageTS, st.Key.SentMS)
			ev := signalcli.Event{Kind: signalcli.Text, Group: st.Key.Group, Author: st.Key.Author, AuthorName: st.AuthorName, SentMS: st.Key.SentMS, Text: st.Text}
			enqueue(ev, &st)
		}
	}
	for {
		var batch []signalcli.Event
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			batch = append(batch, ev)
		}
		closed := false
	drain:
		for len(batch) < intakeBatch {
			select {
			case ev, ok := <-events:
				if !ok {
					closed = true
					break drain
				}
				batch = append(batch, ev)
			default:
				break drain
			}
		}
		pre := b.intake(work, batch)
		for i, ev := range batch {
			if !b.Groups[ev.Group] {
				b.outsider(work, ev)
				continue
			}
			enqueue(ev, pre[i])
		}
		if closed {
			return nil
		}
	}
}

// intake stores the new messages of a batch in one transaction and returns
// each event's stored state (nil when not stored here: edits, deletes,
// other groups, or a store failure, which the group worker then retries
// and reports).
func (b *Bot) intake(ctx context.Context, batch []signalcli.Event) (pre []*store.Stored) {
	pre = make([]*store.Stored, len(batch))
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("storing received messages panicked", keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			pre = make([]*store.Stored, len(batch))
		}
	}()
	var ims []store.Import
	var idx []int
	now := b.Now()
	for i, ev := range batch {
		if ev.Kind != signalcli.Text || !b.Groups[ev.Group] {
			continue
		}
		m := messageOf(ev, now)
		ims = append(ims, store.Import{Message: m, Observations: b.Parser.Parse(ev.Text, m.Key.Sent())})
		idx = append(idx, i)
	}
	if len(ims) == 0 {
		return pre
	}
	sts, err := b.Store.SaveMessages(ctx, ims)
	if err != nil {
		b.log.Debug("storing a batch failed; storing one by one", keyCount, len(ims), keyErr, err)
		return pre
	}
	b.storeRecovered()
	for k, st := range sts {
		st := st
		pre[idx[k]] = &st
		if st.New {
			b.log.Info("message stored", keyMessageTS, st.Key.SentMS, keyKinds, kindsOf(st.Observations), keyCount, len(st.Observations))
		}
	}
	return pre
}

// queued is a received event with what intake stored for it.
type queued struct {
	ev  signalcli.Event
	pre *store.Stored
}

// groupQueue holds a group's received events in order. It is unbounded:
// what it holds is already stored, and a bounded queue here could stall
// reading signal-cli while a worker waits for signal-cli's answer.
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

// pop waits for the next event; false once closed and empty.
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

// Wait waits for background replies (graphs) to be sent.
func (b *Bot) Wait() { b.wg.Wait() }

// outsider answers a message from outside the family groups: nothing is
// stored; a direct message from a member gets one pointer to the group.
func (b *Bot) outsider(ctx context.Context, ev signalcli.Event) {
	if ev.Group != "" || ev.Kind != signalcli.Text || !b.Members[ev.Author] {
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
	_, err := b.Transport.Send(ctx, signalcli.Message{Recipient: ev.Author, Text: "I only read and answer in the family group, so everyone sees the same records. Please write there."})
	if err != nil {
		b.log.Warn("pointing a direct message to the group failed", keyErr, err)
	}
}

// Handle handles one event from a family group. A panic is recovered,
// logged with its stack and answered with ⚠️.
func (b *Bot) Handle(ctx context.Context, ev signalcli.Event) {
	b.init()
	b.handle(ctx, ev, nil)
}

// handle handles an event; pre is the message as intake stored it, if it did.
func (b *Bot) handle(ctx context.Context, ev signalcli.Event, pre *store.Stored) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handling a message panicked", keyEvent, ev.Kind.String(), keyMessageTS, ev.SentMS, keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.SentMS}
			b.react(ctx, key, EmojiFailed, false)
		}
	}()
	switch ev.Kind {
	case signalcli.Text:
		b.text(ctx, ev, pre)
	case signalcli.Edit:
		b.edit(ctx, ev)
	case signalcli.Delete:
		b.remoteDelete(ctx, ev)
	}
}

func keyOf(ev signalcli.Event) medbot.MessageKey {
	return medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.SentMS}
}

func messageOf(ev signalcli.Event, now time.Time) medbot.Message {
	m := medbot.Message{Key: keyOf(ev), AuthorName: ev.AuthorName, Text: ev.Text, ReceivedAt: now}
	if ev.Quote != nil {
		m.Quote = &medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS}
	}
	return m
}

// text handles a new message: a command, an answer to "who is this for?",
// or a message to read.
func (b *Bot) text(ctx context.Context, ev signalcli.Event, pre *store.Stored) {
	msg := messageOf(ev, b.Now())
	stored := func() (store.Stored, error) {
		if pre != nil && pre.New {
			return *pre, nil
		}
		if pre != nil {
			// a repeat: its first copy may have been confirmed since intake
			if st, err := b.Store.Message(ctx, pre.Key); err == nil {
				return st, nil
			}
		}
		return b.save(ctx, msg, b.Parser.Parse(ev.Text, msg.Key.Sent()))
	}
	if cmd, ok := b.Parser.Command(ev.Text); ok {
		st, err := stored()
		if err != nil || !st.New {
			return // shutting down, or a command delivered twice: answered already
		}
		b.command(ctx, ev, cmd)
		return
	}
	if done := b.answer(ctx, ev, msg); done {
		return
	}
	st, err := stored()
	if err != nil {
		return
	}
	if st.Reaction != "" || st.Retracted {
		return // delivered twice: already confirmed
	}
	b.confirm(ctx, st)
	if st.New {
		b.checkDoses(ctx, st)
	}
}

// save stores a message, retrying until it is stored or ctx ends: nothing
// a parent wrote is lost. During a store outage the family is told once.
func (b *Bot) save(ctx context.Context, m medbot.Message, obs []medbot.Observation) (store.Stored, error) {
	var st store.Stored
	err := b.retry(ctx, "storing a message", func() error {
		var err error
		st, err = b.Store.SaveMessage(ctx, m, obs)
		return err
	}, func(err error) {
		b.storeTrouble(ctx, m.Key, err)
	})
	if err == nil {
		b.storeRecovered()
		if st.New {
			b.log.Info("message stored", keyMessageTS, m.Key.SentMS, keyKinds, kindsOf(obs), keyCount, len(obs))
		}
	}
	return st, err
}

// retry runs f until it succeeds, waiting between attempts; trouble is
// told about the first failure.
func (b *Bot) retry(ctx context.Context, what string, f func() error, trouble func(error)) error {
	wait := b.RetryMin
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			b.log.Error(what+" abandoned at shutdown", keyErr, err)
			return err
		}
		if attempt == 1 && trouble != nil {
			trouble(err)
		}
		b.log.Debug(what+" failed, will retry", keyAttempt, attempt, keyErr, err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
		if wait > b.RetryMax {
			wait = b.RetryMax
		}
	}
}

func (b *Bot) storeTrouble(ctx context.Context, key medbot.MessageKey, err error) {
	b.mu.Lock()
	first := !b.storeBad
	b.storeBad = true
	b.mu.Unlock()
	if !first {
		return
	}
	b.log.Error("storing messages failed; retrying until it works", keyErr, err)
	text := "Sorry, I couldn't save that just now. I'll keep trying, and nothing you write is lost."
	if errors.Is(err, store.ErrDiskFull) {
		text = "Sorry, I couldn't save that: the disk of the computer I run on is full. I'll keep trying; nothing you write is lost."
	}
	b.reply(ctx, key, text)
}

func (b *Bot) storeRecovered() {
	b.mu.Lock()
	was := b.storeBad
	b.storeBad = false
	b.mu.Unlock()
	if was {
		b.log.Info("storing messages works again")
	}
}

// emojiFor is the reaction confirming what was stored; "" for nothing.
func emojiFor(obs []medbot.Observation) string {
	if len(obs) == 0 {
		return ""
	}
	kinds := map[string]bool{}
	for _, o := range obs {
		if o.Child == "" && o.Kind != medbot.Note {
			return EmojiWho // a note naming no child is the family's
		}
		switch o.Kind {
		case medbot.Temperature:
			kinds[EmojiTemperature] = true
		case medbot.Medication:
			kinds[EmojiMedication] = true
		case medbot.SpO2, medbot.HeartRate:
			kinds[EmojiVitals] = true
		default:
			kinds[EmojiEvent] = true
		}
	}
	if len(kinds) > 1 {
		return EmojiSeveral
	}
	for k := range kinds {
		return k
	}
	return ""
}

// confirm puts the reaction a stored message deserves, and asks whom it is
// for when the child could not be told.
func (b *Bot) confirm(ctx context.Context, st store.Stored) {
	emoji := emojiFor(st.Observations)
	if emoji == st.Reaction {
		return
	}
	if emoji == "" {
		b.react(ctx, st.Key, st.Reaction, true)
	} else {
		b.react(ctx, st.Key, emoji, false)
	}
	if err := b.Store.SetReaction(ctx, st.ID, emoji); err != nil {
		b.log.Warn("recording a reaction failed", keyErr, err)
	}
	if emoji == EmojiWho {
		b.askWho(ctx, st)
	}
}

func (b *Bot) askWho(ctx context.Context, st store.Stored) {
	names := b.Config.ChildNames()
	who := names[0]
	if len(names) > 1 {
		who = strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	sent, err := b.reply(ctx, st.Key, fmt.Sprintf("Who is this for, %s? Reply to this message with the name.", who))
	if err == nil {
		if err := b.Store.Reply(ctx, sent, st.ID, "question"); err != nil {
			b.log.Warn("recording a question failed", keyErr, err)
		}
	}
}

// answer completes a record whose child was unknown, when ev quotes
// medbot's question or the message itself and names children. It reports
// whether ev was such an answer.
func (b *Bot) answer(ctx context.Context, ev signalcli.Event, msg medbot.Message) bool {
	names, ok := b.Parser.Answer(ev.Text)
	if !ok {
		return false
	}
	var target store.Stored
	switch {
	case ev.Quote != nil:
		id, kind, err := b.Store.ReplyTo(ctx, ev.Quote.SentMS)
		if err == nil && kind == "question" {
			target, err = b.Store.MessageByID(ctx, id)
		} else {
			target, err = b.Store.Message(ctx, medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS})
		}
		if err != nil {
			return false
		}
	default:
		// not quoted: the sender's own last message, if medbot asked about
		// it in the last 15 minutes ("calpol 5ml", then "Rory")
		msgs, err := b.Store.LastMessages(ctx, ev.Group, ev.Author, 2)
		if err != nil {
			return false
		}
		if len(msgs) > 0 && msgs[0].Key == keyOf(ev) {
			msgs = msgs[1:] // the answer itself, stored at intake
		}
		if len(msgs) == 0 || msgs[0].ReceivedAt.Before(b.Now().Add(-undoWindow)) {
			return false
		}
		target = msgs[0]
	}
	if target.Retracted || emojiFor(target.Observations) != EmojiWho {
		return false
	}
	if _, err := b.save(ctx, msg, nil); err != nil {
		return true
	}
	obs := withChildren(target.Observations, names)
	if err := b.retry(ctx, "completing a record", func() error { return b.Store.ReplaceObservations(ctx, target.ID, obs) }, nil); err != nil {
		return true
	}
	target.Observations = obs
	b.confirm(ctx, target)
	if full, err := b.Store.MessageByID(ctx, target.ID); err == nil {
		b.checkDoses(ctx, full)
	}
	return true
}

// withChildren gives each observation whose child is unknown to every one
// of children (the answer to "who is this for?").
func withChildren(obs []medbot.Observation, children []string) []medbot.Observation {
	var out []medbot.Observation
	for _, o := range obs {
		if o.Child != "" {
			out = append(out, o)
			continue
		}
		for _, c := range children {
			o.Child = c
			out = append(out, o)
		}
	}
	return out
}

// Reread parses a stored message again (medbot reparse). Records a parent
// completed by answering "who is this for?" keep the children given.
func Reread(p *parse.Parser, m store.Stored) []medbot.Observation {
	obs := p.Parse(m.Text, m.Key.Sent())
	var given []string
	for _, o := range m.Observations {
		if o.Child != "" && !slices.Contains(given, o.Child) {
			given = append(given, o.Child)
		}
	}
	if len(given) == 0 {
		return obs
	}
	return withChildren(obs, given)
}

// edit follows an edited message: read again, observations replaced,
// the reaction changed to match.
func (b *Bot) edit(ctx context.Context, ev signalcli.Event) {
	key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.TargetMS}
	msg := messageOf(ev, b.Now())
	msg.Key = key
	if _, ok := b.Parser.Command(ev.Text); ok {
		return // edited into a command: not answered, and nothing to read
	}
	obs := b.Parser.Parse(ev.Text, key.Sent())
	var st store.Stored
	var applied bool
	err := b.retry(ctx, "storing an edit", func() error {
		var err error
		st, applied, err = b.Store.EditMessage(ctx, key, ev.SentMS, msg, obs)
		return err
	}, func(err error) { b.storeTrouble(ctx, key, err) })
	if err != nil {
		return
	}
	b.storeRecovered()
	if !applied {
		return
	}
	b.log.Info("edit stored", keyMessageTS, key.SentMS, keyKinds, kindsOf(obs), keyCount, len(obs))
	b.confirm(ctx, st)
}

// remoteDelete retracts a message deleted for everyone and takes medbot's
// reaction back.
func (b *Bot) remoteDelete(ctx context.Context, ev signalcli.Event) {
	key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.TargetMS}
	var st store.Stored
	err := b.retry(ctx, "retracting a deleted message", func() error {
		var err error
		st, err = b.Store.Retract(ctx, key, "deleted for everyone")
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}, nil)
	if err != nil || st.ID == 0 || st.Retracted {
		return
	}
	b.log.Info("deleted message retracted", keyMessageTS, key.SentMS, keyCount, len(st.Observations))
	if st.Reaction != "" {
		b.react(ctx, key, st.Reaction, true)
		b.Store.SetReaction(ctx, st.ID, "")
	}
}

// react sets or removes a reaction, retrying a few times: reactions are
// safe to resend.
func (b *Bot) react(ctx context.Context, key medbot.MessageKey, emoji string, remove bool) {
	if emoji == "" {
		return
	}
	b.send(ctx, "reacting", func() error { return b.Transport.React(ctx, key.Group, key, emoji, remove) })
}

// reply sends text to the group quoting key, and returns its timestamp.
func (b *Bot) reply(ctx context.Context, key medbot.MessageKey, text string, atts ...signalcli.Attachment) (int64, error) {
	var ts int64
	q := key
	err := b.send(ctx, "replying", func() error {
		r, err := b.Transport.Send(ctx, signalcli.Message{Group: key.Group, Text: text, Quote: &q, Attachments: atts})
		ts = r.Timestamp
		return err
	})
	return ts, err
}

// sendAttempts bounds how often a reaction or reply is tried.
const sendAttempts = 6

// send runs f with backoff on failure, honouring a rate limit's delay.
func (b *Bot) send(ctx context.Context, what string, f func() error) error {
	wait := b.RetryMin
	var err error
	for attempt := 1; attempt <= sendAttempts; attempt++ {
		if err = f(); err == nil {
			return nil
		}
		if errors.Is(err, signalcli.ErrClosed) {
			break
		}
		b.log.Debug(what+" failed, will retry", keyAttempt, attempt, keyErr, err)
		var re *signalcli.RPCError
		if errors.As(err, &re) {
			limited, after := re.RateLimited()
			if !limited && re.Code != signalcli.CodeIOError {
				break // a user error will not go away by retrying
			}
			if d := time.Duration(after) * time.Second; d > wait {
				wait = d
			}
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait *= 2
		if wait > b.RetryMax {
			wait = b.RetryMax
		}
	}
	b.log.Warn(what+" failed", keyErr, err)
	return err
}

func kindsOf(obs []medbot.Observation) string {
	set := map[string]bool{}
	for _, o := range obs {
		set[string(o.Kind)] = true
	}
	ks := make([]string, 0, len(set))
	for k := range set {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}
