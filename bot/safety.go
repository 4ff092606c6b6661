package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/medbot/medbot"
)

// doubleWindow is how close two parents' records of the same medicine for
// the same child must be to ask whether it was given twice.
const doubleWindow = 15 * time.Minute

// remindAfter is how long after a course dose is due medbot reminds.
const remindAfter = 30 * time.Minute

// reaskAfter is how long an unanswered question waits before it is asked
// once more.
const reaskAfter = 30 * time.Minute

// checkDoses looks at the doses a newly stored message recorded: too soon
// after the dose before it or before the one after it (a back-dated
// dose), over the family's limit in 24 h, or the same dose recorded twice
// (by anyone, within 15 minutes). It replies quoting the message; the
// doses stay recorded (they were given). Pending doses wait for their yes.
func (b *Bot) checkDoses(ctx context.Context, st medbot.Stored) {
	seen := map[string]bool{}
	for _, o := range st.Observations {
		if o.Kind != medbot.Medication || o.Child == "" || o.Pending || seen[o.Child+"\x00"+o.Name] {
			continue
		}
		seen[o.Child+"\x00"+o.Name] = true
		text, err := b.doseWarning(ctx, b.Store, st, o)
		if err != nil {
			b.log.Warn("checking dose limits failed", keyErr, err)
			continue
		}
		if text == "" {
			continue
		}
		b.log.Info("dose warning sent", keyMessageTS, st.Key.SentMS)
		if sent, err := b.reply(ctx, st.Key, text); err == nil {
			b.Store.Reply(ctx, sent, st.ID, "warning")
		}
	}
}

// doseWarning is the reply a dose o of message st deserves, or "", from
// the doses in s (the store, or the store with the messages held while it
// cannot be written): the same dose recorded twice, or the breaches of
// the family's limits it brought about (medbot.JudgeDoses).
func (b *Bot) doseWarning(ctx context.Context, s Store, st medbot.Stored, o medbot.Observation) (string, error) {
	m, _ := b.Family.Medication(o.Name)
	j, brs, err := b.caused(ctx, s, st.ID, o, m)
	if err != nil {
		return "", err
	}
	var double *medbot.Observation // another message's dose within 15 min
	for i := range j.Doses {
		d := &j.Doses[i]
		if d.MessageID == st.ID {
			continue
		}
		if gap := absDur(d.At.Sub(o.At)); gap <= doubleWindow && (double == nil || gap < absDur(double.At.Sub(o.At))) {
			double = d
		}
	}
	if double == nil {
		return b.breachReply(o, j, brs, st.ID), nil
	}
	key := fmt.Sprintf("double:%d:%d", minInt64(st.ID, double.MessageID), maxInt64(st.ID, double.MessageID))
	if fresh, err := s.MarkNotice(ctx, key, b.Now()); err != nil || !fresh {
		return "", err
	}
	first, second := *double, o
	if second.At.Before(first.At) {
		first, second = second, first
	}
	child, name := o.Child, b.name(o.Name)
	text := b.say("⚠️ %s and %s both recorded %s for %s (%s and %s). Was it given twice? If not, one of you please delete your message, or reply 'undo' to it.",
		b.senderName(first), b.senderName(second), name, child, b.clock(first.At), b.clock(second.At))
	if first.Sender == second.Sender {
		text = b.say("⚠️ %s recorded %s for %s twice (%s and %s). Was it given twice? If not, please delete one of the messages, or reply 'undo' to it.",
			b.senderName(first), name, child, b.clock(first.At), b.clock(second.At))
	}
	// the counts still hold if it was given twice; the gap is the question
	var counts []medbot.Breach
	for _, br := range brs {
		if br.Rule != medbot.TooSoon {
			counts = append(counts, br)
		}
	}
	if more := b.breachReply(o, j, counts, st.ID); more != "" {
		text += b.say(" If it was: %s", strings.TrimPrefix(more, "⚠️ "))
	}
	return text, nil
}

func who(o medbot.Observation) string {
	if o.Sender == "" {
		return ""
	}
	return " (" + isolate(o.Sender) + ")"
}

func (b *Bot) senderName(o medbot.Observation) string {
	if o.Sender == "" {
		return b.say("someone")
	}
	return isolate(o.Sender)
}

// isolate wraps a name holding right-to-left letters (أمي, אבא) in Unicode
// isolates (FSI … PDI), so the times and counts after it in a reply stay
// where they were written; other names are returned as they are. For
// Signal texts only: the PDF and PNG fonts have no glyph for the marks.
func isolate(name string) string {
	for _, r := range name {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) {
			return "\u2068" + name + "\u2069"
		}
	}
	return name
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func minInt64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// Remind asks again each question unanswered for 30 minutes, and posts
// what is due: a course dose not recorded 30 minutes after
// it was due, and for remind_next medicines, once, that the next dose is
// allowed. Each notice is posted at most once, and never in quiet hours;
// the store remembers what was posted, so a restart neither loses nor
// repeats them. It returns how many it posted.
func (b *Bot) Remind(ctx context.Context, group medbot.GroupID) (int, error) {
	b.init()
	now := b.Now()
	quiet := b.Family.QuietHours.Contains(now.In(b.Family.Zone))
	due, err := b.flagNotices(ctx, quiet) // red ones even in quiet hours
	if err != nil {
		return 0, err
	}
	posted, err := b.postNotices(ctx, group, due)
	if err != nil || quiet {
		return posted, err
	}
	n, err := b.reask(ctx, group)
	posted += n
	if err != nil {
		return posted, err
	}
	if due, err = b.doseNotices(ctx, now); err != nil {
		return posted, err
	}
	n, err = b.postNotices(ctx, group, due)
	return posted + n, err
}

// pendingNotice is a notice to post once, under its key.
type pendingNotice struct{ key, text string }

// postNotices posts each notice not posted before, and returns how many.
func (b *Bot) postNotices(ctx context.Context, group medbot.GroupID, ns []pendingNotice) (int, error) {
	posted := 0
	for _, n := range ns {
		k, err := b.notice(ctx, group, n.key, n.text)
		if err != nil {
			return posted, err
		}
		posted += k
	}
	return posted, nil
}

// doseNotices are what is due about doses: a course dose not recorded 30
// minutes after it was due, and the next dose of a remind_next medicine
// allowed.
func (b *Bot) doseNotices(ctx context.Context, now time.Time) ([]pendingNotice, error) {
	var out []pendingNotice
	for _, child := range b.Family.ChildNames() {
		judged, err := b.judgeChild(ctx, b.Store, child, now)
		if err != nil {
			return nil, err
		}
		for _, j := range judged {
			m, c := j.Medicine, j.Course
			last, _ := j.Last()
			switch {
			case c != nil:
				if !overdue(c, now) || now.Sub(c.NextDue) > 12*time.Hour {
					continue
				}
				out = append(out, pendingNotice{fmt.Sprintf("due:%s:%s:%d", child, m.Name, c.NextDue.Unix()),
					b.say("%s for %s was due at %s and isn't recorded yet. If it was given, write it here (for example: %s 5ml %s).", medbot.Capitalise(b.name(m.Name)), child, b.clock(c.NextDue), m.Name, child)})
			case m.RemindNext && j.HasNext:
				if now.Before(j.Next) || now.Sub(j.Next) > 2*time.Hour {
					continue
				}
				out = append(out, pendingNotice{fmt.Sprintf("next:%s:%s:%d", child, m.Name, last.At.Unix()),
					b.say("%s can have %s again from now (last at %s%s).", child, b.name(m.Name), b.clock(last.At), who(last))})
			}
		}
	}
	return out, nil
}

// notice posts text once under key.
func (b *Bot) notice(ctx context.Context, group medbot.GroupID, key, text string) (int, error) {
	fresh, err := b.Store.MarkNotice(ctx, key, b.Now())
	if err != nil || !fresh {
		return 0, err
	}
	err = b.send(ctx, "posting a reminder", func() error {
		_, err := b.Transport.Send(ctx, Reply{Group: group, Text: text})
		return err
	})
	if err != nil {
		if mayPass(err) {
			// not posted: a later round (or run) posts it
			if ferr := b.Store.ForgetNotice(context.WithoutCancel(ctx), key); ferr != nil {
				b.log.Warn("a reminder not posted may not be posted later", keyErr, ferr)
			}
		}
		return 0, err
	}
	b.log.Info("reminder posted")
	return 1, nil
}

// RunReminders checks reminders every interval until ctx ends.
func (b *Bot) RunReminders(ctx context.Context, interval time.Duration) {
	b.init()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		b.payOwed(ctx)
		for g := range b.Groups {
			if _, err := b.Remind(ctx, g); err != nil && ctx.Err() == nil {
				b.log.Warn("checking reminders failed", keyErr, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
