package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// text handles a new message: a command, an answer to "who is this for?",
// or a message to read.
func (b *Bot) text(ctx context.Context, ev Incoming, pre *medbot.Stored) {
	msg := messageOf(ev, b.Now())
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
	if err == nil {
		b.storeRecovered()
		if st.New {
			b.log.Info("message stored", keyMessageTS, m.Key.SentMS, keyKinds, kindsOf(obs), keyCount, len(obs))
		}
	}
	return st, err
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
	if errors.Is(err, medbot.ErrDiskFull) {
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
func (b *Bot) confirm(ctx context.Context, st medbot.Stored) {
	emoji := emojiFor(st.Observations)
	if emoji == st.Reaction {
		return
	}
	if emoji == "" {
		b.react(ctx, st.Key, st.Reaction, true)
	} else {
		b.react(ctx, st.Key, emoji, false)
	}
	b.setReaction(ctx, st.ID, emoji)
	if emoji == EmojiWho {
		b.askWho(ctx, st)
	}
}

// setReaction records the reaction a message now has.
func (b *Bot) setReaction(ctx context.Context, id int64, emoji string) {
	if err := b.Store.SetReaction(ctx, id, emoji); err != nil {
		b.log.Warn("recording a reaction failed", keyErr, err)
	}
}

func (b *Bot) askWho(ctx context.Context, st medbot.Stored) {
	names := b.Family.ChildNames()
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
func (b *Bot) answer(ctx context.Context, ev Incoming, msg medbot.Message) bool {
	names, ok := b.Parser.Answer(ev.Text)
	if !ok {
		return false
	}
	var target medbot.Stored
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
	obs := parse.WithChildren(target.Observations, names)
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

// edit follows an edited message: read again, observations replaced,
// the reaction changed to match.
func (b *Bot) edit(ctx context.Context, ev Incoming) {
	key := medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.TargetMS}
	msg := messageOf(ev, b.Now())
	msg.Key = key
	if _, ok := b.Parser.Command(ev.Text); ok {
		return // edited into a command: not answered, and nothing to read
	}
	obs := b.Parser.Parse(ev.Text, key.Sent())
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
	if !applied {
		return
	}
	b.log.Info("edit stored", keyMessageTS, key.SentMS, keyKinds, kindsOf(obs), keyCount, len(obs))
	b.confirm(ctx, st)
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
	b.unreact(ctx, st)
}

// unreact takes medbot's reaction off a withdrawn message.
func (b *Bot) unreact(ctx context.Context, st medbot.Stored) {
	if st.Reaction != "" {
		b.react(ctx, st.Key, st.Reaction, true)
		b.setReaction(ctx, st.ID, "")
	}
}
