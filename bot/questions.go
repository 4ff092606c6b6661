package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// recordsOf is what a reading stores: its observations, and the readings
// it probably meant ("3.84" as 38.4 °C, "Rory 37" as 37.0 °C) as pending
// records, which count nowhere until a parent says yes.
func recordsOf(r parse.Reading) []medbot.Observation {
	obs := r.Observations
	for _, d := range r.Doubts {
		switch d.Kind {
		case parse.Misplaced, parse.WholeNumber, parse.Queried, parse.Recalled, parse.Fahrenheit, parse.Symptom:
			o := d.Meant
			o.Pending = true
			obs = append(obs, o)
		}
	}
	return obs
}

// needsAsking reports whether a message's records wait for an answer:
// a child not known, or a parent's yes.
func needsAsking(obs []medbot.Observation) (who, confirm bool) {
	for _, o := range obs {
		if o.Child == "" && o.Kind != medbot.Note {
			who = true
		}
		if o.Pending {
			confirm = true
		}
	}
	return who, confirm
}

// doubtLines are the questions a reading's doubts ask.
func (b *Bot) doubtLines(r parse.Reading) []string {
	var out []string
	for _, d := range r.Doubts {
		for_ := ""
		if d.Meant.Child != "" {
			for_ = " for " + d.Meant.Child
		}
		yes := " Reply yes."
		if d.Meant.Child == "" {
			yes = "" // the question who it is for follows, and naming the child says yes
		}
		switch d.Kind {
		case parse.Misplaced:
			again := " Reply yes, or send it again."
			if yes == "" {
				again = ""
			}
			out = append(out, fmt.Sprintf("Did you mean %s%s?%s", b.Units.Temperature(d.Meant.Value), for_, again))
		case parse.WholeNumber:
			out = append(out, fmt.Sprintf("Is that %s%s?%s", b.Units.Temperature(d.Meant.Value), for_, yes))
		case parse.Queried:
			out = append(out, fmt.Sprintf("Record %s%s?%s", b.describe(d.Meant), for_, yes))
		case parse.Fahrenheit:
			f := medbot.Units{Fahrenheit: true}
			out = append(out, fmt.Sprintf("Is %s %s (%s)%s?%s", d.Written, f.TemperatureUnit(), medbot.Units{}.Temperature(d.Meant.Value), for_, yes))
		case parse.Symptom:
			if d.Meant.Kind == medbot.Event {
				out = append(out, fmt.Sprintf("Nothing recorded yet. Was that a vomit%s? Reply yes to record one, or write what happened.", for_))
			} else {
				out = append(out, fmt.Sprintf("Nothing recorded from that: I read temperatures, SpO2, heart rate, doses and events. Keep it as a note%s? Reply yes.", for_))
			}
		}
	}
	return out
}

// recalled looks up what a reminder recalls ("he already had nurofen at
// 11 remember"): a record that matches it (same kind and medicine or
// event, the child named or any, within half an hour) is said back and
// the reminder records nothing; one with no match stays pending, and the
// line returned asks about it.
func (b *Bot) recalled(ctx context.Context, st medbot.Stored, r parse.Reading) (medbot.Stored, []string) {
	var lines []string
	kept := st.Observations[:0:0]
	changed := false
	for _, o := range st.Observations {
		if !o.Pending || !isRecalled(o, r) {
			kept = append(kept, o)
			continue
		}
		f := medbot.Filter{Child: o.Child, Kinds: []medbot.Kind{o.Kind}, Name: o.Name, From: o.At.Add(-30 * time.Minute), To: o.At.Add(30 * time.Minute)}
		found, err := b.Store.Observations(ctx, f)
		found = slices.DeleteFunc(found, func(f medbot.Observation) bool {
			return f.MessageID == st.ID || (o.Kind.Reading() && f.Value != o.Value)
		})
		if err != nil || len(found) == 0 {
			kept = append(kept, o)
			for_ := ""
			if o.Child != "" {
				for_ = " for " + o.Child
			}
			lines = append(lines, fmt.Sprintf("I have no %s at %s%s. Record it? Reply yes.", b.describe(o), b.clock(o.At), for_))
			continue
		}
		changed = true
		d := found[len(found)-1]
		lines = append(lines, fmt.Sprintf("Already recorded: %s had %s at %s%s.", d.Child, b.describe(d), b.clock(d.At), who(d)))
	}
	if !changed {
		return st, lines
	}
	if err := b.retry(ctx, "dropping a recalled record", func() error { return b.Store.ReplaceObservations(ctx, st.ID, kept) }, nil); err != nil {
		return st, nil
	}
	st.Observations = kept
	return st, lines
}

// isRecalled reports whether the pending record o is what a reminder in r
// recalls.
func isRecalled(o medbot.Observation, r parse.Reading) bool {
	for _, d := range r.Doubts {
		m := d.Meant
		if d.Kind == parse.Recalled && m.Kind == o.Kind && m.Name == o.Name && m.Child == o.Child && m.At.Equal(o.At) && m.Value == o.Value {
			return true
		}
	}
	return false
}

// askAbout asks the family about a new message whose records wait for an
// answer: whom they are for, or whether they are right (why says what
// looked wrong). The question is kept until answered.
func (b *Bot) askAbout(ctx context.Context, st medbot.Stored, why []string) {
	who, confirm := needsAsking(st.Observations)
	var text, kind string
	switch {
	case who:
		names := b.Family.ChildNames()
		list := names[0]
		if len(names) > 1 {
			list = strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		}
		text, kind = strings.TrimSpace(strings.Join(why, " ")+fmt.Sprintf(" Who is this for, %s? Reply to this message with the name.", list)), medbot.QuestionWho
	case confirm:
		if len(why) == 0 {
			why = []string{"Is this right? Reply yes, or edit the message."}
		}
		text, kind = strings.Join(why, " "), medbot.QuestionConfirm
	default:
		return
	}
	about := b.about(st.Observations)
	var sent int64
	var err error
	if p, ok := b.Transport.(Poller); ok && b.Polls && kind == medbot.QuestionWho && len(why) == 0 {
		// a poll: one tap answers it, as a reply naming the child does
		err = b.send(ctx, "asking who it is for", func() error {
			var err error
			sent, err = p.SendPoll(ctx, st.Key.Group, "Who is this for: "+about+"?", b.pollOptions())
			return err
		})
		if err != nil {
			b.log.Warn("sending a poll failed; asking in words", keyErr, err)
		}
	}
	if sent == 0 {
		if sent, err = b.reply(ctx, st.Key, text); err != nil {
			return
		}
	}
	q := medbot.Question{Group: st.Key.Group, MessageID: st.ID, Kind: kind, About: about, AskedAt: b.Now(), SentMS: sent}
	if _, err := b.Store.AddQuestion(ctx, q); err != nil {
		b.log.Warn("recording a question failed", keyErr, err)
	}
}

// about says what a question is about, for status: "vomit at 02:10".
func (b *Bot) about(obs []medbot.Observation) string {
	var parts []string
	for _, o := range obs {
		if (o.Child == "" && o.Kind != medbot.Note) || o.Pending {
			parts = append(parts, b.describe(o)+" at "+b.clock(o.At))
		}
	}
	return strings.Join(parts, ", ")
}

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
					b.reply(ctx, keyOf(ev), fmt.Sprintf("%d questions are open (%s). Reply to the one you mean.", len(fit), b.aboutAll(fit)))
				}
				return true
			}
			defer b.reply(ctx, keyOf(ev), fmt.Sprintf("Taken as the answer to the latest question (%s). Still open: %s; reply to it to answer it.", q.About, b.aboutAll(fit[:len(fit)-1])))
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
		b.reply(ctx, replyTo, "OK, not stored.")
	}
	if full, err := b.Store.MessageByID(ctx, target.ID); err == nil {
		b.confirm(ctx, full)
		b.checkDoses(ctx, full)
	}
	return true
}

// asked is when q was last asked.
func asked(q medbot.Question) time.Time {
	if q.ResentMS > q.SentMS {
		return time.UnixMilli(q.ResentMS)
	}
	return q.AskedAt
}

// aboutAll lists what open questions are about.
func (b *Bot) aboutAll(qs []medbot.Question) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = q.About
	}
	return strings.Join(parts, "; ")
}

// reask asks each question unanswered for reaskAfter once more, outside
// quiet hours. It returns how many it asked.
func (b *Bot) reask(ctx context.Context, group medbot.GroupID) (int, error) {
	now := b.Now()
	if b.Family.QuietHours.Contains(now.In(b.Family.Zone)) {
		return 0, nil
	}
	open, err := b.Store.OpenQuestions(ctx, group)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, q := range open {
		if q.ResentMS != 0 || now.Sub(q.AskedAt) < reaskAfter {
			continue
		}
		st, err := b.Store.MessageByID(ctx, q.MessageID)
		if err != nil {
			return n, err
		}
		text := "Still waiting for a name: " + q.About + ". Who is it for? Reply to this message with the name."
		if q.Kind == medbot.QuestionConfirm {
			text = "Still waiting for a yes: " + q.About + ". Reply yes if it is right, or edit the message."
		}
		sent, err := b.reply(ctx, st.Key, text)
		if err != nil {
			return n, err
		}
		if err := b.Store.Resent(ctx, q.ID, sent); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// openLines are status's lines for a group's open questions.
func (b *Bot) openLines(ctx context.Context, group medbot.GroupID) []string {
	open, err := b.Store.OpenQuestions(ctx, group)
	if err != nil || len(open) == 0 {
		return nil
	}
	var who, confirm []string
	for _, q := range open {
		if q.Kind == medbot.QuestionWho {
			who = append(who, q.About)
		} else {
			confirm = append(confirm, q.About)
		}
	}
	var out []string
	if len(who) > 0 {
		out = append(out, fmt.Sprintf("%s waiting for a name: %s. Reply to it with the name.", medbot.Count(len(who), "record"), strings.Join(who, "; ")))
	}
	if len(confirm) > 0 {
		out = append(out, fmt.Sprintf("%s waiting for a yes: %s. Reply yes to it, or edit it.", medbot.Count(len(confirm), "record"), strings.Join(confirm, "; ")))
	}
	return out
}

// pollOptions are the options of a "Who is this for?" poll: each child,
// then every child ("Both", "All of them").
func (b *Bot) pollOptions() []string {
	out := b.Family.ChildNames()
	switch {
	case len(out) == 2:
		out = append(out, "Both")
	case len(out) > 2:
		out = append(out, "All of them")
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
