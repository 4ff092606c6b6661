package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

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

// ordinal writes 1st, 2nd, 3rd, 4th...
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

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
// cannot be written).
func (b *Bot) doseWarning(ctx context.Context, s Store, st medbot.Stored, o medbot.Observation) (string, error) {
	m, _ := b.Family.Medication(o.Name)
	until := o.At.Add(24 * time.Hour)
	if now := b.Now().Add(doubleWindow); now.Before(until) {
		until = now
	}
	doses, err := s.Observations(ctx, medbot.Filter{Child: o.Child, Kinds: []medbot.Kind{medbot.Medication}, Name: o.Name, From: o.At.Add(-24 * time.Hour), To: until.Add(time.Second)})
	if err != nil {
		return "", err
	}
	var prev, next, double *medbot.Observation // other messages' doses: before, after, within 15 min
	for i := range doses {
		d := &doses[i]
		if d.MessageID == st.ID {
			continue
		}
		if !d.At.After(o.At) && (prev == nil || d.At.After(prev.At)) {
			prev = d
		}
		if d.At.After(o.At) && (next == nil || d.At.Before(next.At)) {
			next = d
		}
		if gap := absDur(d.At.Sub(o.At)); gap <= doubleWindow && (double == nil || gap < absDur(double.At.Sub(o.At))) {
			double = d
		}
	}
	var parts []string
	child, name := o.Child, o.Name
	switch {
	case double != nil:
		key := fmt.Sprintf("double:%d:%d", minInt64(st.ID, double.MessageID), maxInt64(st.ID, double.MessageID))
		if fresh, err := s.MarkNotice(ctx, key, b.Now()); err != nil || !fresh {
			return "", err
		}
		first, second := *double, o
		if second.At.Before(first.At) {
			first, second = second, first
		}
		if first.Sender == second.Sender {
			parts = append(parts, fmt.Sprintf("%s recorded %s for %s twice (%s and %s). Was it given twice? If not, please delete one of the messages, or reply 'undo' to it.",
				senderName(first), name, child, b.clock(first.At), b.clock(second.At)))
		} else {
			parts = append(parts, fmt.Sprintf("%s and %s both recorded %s for %s (%s and %s). Was it given twice? If not, one of you please delete your message, or reply 'undo' to it.",
				senderName(first), senderName(second), name, child, b.clock(first.At), b.clock(second.At)))
		}
	case prev != nil && m.MinInterval > 0 && o.At.Sub(prev.At) < m.MinInterval:
		since := medbot.Ago(o.At, prev.At) // "2 h ago": this dose is now
		if absDur(b.Now().Sub(o.At)) > 10*time.Minute {
			since = strings.TrimSuffix(since, " ago") + " before this dose"
		}
		parts = append(parts, fmt.Sprintf("%s had %s at %s%s, %s. Next from %s.",
			child, name, b.clock(prev.At), who(*prev), since, b.clock(prev.At.Add(m.MinInterval))))
	case next != nil && m.MinInterval > 0 && next.At.Sub(o.At) < m.MinInterval:
		parts = append(parts, fmt.Sprintf("%s also had %s at %s%s, %s after this dose at %s; the interval set is %s.",
			child, name, b.clock(next.At), who(*next), strings.TrimSuffix(medbot.Ago(next.At, o.At), " ago"), b.clock(o.At), durationName(m.MinInterval)))
	}
	if m.MaxPer24h > 0 {
		if n, end := mostIn24h(doses, o.At); n > m.MaxPer24h {
			switch {
			case !end.Equal(o.At):
				parts = append(parts, fmt.Sprintf("With this dose, %s had %d %s in the 24 h up to %s; the limit set is %d.", child, n, name, b.clock(end), m.MaxPer24h))
			case len(parts) > 0:
				parts = append(parts, fmt.Sprintf("This is the %s in 24 h; the limit set is %d.", ordinal(n), m.MaxPer24h))
			default:
				parts = append(parts, fmt.Sprintf("This is %s's %s %s in 24 h; the limit set is %d.", child, ordinal(n), name, m.MaxPer24h))
			}
		}
	}
	return strings.Join(parts, " "), nil
}

// mostIn24h is the largest number of doses in a 24 h window ending at a
// dose at or after at (the dose itself, or a later one that now counts
// it), and where that window ends; ties go to the earliest.
func mostIn24h(doses []medbot.Observation, at time.Time) (int, time.Time) {
	best, end := 0, at
	for _, d := range doses {
		if d.At.Before(at) || d.At.Sub(at) >= 24*time.Hour {
			continue
		}
		n := 0
		for _, e := range doses {
			if !e.At.After(d.At) && d.At.Sub(e.At) < 24*time.Hour {
				n++
			}
		}
		if n > best {
			best, end = n, d.At
		}
	}
	return best, end
}

// durationName writes a limit's interval: "4 h", "30 min".
func durationName(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}

func who(o medbot.Observation) string {
	if o.Sender == "" {
		return ""
	}
	return " (" + o.Sender + ")"
}

func senderName(o medbot.Observation) string {
	if o.Sender == "" {
		return "someone"
	}
	return o.Sender
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

// course is the state of one child's course of a scheduled medicine.
type course struct {
	Child, Name string
	Schedule    *medbot.Schedule
	Start       time.Time // the course's first dose
	End         time.Time // zero: open-ended
	Last        medbot.Observation
	GivenToday  int
	DueToday    int
	NextDue     time.Time // zero when the course is over
	Day         int       // 1-based day of the course
}

// Active reports whether the course still has doses to give at t.
func (c course) Active(t time.Time) bool {
	return !c.NextDue.IsZero() && (c.End.IsZero() || c.NextDue.Before(c.End)) && !t.Before(c.Start)
}

// courses returns the courses under way for child at now: scheduled
// medicines given in the last course's length (or 2 days when open).
func (b *Bot) courses(ctx context.Context, child string, now time.Time) ([]course, error) {
	var out []course
	for _, m := range b.Family.Medications {
		if m.Schedule == nil {
			continue
		}
		span := 48 * time.Hour
		if m.Schedule.Days > 0 {
			span = time.Duration(m.Schedule.Days+1) * 24 * time.Hour
		}
		doses, err := b.Store.Observations(ctx, medbot.Filter{Child: child, Kinds: []medbot.Kind{medbot.Medication}, Name: m.Name, From: now.Add(-span), To: now.Add(time.Second)})
		if err != nil {
			return nil, err
		}
		if len(doses) == 0 {
			continue
		}
		sort.SliceStable(doses, func(i, j int) bool { return doses[i].At.Before(doses[j].At) })
		// the course starts at the first dose after a break of two intervals
		start := 0
		for i := 1; i < len(doses); i++ {
			if doses[i].At.Sub(doses[i-1].At) > 2*m.Schedule.Every+time.Hour {
				start = i
			}
		}
		c := course{Child: child, Name: m.Name, Schedule: m.Schedule, Start: doses[start].At, Last: doses[len(doses)-1]}
		zone := b.Family.Zone
		switch {
		case m.Schedule.Days > 0:
			c.End = c.Start.Add(time.Duration(m.Schedule.Days) * 24 * time.Hour)
		case !m.Schedule.Until.IsZero():
			y, mo, d := m.Schedule.Until.Date()
			c.End = time.Date(y, mo, d+1, 0, 0, 0, 0, zone)
		}
		c.NextDue = c.Last.At.Add(m.Schedule.Every)
		if !c.End.IsZero() && !c.NextDue.Before(c.End) {
			c.NextDue = time.Time{}
		}
		ly, lm, ld := now.In(zone).Date()
		dayStart := time.Date(ly, lm, ld, 0, 0, 0, 0, zone)
		for _, d := range doses[start:] {
			if !d.At.Before(dayStart) {
				c.GivenToday++
			}
		}
		c.DueToday = m.Schedule.PerDay
		if !c.End.IsZero() && c.End.Before(dayStart.AddDate(0, 0, 1)) {
			// the last day: only the doses before the end
			c.DueToday = c.GivenToday
			for t := c.Last.At.Add(m.Schedule.Every); t.Before(c.End) && t.Before(dayStart.AddDate(0, 0, 1)); t = t.Add(m.Schedule.Every) {
				c.DueToday++
			}
		}
		c.Day = int(now.Sub(c.Start)/(24*time.Hour)) + 1
		if !c.End.IsZero() && !now.Before(c.End) && c.NextDue.IsZero() {
			continue // finished
		}
		out = append(out, c)
	}
	return out, nil
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
	if b.Family.QuietHours.Contains(now.In(b.Family.Zone)) {
		return 0, nil
	}
	posted, err := b.reask(ctx, group)
	if err != nil {
		return posted, err
	}
	for _, child := range b.Family.ChildNames() {
		courses, err := b.courses(ctx, child, now)
		if err != nil {
			return posted, err
		}
		for _, c := range courses {
			if !c.Active(now) || now.Before(c.NextDue.Add(remindAfter)) || now.Sub(c.NextDue) > 12*time.Hour {
				continue
			}
			key := fmt.Sprintf("due:%s:%s:%d", child, c.Name, c.NextDue.Unix())
			text := fmt.Sprintf("%s for %s was due at %s and isn't recorded yet. If it was given, write it here (for example: %s 5ml %s).", medbot.Capitalise(c.Name), child, b.clock(c.NextDue), c.Name, child)
			n, err := b.notice(ctx, group, key, text)
			if err != nil {
				return posted, err
			}
			posted += n
		}
		for _, m := range b.Family.Medications {
			if !m.RemindNext || m.Schedule != nil {
				continue
			}
			doses, err := b.Store.Observations(ctx, medbot.Filter{Child: child, Kinds: []medbot.Kind{medbot.Medication}, Name: m.Name, From: now.Add(-24 * time.Hour), To: now.Add(time.Second)})
			if err != nil || len(doses) == 0 {
				continue
			}
			next, ok := nextAllowed(doses, m.MinInterval, m.MaxPer24h)
			if !ok || now.Before(next) || now.Sub(next) > 2*time.Hour {
				continue
			}
			last := doses[len(doses)-1]
			key := fmt.Sprintf("next:%s:%s:%d", child, m.Name, last.At.Unix())
			text := fmt.Sprintf("%s can have %s again from now (last at %s%s).", child, m.Name, b.clock(last.At), who(last))
			n, err := b.notice(ctx, group, key, text)
			if err != nil {
				return posted, err
			}
			posted += n
		}
	}
	return posted, nil
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
