package bot

import (
	"context"
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
			for_ = b.say(" for %s", d.Meant.Child)
		}
		yes := b.say(" Reply yes.")
		if d.Meant.Child == "" {
			yes = "" // the question who it is for follows, and naming the child says yes
		}
		switch d.Kind {
		case parse.Misplaced:
			again := b.say(" Reply yes, or send it again.")
			if yes == "" {
				again = ""
			}
			out = append(out, b.say("Did you mean %s%s?%s", b.Units.Temperature(d.Meant.Value), for_, again))
		case parse.WholeNumber:
			out = append(out, b.say("Is that %s%s?%s", b.Units.Temperature(d.Meant.Value), for_, yes))
		case parse.Queried:
			out = append(out, b.say("Record %s%s?%s", b.describe(d.Meant), for_, yes))
		case parse.Fahrenheit:
			f := medbot.Units{Fahrenheit: true}
			out = append(out, b.say("Is %s %s (%s)%s?%s", d.Written, f.TemperatureUnit(), medbot.Units{Lang: b.Units.Lang}.Temperature(d.Meant.Value), for_, yes))
		case parse.Symptom:
			if d.Meant.Kind == medbot.Event {
				out = append(out, b.say("Nothing recorded yet. Was that a vomit%s? Reply yes to record one, or write what happened.", for_))
			} else {
				out = append(out, b.say("Nothing recorded from that: I read temperatures, SpO2, heart rate, doses and events. Keep it as a note%s? Reply yes.", for_))
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
				for_ = b.say(" for %s", o.Child)
			}
			lines = append(lines, b.say("I have no %s at %s%s. Record it? Reply yes.", b.describe(o), b.clock(o.At), for_))
			continue
		}
		changed = true
		d := found[len(found)-1]
		lines = append(lines, b.say("Already recorded: %s had %s at %s%s.", d.Child, b.describe(d), b.clock(d.At), who(d)))
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
			list = strings.Join(names[:len(names)-1], ", ") + b.say(" or ") + names[len(names)-1]
		}
		text, kind = strings.TrimSpace(strings.Join(why, " ")+b.say(" Who is this for, %s? Reply to this message with the name.", list)), medbot.QuestionWho
	case confirm:
		if len(why) == 0 {
			why = []string{b.say("Is this right? Reply yes, or edit the message.")}
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
			sent, err = p.SendPoll(ctx, st.Key.Group, b.say("Who is this for: %s?", about), b.pollOptions())
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
			parts = append(parts, b.say("%s at %s", b.describe(o), b.clock(o.At)))
		}
	}
	return strings.Join(parts, ", ")
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
		text := b.say("Still waiting for a name: %s. Who is it for? Reply to this message with the name.", q.About)
		if q.Kind == medbot.QuestionConfirm {
			text = b.say("Still waiting for a yes: %s. Reply yes if it is right, or edit the message.", q.About)
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
		out = append(out, b.say("%s waiting for a name: %s. Reply to it with the name.", b.Units.Count(len(who), "record"), strings.Join(who, "; ")))
	}
	if len(confirm) > 0 {
		out = append(out, b.say("%s waiting for a yes: %s. Reply yes to it, or edit it.", b.Units.Count(len(confirm), "record"), strings.Join(confirm, "; ")))
	}
	return out
}
