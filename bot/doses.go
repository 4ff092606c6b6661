package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// judge reads one child's doses of medicine m from s and judges them at
// now (medbot.JudgeDoses): the one judgement every screen reads. Doses
// from before since count too: from far enough back to judge since itself.
func (b *Bot) judge(ctx context.Context, s Records, child string, m medbot.Medicine, since, now time.Time) (medbot.DoseJudgement, error) {
	if now.Before(since) {
		since = now
	}
	doses, err := s.Observations(ctx, medbot.Filter{Child: child, Kinds: []medbot.Kind{medbot.Medication}, Name: m.Name,
		From: since.Add(-medbot.DoseLookback(m)), To: now.Add(time.Second)})
	if err != nil {
		return medbot.DoseJudgement{}, err
	}
	return medbot.JudgeDoses(m, doses, now, b.Family.Zone), nil
}

// judgeChild judges every medicine child had in the 24 h up to now, or
// whose course is under way, in the family's order of medicines.
func (b *Bot) judgeChild(ctx context.Context, s Records, child string, now time.Time) ([]medbot.DoseJudgement, error) {
	var out []medbot.DoseJudgement
	for _, m := range b.Family.Medications {
		j, err := b.judge(ctx, s, child, m, now, now)
		if err != nil {
			return nil, err
		}
		last, ok := j.Last()
		switch {
		case !ok:
			continue
		case j.Course != nil && (!j.Course.Complete() || now.Sub(last.At) < 24*time.Hour):
		case now.Sub(last.At) >= 24*time.Hour:
			continue
		}
		out = append(out, j)
	}
	slices.SortStableFunc(out, func(a, c medbot.DoseJudgement) int { return strings.Compare(a.Medicine.Name, c.Medicine.Name) })
	return out, nil
}

// breachesSince are j's breaches by doses at or after from.
func breachesSince(j medbot.DoseJudgement, from time.Time) []medbot.Breach {
	var out []medbot.Breach
	for _, br := range j.Breaches {
		if !br.Dose.At.Before(from) {
			out = append(out, br)
		}
	}
	return out
}

// breachKey names a breach for comparing two judgements.
func breachKey(br medbot.Breach) string {
	return fmt.Sprintf("%d:%d:%d", br.Rule, br.Dose.MessageID, br.Dose.At.UnixMilli())
}

// caused are the breaches that message id's doses of o's medicine brought
// about: its own, and a later dose's that it made too soon or over the
// count (a back-dated dose).
func (b *Bot) caused(ctx context.Context, s Records, id int64, o medbot.Observation, m medbot.Medicine) (medbot.DoseJudgement, []medbot.Breach, error) {
	now := b.Now()
	doses, err := s.Observations(ctx, medbot.Filter{Child: o.Child, Kinds: []medbot.Kind{medbot.Medication}, Name: m.Name,
		From: o.At.Add(-medbot.DoseLookback(m)), To: now.Add(time.Second)})
	if err != nil {
		return medbot.DoseJudgement{}, nil, err
	}
	with := medbot.JudgeDoses(m, doses, now, b.Family.Zone)
	without := medbot.JudgeDoses(m, slices.DeleteFunc(slices.Clone(doses), func(d medbot.Observation) bool { return d.MessageID == id }), now, b.Family.Zone)
	before := map[string]bool{}
	for _, br := range without.Breaches {
		before[breachKey(br)] = true
	}
	var out []medbot.Breach
	for _, br := range with.Breaches {
		if !before[breachKey(br)] {
			out = append(out, br)
		}
	}
	return with, out, nil
}

// breachReply is the reply to a dose that broke the family's limits, from
// the breaches it caused and the judgement with it: one line a tired
// parent cannot misread, ending with the next time (counted from the
// latest dose given).
//
//	⚠️ Too soon: Rory had paracetamol at 22:00 (Mum), 2 h 24 min before
//	this one; the gap set is 4 h. Next from 04:24.
func (b *Bot) breachReply(o medbot.Observation, j medbot.DoseJudgement, brs []medbot.Breach, id int64) string {
	var parts []string
	child, name := o.Child, b.name(o.Name)
	for _, br := range brs {
		own := br.Dose.MessageID == id
		switch {
		case br.Rule == medbot.TooSoon && own:
			parts = append(parts, b.say("Too soon: %s had %s at %s%s, %s before this one; the gap set is %s.",
				child, name, b.clock(br.Before.At), who(br.Before), b.Units.Span(br.Gap), b.Units.Span(br.Interval)))
		case br.Rule == medbot.TooSoon:
			parts = append(parts, b.say("Too soon: %s also had %s at %s%s, %s after this one at %s; the gap set is %s.",
				child, name, b.clock(br.Dose.At), who(br.Dose), b.Units.Span(br.Gap), b.clock(br.Before.At), b.Units.Span(br.Interval)))
		case br.Rule == medbot.Over24h && own:
			parts = append(parts, b.say("Over the limit: this is %s's %s %s in 24 h; the limit set is %d.", child, b.Units.Ordinal(br.Count), name, br.Limit))
		case br.Rule == medbot.Over24h:
			parts = append(parts, b.say("Over the limit: with this dose, %s had %d %s in the 24 h up to %s; the limit set is %d.", child, br.Count, name, b.clock(br.Dose.At), br.Limit))
		case br.Rule == medbot.OverCourseDay:
			day := b.say("today")
			if !medbot.LocalDay(br.Dose.At, b.Family.Zone).Equal(medbot.LocalDay(b.Now(), b.Family.Zone)) {
				day = b.say("on %s", b.Units.Day(br.Dose.At.In(b.Family.Zone)))
			}
			parts = append(parts, b.say("This is %s's %s %s %s; the course is %d a day.", child, b.Units.Ordinal(br.Count), name, day, br.Limit))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if j.HasNext {
		parts = append(parts, b.say("Next from %s.", b.clock(j.Next)))
	}
	return "⚠️ " + strings.Join(parts, " ")
}

// nextText says when a medicine may next be given: "next from 04:24",
// "next can be given now"; "" when it has no limits.
func (b *Bot) nextText(j medbot.DoseJudgement, now time.Time) string {
	switch {
	case !j.HasNext:
		return ""
	case j.Next.After(now):
		return b.say("next from %s", b.clock(j.Next))
	}
	return b.say("next can be given now")
}

// countText counts a medicine's doses against its limit: "2 of 4 in 24
// h", "5 in 24 h, over the limit of 4", "3 in 24 h".
func (b *Bot) countText(j medbot.DoseJudgement) string {
	switch m := j.Medicine; {
	case m.MaxPer24h > 0 && j.In24h > m.MaxPer24h:
		return b.say("%d in 24 h, over the limit of %d", j.In24h, m.MaxPer24h)
	case m.MaxPer24h > 0:
		return b.say("%d of %d in 24 h", j.In24h, m.MaxPer24h)
	}
	return b.say("%d in 24 h", j.In24h)
}

// breachLines are a medicine's breaches since from, one line each, for
// status and the answer to "can she have…": "⚠️ Paracetamol at 00:24:
// too soon, 2 h 24 min after the dose at 22:00 yesterday; the gap set is
// 4 h (Dad)".
func (b *Bot) breachLines(j medbot.DoseJudgement, from time.Time) []string {
	var out []string
	for _, br := range breachesSince(j, from) {
		out = append(out, b.say("⚠️ %s at %s: %s, %s%s", medbot.Capitalise(b.name(j.Medicine.Name)), b.clock(br.Dose.At), br.Rule.In(b.Units), br.Fact(b.Units, b.Family.Zone), who(br.Dose)))
	}
	return out
}

// courseLine writes a course: "Amoxicillin (3/day, day 2 of 7): last 5 ml
// at 14:02 by Mum; 2 of 3 today, next due 22:02".
func (b *Bot) courseLine(j medbot.DoseJudgement, now time.Time) string {
	c := j.Course
	last, _ := j.Last()
	sched := b.say("%d/day", c.Schedule.PerDay)
	switch {
	case c.Schedule.Days > 0 && c.Day <= c.Schedule.Days:
		sched += b.say(", day %d of %d", c.Day, c.Schedule.Days)
	case c.Schedule.Days > 0:
		sched += b.say(", day %d of a %d-day course", c.Day, c.Schedule.Days)
	}
	s := b.say("%s (%s): last %s at %s%s; %d of %d today", medbot.Capitalise(b.name(j.Medicine.Name)), sched, b.doseAmount(last), b.clock(last.At), b.by(last), c.GivenToday, c.DueToday)
	if c.GivenToday > c.Schedule.PerDay {
		s += b.say(" ⚠️ more than the course's %d a day", c.Schedule.PerDay)
	}
	switch {
	case c.Complete():
		s += b.say(", course complete (%d doses)", c.Given)
	case now.After(c.NextDue):
		s += b.say(", next was due %s", b.clock(c.NextDue))
	default:
		s += b.say(", next due %s", b.clock(c.NextDue))
	}
	return s
}

// overdue reports whether a course dose is more than remindAfter late.
func overdue(c *medbot.Course, now time.Time) bool {
	return c != nil && !c.Complete() && now.After(c.NextDue.Add(remindAfter))
}
