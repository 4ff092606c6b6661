package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// handoverLines is the most a child's part of the handover has.
const handoverLines = 6

// staleEvent is how old an event may be and still be in the handover.
const staleEvent = 12 * time.Hour

// handover is status's short form, sized for a phone: questions waiting
// for an answer first, then per child at most six short lines, the urgent
// first (a dose over the limit, a course dose not recorded). status all
// gives the rest.
func (b *Bot) handover(ctx context.Context, group medbot.GroupID, children []string) string {
	b.init()
	if len(children) == 0 {
		children = b.Family.ChildNames()
	}
	blocks := b.openLines(ctx, group)
	for _, c := range children {
		lines, err := b.childHandover(ctx, c)
		if err != nil {
			b.log.Warn("reading records for status failed", keyErr, err)
			return b.say("Sorry, I couldn't read the records just now. Please try again.")
		}
		blocks = append(blocks, strings.Join(lines, "\n"))
	}
	if line := b.familyNotes(ctx, b.Now().Add(-staleEvent)); line != "" {
		blocks = append(blocks, line)
	}
	return strings.Join(blocks, "\n\n")
}

func (b *Bot) childHandover(ctx context.Context, child string) ([]string, error) {
	now := b.Now()
	obs, err := b.Store.Observations(ctx, medbot.Filter{Child: child, From: now.Add(-72 * time.Hour), To: now.Add(time.Second)})
	if err != nil {
		return nil, err
	}
	day := now.Add(-24 * time.Hour)
	var temps []medbot.Observation
	for _, o := range obs {
		if o.Kind == medbot.Temperature {
			temps = append(temps, o)
		}
	}
	head := b.say("%s: no temperature in 3 days", child)
	if len(temps) > 0 {
		last := temps[len(temps)-1]
		head = b.say("%s: %s at %s (%s)", child, b.Units.Temperature(last.Value), b.clock(last.At), b.Units.Ago(now, last.At))
		if tr := b.trend(temps); tr != "" {
			head += ", " + tr
		}
		if hi := highest(temps, day); hi != nil && hi.Value > last.Value {
			head += b.say("; highest %s at %s", b.Units.Temperature(hi.Value), b.clock(hi.At))
		}
	}
	// the rest, newest first: what was cut for room is the oldest
	type timed struct {
		at   time.Time
		line string
	}
	urgent, err := b.openFlagLines(ctx, child, now)
	if err != nil {
		return nil, err
	}
	var rest []timed
	judged, err := b.judgeChild(ctx, b.Store, child, now)
	if err != nil {
		return nil, err
	}
	for _, j := range judged {
		name := medbot.Capitalise(b.name(j.Medicine.Name))
		var line string
		if c := j.Course; c != nil {
			line = b.say("%s: %d of %d today", name, c.GivenToday, c.DueToday)
			switch {
			case c.Complete():
				line += b.say(", course complete")
			default:
				line += b.say(", next due %s", b.clock(c.NextDue))
			}
		} else {
			last, _ := j.Last()
			line = b.say("%s %s at %s, %s", name, b.doseAmount(last), b.clock(last.At), b.countText(j))
			if next := b.nextText(j, now); next != "" {
				line += ", " + next
			}
		}
		brs := breachesSince(j, day)
		switch {
		case len(brs) > 0:
			// the breaches first, each said once: "⚠️ Paracetamol 00:24
			// too soon (2 h 24 min after 22:00; gap set 4 h); next from 04:24"
			var facts []string
			for _, br := range brs {
				facts = append(facts, fmt.Sprintf("%s %s (%s)", b.clock(br.Dose.At), br.Rule.In(b.Units), br.Fact(b.Units, b.Family.Zone)))
			}
			tail := ""
			if next := b.nextText(j, now); next != "" && j.Course == nil {
				tail = "; " + next
			}
			urgent = append(urgent, fmt.Sprintf("⚠️ %s %s%s", name, strings.Join(facts, ", "), tail))
		case overdue(j.Course, now):
			urgent = append(urgent, b.say("%s dose due %s not recorded", name, b.clock(j.Course.NextDue)))
		default:
			last, _ := j.Last()
			rest = append(rest, timed{last.At, line})
		}
	}
	var vitals []string
	var vitalsAt time.Time
	for _, k := range vitalKinds {
		for i := len(obs) - 1; i >= 0; i-- {
			if obs[i].Kind == k && !obs[i].At.Before(day) {
				v := b.say("%s at %s", b.describe(obs[i]), b.clock(obs[i].At))
				if !slices.ContainsFunc(urgent, func(u string) bool { return strings.HasPrefix(u, "⚑ "+v+" (") }) {
					vitals = append(vitals, v) // a flagged reading is said once, in its flag's line
					vitalsAt = maxTime(vitalsAt, obs[i].At)
				}
				break
			}
		}
	}
	if len(vitals) > 0 {
		rest = append(rest, timed{vitalsAt, medbot.Capitalise(strings.Join(vitals, ", "))})
	}
	if line, at := b.notesLine(obs, now.Add(-staleEvent)); line != "" {
		rest = append(rest, timed{at, b.say("Notes: %s", line)})
	}
	latest := map[string]time.Time{}
	var evNames []string
	for _, o := range obs {
		if o.Kind == medbot.Event && now.Sub(o.At) <= staleEvent {
			if _, ok := latest[o.Name]; !ok {
				evNames = append(evNames, o.Name)
			}
			latest[o.Name] = o.At
		}
	}
	if len(evNames) > 0 {
		slices.SortFunc(evNames, func(a, c string) int { return latest[c].Compare(latest[a]) })
		parts := make([]string, len(evNames))
		for i, n := range evNames {
			parts[i] = b.name(n) + " " + b.clock(latest[n])
		}
		rest = append(rest, timed{latest[evNames[0]], b.say("Last: %s", strings.Join(parts, ", "))})
	}
	slices.SortStableFunc(rest, func(a, c timed) int { return c.at.Compare(a.at) })
	lines := append([]string{head}, urgent...)
	for _, r := range rest {
		lines = append(lines, r.line)
	}
	if len(lines) > handoverLines {
		lines = append(lines[:handoverLines-1], b.say("More: status all"))
	}
	return lines, nil
}

func maxTime(a, c time.Time) time.Time {
	if c.After(a) {
		return c
	}
	return a
}
