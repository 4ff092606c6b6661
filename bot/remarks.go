package bot

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// remark says, in one reply, what a new message's reaction cannot: what
// was not stored and why, what was stored but is unusual, and the answer
// to a question about doses. It reacts ❓ when nothing was stored and
// something was not.
func (b *Bot) remark(ctx context.Context, st medbot.Stored, r parse.Reading, first string) {
	var lines []string
	if first != "" {
		lines = append(lines, first)
	}
	refused := false
	for _, d := range r.Doubts {
		switch d.Kind {
		case parse.OutOfRange:
			refused = true
			lo, hi := b.Units.TemperatureValue(34), b.Units.TemperatureValue(43)
			lines = append(lines, b.say("Not stored: %s %s is outside %.0f–%.0f %s. Send it again if it was a temperature.",
				d.Written, b.Units.TemperatureUnit(), lo, hi, b.Units.TemperatureUnit()))
		case parse.BadTime:
			refused = true
			lines = append(lines, b.say("Not stored: %s is not a time of day. Send it again with the time.", d.Written))
		}
	}
	lines = append(lines, b.flagLines(ctx, st)...)
	if r.Question != nil {
		lines = append(lines, b.doseAnswer(ctx, *r.Question)...)
	}
	if refused && len(st.Observations) == 0 {
		b.react(ctx, st.Key, EmojiWho, false)
		b.setReaction(ctx, st.ID, EmojiWho)
	}
	if len(lines) > 0 {
		b.reply(ctx, st.Key, strings.Join(lines, "\n"))
	}
}

// doseAnswer answers a question about doses with the family's records and
// limits: when each medicine can next be given, and the last dose.
// Never "give it": facts and the family's own limits only.
func (b *Bot) doseAnswer(ctx context.Context, q parse.DoseQuestion) []string {
	return b.doseAnswerIn(ctx, b.Store, q)
}

// doseAnswerIn is doseAnswer from the doses in s.
func (b *Bot) doseAnswerIn(ctx context.Context, s Store, q parse.DoseQuestion) []string {
	now := b.Now()
	children := q.Children
	var lines []string
	if len(children) == 0 && q.Pronoun && len(b.Family.Children) > 1 {
		// "should i give him nurofen": the child of the latest record
		// in the last two hours is "him"
		recent, err := s.Observations(ctx, medbot.Filter{From: now.Add(-2 * time.Hour), To: now.Add(time.Second)})
		for i := len(recent) - 1; err == nil && i >= 0; i-- {
			if recent[i].Child != "" {
				children = []string{recent[i].Child}
				lines = append(lines, b.say("(For %s, the child of the latest record.)", recent[i].Child))
				break
			}
		}
	}
	if len(children) == 0 {
		children = b.Family.ChildNames()
	}
	for _, child := range children {
		var judged []medbot.DoseJudgement
		if len(q.Medicines) == 0 {
			js, err := b.judgeChild(ctx, s, child, now)
			if err != nil {
				return []string{b.say("Sorry, I couldn't read the records just now. Please try again.")}
			}
			judged = js
		}
		for _, name := range q.Medicines {
			m, _ := b.Family.Medication(name)
			j, err := b.judge(ctx, s, child, m, now, now)
			if err != nil {
				return []string{b.say("Sorry, I couldn't read the records just now. Please try again.")}
			}
			judged = append(judged, j)
		}
		for _, j := range judged {
			lines = append(lines, b.doseLine(child, j, now)...)
		}
		if len(judged) == 0 && len(q.Children) > 0 {
			lines = append(lines, b.say("No medicine recorded for %s in 24 h.", child))
		}
	}
	if len(lines) == 0 {
		lines = append(lines, b.say("No medicine recorded in 24 h."))
	}
	return lines
}

// doseLine is one medicine's answer for one child, from its judgement:
// "Freya can have paracetamol from 03:10. Last: 5 ml at 23:10 (Dad), 3 of
// 4 in 24 h.", then a line for each dose outside the limits in 24 h.
func (b *Bot) doseLine(child string, j medbot.DoseJudgement, now time.Time) []string {
	name := b.name(j.Medicine.Name)
	last, ok := j.Last()
	day := now.Add(-24 * time.Hour)
	switch {
	case j.Course != nil:
		return append([]string{b.say("%s's %s: %s", child, name, strings.TrimPrefix(b.courseLine(j, now), medbot.Capitalise(name)+" "))}, b.breachLines(j, day)...)
	case !ok || last.At.Before(day):
		return []string{b.say("No %s recorded for %s in 24 h.", name, child)}
	}
	s := ""
	if j.HasNext {
		if j.Next.After(now) {
			s = b.say("%s can have %s from %s. ", child, name, b.clock(j.Next))
		} else {
			s = b.say("%s can have %s now, as far as the limits set go. ", child, name)
		}
	}
	s += b.say("Last: %s at %s%s, ", b.doseAmount(last), b.clock(last.At), who(last))
	if j.Medicine.MaxPer24h > 0 {
		s += b.countText(j) + "."
	} else {
		s += b.say("%s in 24 h.", b.Units.Count(j.In24h, "dose"))
	}
	return append([]string{s}, b.breachLines(j, day)...)
}

// farDoses marks pending the doses of a new message far from the child's
// usual: more than twice, or less than half, the median of their last
// doses of that medicine in the same unit this week, or above the
// family's most for one dose. It returns the message as it now is and the
// question each asks.
func (b *Bot) farDoses(ctx context.Context, st medbot.Stored) (medbot.Stored, []string) {
	var why []string
	changed := false
	for i, o := range st.Observations {
		if o.Kind != medbot.Medication || !o.HasDose || o.Child == "" || o.Pending {
			continue
		}
		line := b.farDose(ctx, st, o)
		if line == "" {
			continue
		}
		st.Observations[i].Pending = true
		changed = true
		why = append(why, line)
	}
	if changed {
		if err := b.retry(ctx, "holding a dose for a yes", func() error { return b.Store.ReplaceObservations(ctx, st.ID, st.Observations) }, nil); err != nil {
			return st, nil
		}
	}
	return st, why
}

// farDose is the question dose o asks, or "".
func (b *Bot) farDose(ctx context.Context, st medbot.Stored, o medbot.Observation) string {
	amount := b.doseAmount(o)
	m, _ := b.Family.Medication(o.Name)
	if m.MaxDose > 0 && o.Unit == m.MaxDoseUnit && o.Dose > m.MaxDose {
		return b.say("%s of %s for %s? That is more than the %s %s set as one dose. Reply yes if that is right, or edit the message.",
			amount, b.name(o.Name), o.Child, b.Units.Number(m.MaxDose), m.MaxDoseUnit)
	}
	past, err := b.Store.Observations(ctx, medbot.Filter{Child: o.Child, Kinds: []medbot.Kind{medbot.Medication}, Name: o.Name, From: o.At.Add(-7 * 24 * time.Hour), To: o.At.Add(time.Second)})
	if err != nil {
		return ""
	}
	var amounts []float64
	var written []string
	for _, d := range past {
		if d.MessageID == st.ID || !d.HasDose || d.Unit != o.Unit {
			continue
		}
		amounts = append(amounts, d.Dose)
		if a := b.doseAmount(d); !slices.Contains(written, a) {
			written = append(written, a)
		}
	}
	if len(amounts) > 10 {
		amounts = amounts[len(amounts)-10:]
	}
	if len(amounts) == 0 {
		return ""
	}
	sort.Float64s(amounts)
	med := amounts[len(amounts)/2]
	if len(amounts)%2 == 0 {
		med = (amounts[len(amounts)/2-1] + amounts[len(amounts)/2]) / 2
	}
	if o.Dose <= 2*med && o.Dose >= med/2 {
		return ""
	}
	return b.say("%s of %s for %s? %s's doses this week were %s. Reply yes if that is right, or edit the message.",
		amount, b.name(o.Name), o.Child, o.Child, strings.Join(written, b.say(" and ")))
}
