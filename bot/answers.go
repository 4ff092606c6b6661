package bot

import (
	"context"
	"slices"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// answer takes ev as the answer to an open question when it is one: a
// quote of the question or of the message it is about, or, unquoted, the
// only open question of its kind (names answer "who is this for?", yes or
// no answer "is this right?"), whoever sent it. It reports whether ev was
// an answer.
func (b *Bot) answer(ctx context.Context, ev Incoming, msg medbot.Message, rd *read) bool {
	names, isNames, yes, no := rd.names, rd.isNames, rd.yes, rd.no
	if !isNames && !yes && !no {
		return false
	}
	want := medbot.QuestionWho
	if !isNames {
		want = medbot.QuestionConfirm
	}
	var q medbot.Question
	if ev.Quote != nil {
		var about int64
		if st, err := b.Store.Message(ctx, medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS}); err == nil {
			about = st.ID
		}
		var err error
		if q, err = b.Store.QuestionSent(ctx, ev.Quote.SentMS, about); err != nil || q.Kind != want {
			return false
		}
	} else {
		open, err := b.Store.OpenQuestions(ctx, ev.Group)
		if err != nil {
			return false
		}
		var fit []medbot.Question
		for _, o := range open {
			if o.Kind == want {
				fit = append(fit, o)
			}
		}
		switch len(fit) {
		case 0:
			return false
		case 1:
			q = fit[0]
		default:
			// the newest question, when it is newer than every other: a
			// parent answers what was just asked, and says so
			q = fit[len(fit)-1]
			if !asked(q).After(asked(fit[len(fit)-2])) {
				if _, err := b.save(ctx, msg, nil); err == nil {
					b.reply(ctx, keyOf(ev), b.say("%d questions are open (%s). Reply to the one you mean.", len(fit), b.aboutAll(fit)))
				}
				return true
			}
			defer b.reply(ctx, keyOf(ev), b.say("Taken as the answer to the latest question (%s). Still open: %s; reply to it to answer it.", q.About, b.aboutAll(fit[:len(fit)-1])))
		}
	}
	if _, err := b.save(ctx, msg, nil); err != nil {
		return true
	}
	return b.applyAnswer(ctx, q, names, isNames, yes, no, keyOf(ev))
}

// applyAnswer completes the records of question q's message with the
// answer: the children named, or yes, or no (then replyTo is told).
func (b *Bot) applyAnswer(ctx context.Context, q medbot.Question, names []string, isNames, yes, no bool, replyTo medbot.MessageKey) bool {
	target, err := b.Store.MessageByID(ctx, q.MessageID)
	if err != nil {
		return false
	}
	obs := target.Observations
	switch {
	case isNames:
		obs = parse.WithChildren(obs, names)
		for i := range obs {
			obs[i].Pending = false // naming the child says it is right
		}
	case yes:
		for i := range obs {
			obs[i].Pending = false
		}
	case no:
		kept := obs[:0:0]
		for _, o := range obs {
			if !o.Pending {
				kept = append(kept, o)
			}
		}
		obs = kept
	}
	if err := b.retry(ctx, "completing a record", func() error { return b.Store.ReplaceObservations(ctx, target.ID, obs) }, nil); err != nil {
		return true
	}
	if err := b.Store.CloseQuestions(ctx, target.ID, b.Now()); err != nil {
		b.log.Warn("closing a question failed", keyErr, err)
	}
	b.log.Info("question answered", keyMessageTS, target.Key.SentMS, keyCount, len(obs))
	b.noteChange(target.Key.Group)
	if no {
		b.reply(ctx, replyTo, b.say("OK, not stored."))
	}
	if full, err := b.Store.MessageByID(ctx, target.ID); err == nil {
		b.confirm(ctx, full)
		b.checkDoses(ctx, full)
	}
	return true
}

// pollOptions are the options of a "Who is this for?" poll: each child,
// then every child ("Both", "All of them").
func (b *Bot) pollOptions() []string {
	out := b.Family.ChildNames()
	switch {
	case len(out) == 2:
		out = append(out, b.say("Both"))
	case len(out) > 2:
		out = append(out, b.say("All of them"))
	}
	return out
}

// vote takes a vote on medbot's "Who is this for?" poll as the answer a
// reply naming those children would be.
func (b *Bot) vote(ctx context.Context, ev Incoming) {
	q, err := b.Store.QuestionSent(ctx, ev.TargetMS, 0)
	if err != nil || q.Kind != medbot.QuestionWho || q.SentMS != ev.TargetMS && q.ResentMS != ev.TargetMS {
		return // not an open poll of medbot's: another's poll, or answered
	}
	opts := b.pollOptions()
	children := b.Family.ChildNames()
	var names []string
	for _, i := range ev.Options {
		switch {
		case i < 0 || i >= len(opts):
		case i >= len(children):
			names = children // "Both", "All of them"
		case !slices.Contains(names, children[i]):
			names = append(names, children[i])
		}
	}
	if len(names) == 0 {
		return // a vote taken back
	}
	b.log.Info("poll vote taken as an answer", keyMessageTS, ev.TargetMS)
	b.applyAnswer(ctx, q, names, true, false, false, keyOf(ev))
}
