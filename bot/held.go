package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// While the store cannot be written (a full disk), messages are held in
// memory, in order, and saved by one goroutine as soon as it can; each is
// then confirmed as usual. Meanwhile the bot is not blind: commands are
// answered from what is stored, and a dose is checked against the stored
// doses and the held ones, each answer saying that the latest messages are
// not saved yet.

// errHeld is a message held because the store cannot be written.
var errHeld = errors.New("held: the store cannot be written")

// heldMsg is one message waiting to be saved.
type heldMsg struct {
	ev       Incoming
	msg      medbot.Message
	answered bool // a command answered while held: not again once saved
	obs      []medbot.Observation
	id       int64 // negative: an id no stored message has
	warned   bool  // a dose warning was given while held: not again once saved
}

type unsavedKey struct{}

// unsaved marks ctx: replies made with it end with a note that the
// latest messages are not in them (Bot.reply).
func unsaved(ctx context.Context) context.Context { return context.WithValue(ctx, unsavedKey{}, true) }

func isUnsaved(ctx context.Context) bool { v, _ := ctx.Value(unsavedKey{}).(bool); return v }

// takeHeld returns what was said about a message while it was held
// (nothing when it was not held), once.
func (b *Bot) takeHeld(key medbot.MessageKey) *heldMsg { return b.out.take(key) }

// holding reports whether messages wait to be saved.
func (b *Bot) holding() bool { return b.out.holding() }

// saveOrHold stores a message, or holds it when the store cannot be
// written (or others are held before it: order is kept).
func (b *Bot) saveOrHold(ctx context.Context, ev Incoming, m medbot.Message, obs []medbot.Observation) (medbot.Stored, *heldMsg, error) {
	if !b.out.any() {
		out, err := b.Store.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
		if err == nil {
			b.out.resume()
			if !b.saved(ctx, out) {
				return medbot.Stored{}, nil, ErrStoreGone
			}
			return out[0], nil, nil
		}
		if ctx.Err() != nil {
			return medbot.Stored{}, nil, err
		}
		b.storeTrouble(ctx, m.Key, err)
	}
	h := &heldMsg{ev: ev, msg: m, obs: obs}
	if b.out.hold(h) {
		b.wg.Add(1)
		go b.saveHeld(context.WithoutCancel(ctx), ctx.Done())
	}
	return medbot.Stored{}, h, errHeld
}

// saveHeld saves the held messages in order, retrying with backoff, and
// hands each saved one back to be confirmed. It stops when none is left,
// or at shutdown (what is still held is then lost, and logged).
func (b *Bot) saveHeld(ctx context.Context, stop <-chan struct{}) {
	defer b.wg.Done()
	wait := b.RetryMin
	for {
		h, ok := b.out.next()
		if !ok {
			return
		}
		out, err, panicked := b.saveOne(ctx, h.msg, h.obs) // the store numbers the records itself
		if panicked {
			// a bug, as in handle: this message gets ⚠️, the rest go on
			b.out.done(nil)
			b.react(ctx, h.msg.Key, EmojiFailed, false)
			continue
		}
		if err != nil {
			// a database file gone is found here (and told once): then no
			// save can succeed, as at shutdown
			b.storeInPlace(ctx)
			select {
			case <-stop:
			case <-b.goneCh:
			case <-time.After(wait):
				wait = min(wait*2, b.RetryMax)
				continue
			}
			n := b.out.abandon()
			b.log.Error("stopping with messages not saved (the store could not be written)", keyCount, n)
			return
		}
		wait = b.RetryMin
		b.out.done(&out[0].Key)
		if !b.saved(ctx, out) {
			return
		}
		st := out[0]
		if requeue := b.out.requeuer(); requeue != nil {
			requeue(h.ev, &st)
		} else {
			b.handle(ctx, h.ev, &st, nil)
		}
	}
}

// saveOne saves one held message; a panic in the store is logged with
// its stack and reported as panicked.
func (b *Bot) saveOne(ctx context.Context, m medbot.Message, obs []medbot.Observation) (out []medbot.Stored, err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("storing a held message panicked", keyMessageTS, m.Key.SentMS, keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			panicked = true
		}
	}()
	out, err = b.Store.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
	return out, err, false
}

// heldView is the store as the bot sees it while messages are held: reads
// include the held messages' records; notices are remembered in memory.
type heldView struct {
	Store
	b *Bot
}

func (v heldView) Observations(ctx context.Context, f medbot.Filter) ([]medbot.Observation, error) {
	obs, err := v.Store.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	obs = append(obs, v.b.out.matching(f)...)
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].At.Before(obs[j].At) })
	return f.KeepLatest(obs), nil
}

func (v heldView) MarkNotice(ctx context.Context, key string, at time.Time) (bool, error) {
	return v.b.out.markNotice(key), nil
}

// whileHeld answers a held message as far as can be without saving it:
// its doses checked against the stored and held ones, a question about
// doses answered.
func (b *Bot) whileHeld(ctx context.Context, h *heldMsg, r parse.Reading) {
	view := heldView{Store: b.Store, b: b}
	st := medbot.Stored{ID: h.id, Message: h.msg, Observations: h.obs}
	var lines []string
	seen := map[string]bool{}
	for _, o := range h.obs {
		if o.Kind != medbot.Medication || o.Child == "" || o.Pending || seen[o.Child+"\x00"+o.Name] {
			continue
		}
		seen[o.Child+"\x00"+o.Name] = true
		text, err := b.doseWarning(ctx, view, st, o)
		if err != nil {
			b.log.Warn("checking dose limits failed", keyErr, err)
			continue
		}
		if text != "" {
			lines = append(lines, text)
			// every held dose of it is covered: not warned about again
			// once saved
			b.out.warnedAbout(o.Child, o.Name)
		}
	}
	if r.Question != nil {
		lines = append(lines, b.doseAnswerIn(ctx, view, *r.Question)...)
	}
	if len(lines) > 0 {
		b.reply(unsaved(ctx), h.msg.Key, strings.Join(lines, "\n"))
	}
}

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
	text := b.say("⚠️ My database file was removed or replaced while I was running, so I'm stopping to start again on the file that is there now.")
	if !since.IsZero() {
		text += b.say(" Anything sent since %s without my reaction was not saved: please send it again.", b.Units.When(since, b.Now(), b.Family.Zone))
	}
	for g := range b.Groups {
		if _, err := b.Transport.Send(context.WithoutCancel(ctx), Reply{Group: g, Text: text}); err != nil {
			b.log.Warn("could not tell the family", keyErr, err)
		}
	}
	return false
}
