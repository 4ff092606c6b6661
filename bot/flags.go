package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// Flags are facts with their source, never advice (medbot.FlagRules): a
// line after the reaction when a record crosses one, a post from the
// reminder loop when time passing does (a fever's fifth day, no wet
// nappy), a recheck when the family asked for one, and the open ones
// first in status. Every screen reads medbot.JudgeFlags.

// childFlags judges one child's flags at now from the records in s.
func (b *Bot) childFlags(ctx context.Context, s Records, child string, now time.Time) ([]medbot.Flag, error) {
	c, ok := b.Family.Child(child)
	if !ok {
		return nil, nil
	}
	obs, err := s.Observations(ctx, medbot.Filter{Child: child, From: now.Add(-medbot.FlagLookback), To: now.Add(time.Second)})
	if err != nil {
		return nil, err
	}
	return medbot.JudgeFlags(&b.Family, c, obs, now), nil
}

// flagLines are the sentences of the flags that a new message's records
// crossed, each once per crossing (the store remembers which were said,
// so an edit or a repeat never says one twice).
func (b *Bot) flagLines(ctx context.Context, st medbot.Stored) []string {
	now := b.Now()
	seen := map[string]bool{}
	var lines []string
	for _, o := range st.Observations {
		if o.Pending || o.Child == "" || seen[o.Child] {
			continue
		}
		seen[o.Child] = true
		flags, err := b.arrivalFlags(ctx, st, o.Child, now)
		if err != nil {
			b.log.Warn("judging flags failed", keyErr, err)
			continue
		}
		for _, f := range flags {
			if f.Obs.MessageID != st.ID || st.ID == 0 {
				continue
			}
			if fresh, err := b.Store.MarkNotice(ctx, f.Key(), now); err != nil || !fresh {
				continue
			}
			lines = append(lines, f.Text(b.Units, b.Family.Zone, now))
		}
	}
	return lines
}

// arrivalFlags judges the flags of child that a new message's records may
// have crossed, reading only what that takes (so a reaction stays fast
// however long the history): the record before each of its records of
// the same kind (a crossing begins after one that did not cross), the
// reliever doses before a reliever dose, and a fever's earlier days only
// when there was fever three days or more before.
func (b *Bot) arrivalFlags(ctx context.Context, st medbot.Stored, child string, now time.Time) ([]medbot.Flag, error) {
	c, ok := b.Family.Child(child)
	if !ok {
		return nil, nil
	}
	var own []medbot.Observation
	first := map[medbot.Kind]time.Time{}
	for _, o := range st.Observations {
		if o.Child != child || o.Pending {
			continue
		}
		o.MessageID = st.ID
		own = append(own, o)
		if t, ok := first[o.Kind]; !ok || o.At.Before(t) {
			first[o.Kind] = o.At
		}
	}
	read := func(f medbot.Filter) error {
		f.Child = child
		obs, err := b.Store.Observations(ctx, f)
		for _, o := range obs {
			if o.MessageID != st.ID {
				own = append(own, o)
			}
		}
		return err
	}
	for k, at := range first {
		switch {
		case k.Reading():
			if err := read(medbot.Filter{Kinds: []medbot.Kind{k}, To: at, Latest: 1}); err != nil {
				return nil, err
			}
		case k == medbot.Medication && c.Plan.Reliever != "":
			if err := read(medbot.Filter{Kinds: []medbot.Kind{k}, Name: c.Plan.Reliever, To: at, Latest: 2}); err != nil {
				return nil, err
			}
		}
	}
	if at, ok := first[medbot.Temperature]; ok {
		older, err := b.Store.Observations(ctx, medbot.Filter{Child: child, Kinds: []medbot.Kind{medbot.Temperature}, From: at.Add(-medbot.FlagLookback), To: at.Add(-72 * time.Hour)})
		if err != nil {
			return nil, err
		}
		if len(older) > 0 { // a fever's fifth day may be now: its whole course
			if err := read(medbot.Filter{Kinds: []medbot.Kind{medbot.Temperature}, From: at.Add(-medbot.FlagLookback), To: now.Add(time.Second)}); err != nil {
				return nil, err
			}
		}
	}
	return medbot.JudgeFlags(&b.Family, c, own, now), nil
}

// recheckWindow is how long after a recheck fell due it is still asked
// for: after a night's outage, an old recheck is not news.
const recheckWindow = 2 * time.Hour

// flagNotices are the flags time passing raised and the rechecks that
// fell due, each to post once; in quiet hours only red ones.
func (b *Bot) flagNotices(ctx context.Context, quiet bool) ([]pendingNotice, error) {
	now := b.Now()
	var out []pendingNotice
	for _, child := range b.Family.ChildNames() {
		flags, err := b.childFlags(ctx, b.Store, child, now)
		if err != nil {
			return nil, err
		}
		for _, f := range flags {
			if !f.Open() || (quiet && f.Rule.Level != medbot.Red) {
				continue
			}
			switch {
			case f.Obs.Kind == "" && f.Rule.Crosses == nil:
				out = append(out, pendingNotice{f.Key(), f.Text(b.Units, b.Family.Zone, now)})
			case f.Rule.Crosses != nil:
				d := b.Family.Flags.Recheck[f.Rule.Level]
				due := f.Latest.At.Add(d)
				if d == 0 || now.Before(due) || now.Sub(due) > recheckWindow {
					continue
				}
				// one recheck per reading, however many sources flag it
				out = append(out, pendingNotice{fmt.Sprintf("recheck|%s|%s|%d", child, f.Latest.Kind, f.Latest.At.UnixMilli()),
					b.say("Time to recheck %s's %s: %s at %s.", child, b.say(f.Latest.Kind.Info().Name), b.value(f.Latest), b.clock(f.Latest.At))})
			}
		}
	}
	return out, nil
}

// value writes a reading's value in the family's units: "38.4 °C", "94 %".
func (b *Bot) value(o medbot.Observation) string {
	if o.Kind == medbot.Temperature {
		return b.Units.Temperature(o.Value)
	}
	return b.Units.Value(o.Kind, o.Value)
}

// openFlagLines are a child's open flags for status, red first: "⚑ SpO2
// 94 % at 02:10 (NICE, amber)".
func (b *Bot) openFlagLines(ctx context.Context, child string, now time.Time) ([]string, error) {
	flags, err := b.childFlags(ctx, b.Store, child, now)
	if err != nil {
		return nil, err
	}
	// one line per reading, naming every source that flags it: "⚑ SpO2
	// 91 % at 03:39 (NICE, amber; your plan, amber)"
	var lines []string
	level := map[string]medbot.Level{}
	for _, f := range flags {
		if !f.Open() {
			continue
		}
		s := f.Short(b.Units, b.Family.Zone, now)
		what, src, _ := strings.Cut(s, " (")
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, what+" (") })
		if i < 0 {
			lines = append(lines, s)
			level[s] = f.Rule.Level
			continue
		}
		old := lines[i]
		lines[i] = strings.TrimSuffix(old, ")") + "; " + src
		level[lines[i]] = max(level[old], f.Rule.Level)
	}
	slices.SortStableFunc(lines, func(a, c string) int { return int(level[c]) - int(level[a]) }) // red first
	for i := range lines {
		lines[i] = "⚑ " + lines[i]
	}
	return lines, nil
}

// flagsHelp is "help flags": what medbot checks, from which source, and
// that it is not a medical device; what is off for this family.
func (b *Bot) flagsHelp() string {
	var sb strings.Builder
	sb.WriteString(b.say("When a reading crosses a published line, I say the fact and its source, once; I never tell you what to do. I am not a medical device: if you are worried, trust that.") + "\n")
	for _, s := range medbot.Sources {
		state := ""
		if !b.Family.FlagsOn(s.Source) {
			state = b.say(" (turned off)")
		}
		sb.WriteString("• " + b.say(s.Edition) + state + "\n")
	}
	line, src := b.Family.FeverLine()
	sb.WriteString(b.say("Fever line: %s (%s).", b.Units.Temperature(line), b.say(src)))
	var noAge []string
	for _, c := range b.Family.Children {
		if !c.BornKnown() {
			noAge = append(noAge, c.Name)
		}
	}
	if len(noAge) > 0 {
		sb.WriteString(b.say(" No born date for %s: the lines for babies and by age are off.", strings.Join(noAge, ", ")))
	}
	return sb.String()
}
