package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// text handles a new message: a command, an answer to a question, or a
// message to read.
func (b *Bot) text(ctx context.Context, ev Incoming, pre *medbot.Stored, rd *read) {
	msg := messageOf(ev, b.Now())
	clk := b.clockOf(ev, nil, msg.ReceivedAt)
	msg.ReadAt = clk.at
	rd = b.at(ev, rd, clk) // read at intake; again only if the clock moved
	reading, refused := rd.r, rd.refused
	if clk.shifted && clk.off > 0 && pre != nil && pre.New {
		// written long before Signal had it: if others the phone queued
		// with it arrive now, its own time was the true one
		clk = b.settleClock(ctx, ev, pre.ReceivedAt)
	}
	if pre != nil && pre.New && !clk.bogus && !pre.Clock().Equal(clk.at) {
		// intake read it before the rest of its phone's queue arrived
		msg.ReadAt = clk.at
		rd = b.at(ev, rd, clk)
		reading, refused = rd.r, rd.refused
		obs := recordsOf(reading)
		if err := b.retry(ctx, "dating a queued message", func() error { return b.Store.Redate(ctx, pre.ID, clk.at, obs) }, nil); err != nil {
			return
		}
		pre.Observations, pre.ReadAt = obs, clk.at
	}
	var held *heldMsg
	stored := func() (medbot.Stored, error) {
		if pre != nil && pre.New {
			return *pre, nil
		}
		if pre != nil {
			// a repeat: its first copy may have been confirmed since intake
			if st, err := b.Store.Message(ctx, pre.Key); err == nil {
				return st, nil
			}
		}
		st, h, err := b.saveOrHold(ctx, ev, msg, recordsOf(reading))
		held = h
		return st, err
	}
	// a command medbot could not read that records something is a message
	// ("status: Rory 38.4")
	if cmd := rd.cmd; rd.isCmd && (cmd.Problem == "" || len(recordsOf(reading)) == 0) {
		st, err := stored()
		if errors.Is(err, errHeld) {
			b.out.answered(held)
			b.command(unsaved(ctx), ev, cmd) // answered from what is stored
			return
		}
		if err != nil || !st.New {
			return // shutting down, or a command delivered twice: answered already
		}
		if b.takeHeld(st.Key).answered {
			return // answered while it was held
		}
		b.command(ctx, ev, cmd)
		return
	}
	// an answer changes records: one not saved while the store cannot be
	// written is held like any message, and applied once it is saved
	if pre != nil || !b.holding() {
		if done := b.answer(ctx, ev, msg, rd); done {
			return
		}
	}
	st, err := stored()
	if errors.Is(err, errHeld) {
		b.whileHeld(ctx, held, reading)
		return
	}
	if err != nil {
		return
	}
	if st.Reaction != "" || st.Retracted {
		return // delivered twice: already confirmed
	}
	var far, recall []string
	if st.New {
		st, far = b.farDoses(ctx, st)
		st, recall = b.recalled(ctx, st, reading)
	}
	b.confirm(ctx, st)
	if !st.New {
		return
	}
	if refused != "" {
		b.react(ctx, st.Key, EmojiWho, false)
		b.setReaction(ctx, st.ID, EmojiWho)
		b.reply(ctx, st.Key, refused)
		return
	}
	if len(st.Observations) == 0 && len(recall) > 0 {
		b.reply(ctx, st.Key, strings.Join(recall, " ")) // all recorded already
		recall = nil
	}
	b.askAbout(ctx, st, append(append(b.doubtLines(reading), recall...), far...))
	if !b.takeHeld(st.Key).warned {
		b.checkDoses(ctx, st)
	}
	b.remark(ctx, st, reading, b.clockLine(clk, datedAt(st.Observations, clk.at)))
}

// datedAt reports whether a live record is dated at t (the message's own
// time, not a time the parent wrote).
func datedAt(obs []medbot.Observation, t time.Time) bool {
	for _, o := range obs {
		if d := o.At.Sub(t); d > -time.Second && d < time.Second {
			return true
		}
	}
	return false
}

// save stores a message, retrying until it is stored or ctx ends: nothing
// a parent wrote is lost. During a store outage the family is told once.
func (b *Bot) save(ctx context.Context, m medbot.Message, obs []medbot.Observation) (medbot.Stored, error) {
	var st medbot.Stored
	err := b.retry(ctx, "storing a message", func() error {
		out, err := b.Store.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
		if err == nil {
			st = out[0]
		}
		return err
	}, func(err error) {
		b.storeTrouble(ctx, m.Key, err)
	})
	if err == nil && !b.saved(ctx, []medbot.Stored{st}) {
		return st, ErrStoreGone
	}
	return st, err
}

// saved is the bookkeeping after a successful save: the store works (again),
// the file it wrote to is still the one at its path, and new messages are
// logged. False when the file moved: nothing may be confirmed.
func (b *Bot) saved(ctx context.Context, sts []medbot.Stored) bool {
	b.storeRecovered()
	if !b.storeInPlace(ctx) {
		return false
	}
	for _, st := range sts {
		if st.New {
			b.log.Info("message stored", keyMessageTS, st.Key.SentMS, keyKinds, kindsOf(st.Observations), keyCount, len(st.Observations))
			if len(st.Observations) > 0 {
				b.noteChange(st.Key.Group)
			}
		}
	}
	return true
}

func (b *Bot) storeTrouble(ctx context.Context, key medbot.MessageKey, err error) {
	if !b.storeInPlace(ctx) {
		return // the file went away: the family is told that, once
	}
	b.mu.Lock()
	first := !b.storeBad
	b.storeBad = true
	b.mu.Unlock()
	if !first {
		return
	}
	b.log.Error("storing messages failed; retrying until it works", keyErr, err)
	text := b.say("Sorry, I couldn't save that just now. I'll keep trying, and nothing you write is lost.")
	if errors.Is(err, medbot.ErrDiskFull) {
		text = b.say("Sorry, I couldn't save that: the disk of the computer I run on is full. I'll keep trying; nothing you write is lost.")
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

// emojiFor is the reaction confirming what was stored; "" for nothing,
// ❓ while a record waits for an answer.
func emojiFor(obs []medbot.Observation) string {
	if len(obs) == 0 {
		return ""
	}
	kinds := map[string]bool{}
	for _, o := range obs {
		if (o.Child == "" && o.Kind != medbot.Note) || o.Pending {
			return EmojiWho // a note naming no child is the family's
		}
		kinds[o.Kind.Info().Emoji] = true
	}
	if len(kinds) > 1 {
		return EmojiSeveral
	}
	for k := range kinds {
		return k
	}
	return ""
}

// confirm puts the reaction a stored message deserves: what was stored,
// or ❓ while it waits for an answer.
func (b *Bot) confirm(ctx context.Context, st medbot.Stored) {
	emoji, remove, want, change := reactionChange(st)
	if !change {
		return
	}
	if err := b.react(ctx, st.Key, emoji, remove); err != nil && (ctx.Err() != nil || mayPass(err)) {
		// owed: sent once Signal answers (RunReminders), or by the next
		// run, which finds it unconfirmed
		b.mu.Lock()
		b.owed[st.ID] = true
		b.mu.Unlock()
		return
	}
	b.setReaction(ctx, st.ID, want)
}

// reactionChange is how st's reaction must change to match its records:
// send emoji (or take it back: remove), then record want. change is false
// when it matches already.
func reactionChange(st medbot.Stored) (emoji string, remove bool, want string, change bool) {
	want = emojiFor(st.Observations)
	switch {
	case want == st.Reaction:
		return "", false, want, false
	case want == "":
		return st.Reaction, true, want, true
	}
	return want, false, want, true
}

// setReaction records the reaction a message now has.
func (b *Bot) setReaction(ctx context.Context, id int64, emoji string) {
	if err := b.Store.SetReaction(ctx, id, emoji); err != nil {
		b.log.Warn("recording a reaction failed", keyErr, err)
	}
}

// edit follows an edited message: read again, observations replaced,
// the reaction changed to match.
func (b *Bot) edit(ctx context.Context, ev Incoming) {
	key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.TargetMS}
	msg := messageOf(ev, b.Now())
	msg.Key = key
	if _, ok := b.Parser.Command(ev.Text); ok {
		return // edited into a command: not answered, and nothing to read
	}
	// read at the original's time; an edit of a message never seen at the
	// edit's own (checked like a new message's): a target's time is only
	// the edit's say-so
	var clk msgClock
	if orig, err := b.Store.Message(ctx, key); err == nil {
		clk = msgClock{at: orig.Clock()}
	} else {
		clk = b.clockOf(ev, nil, msg.ReceivedAt)
	}
	msg.ReadAt = clk.at
	reading, refused := b.readAt(ev.Text, clk)
	obs := recordsOf(reading)
	var st medbot.Stored
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
	if !applied || !b.storeInPlace(ctx) {
		return
	}
	b.log.Info("edit stored", keyMessageTS, key.SentMS, keyKinds, kindsOf(obs), keyCount, len(obs))
	b.noteChange(key.Group)
	b.confirm(ctx, st)
	// a question about the old text is answered by the edit; the new text
	// may ask its own
	if err := b.Store.CloseQuestions(ctx, st.ID, b.Now()); err != nil {
		b.log.Warn("closing a question failed", keyErr, err)
	}
	if refused != "" {
		b.reply(ctx, st.Key, refused)
		return
	}
	b.askAbout(ctx, st, b.doubtLines(reading))
	b.checkDoses(ctx, st) // an edited dose is judged like a new one
	if lines := b.flagLines(ctx, st); len(lines) > 0 {
		b.reply(ctx, st.Key, strings.Join(lines, "\n")) // and an edited reading's flags
	}
}

// remoteDelete retracts a message deleted for everyone and takes medbot's
// reaction back.
func (b *Bot) remoteDelete(ctx context.Context, ev Incoming) {
	key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.TargetMS}
	var st medbot.Stored
	err := b.retry(ctx, "retracting a deleted message", func() error {
		var err error
		st, err = b.Store.Retract(ctx, key, "deleted for everyone")
		if errors.Is(err, medbot.ErrNotFound) {
			return nil
		}
		return err
	}, nil)
	if err != nil || st.ID == 0 || st.Retracted {
		return
	}
	b.log.Info("deleted message retracted", keyMessageTS, key.SentMS, keyCount, len(st.Observations))
	b.noteChange(key.Group)
	b.unreact(ctx, st)
}

// unreact takes medbot's reaction off a withdrawn message.
func (b *Bot) unreact(ctx context.Context, st medbot.Stored) {
	if st.Reaction != "" {
		b.react(ctx, st.Key, st.Reaction, true)
		b.setReaction(ctx, st.ID, "")
	}
}
