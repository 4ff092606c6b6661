package bot

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// vitalKinds are the readings status lists after the temperature, in the
// order of medbot.Kinds.
var vitalKinds = func() []medbot.Kind {
	var ks []medbot.Kind
	for _, k := range medbot.Readings {
		if k != medbot.Temperature {
			ks = append(ks, k)
		}
	}
	return ks
}()

// staleTemp is when a missing temperature is worth pointing out.
const staleTemp = 6 * time.Hour

// Status writes the handover: one block per child (all when children is
// empty), short enough to read in 20 seconds.
func (b *Bot) Status(ctx context.Context, children []string) string {
	b.init()
	if len(children) == 0 {
		children = b.Family.ChildNames()
	}
	var blocks []string
	for _, c := range children {
		s, err := b.childStatus(ctx, c)
		if err != nil {
			b.log.Warn("reading records for status failed", keyErr, err)
			return b.say("Sorry, I couldn't read the records just now. Please try again.")
		}
		blocks = append(blocks, s)
	}
	if line := b.familyNotes(ctx, b.Now().Add(-24*time.Hour)); line != "" {
		blocks = append(blocks, line)
	}
	return strings.Join(blocks, "\n\n")
}

// familyNotes is the line of the notes that name no child since from:
// "Family notes: GP says keep fluids up (Dad 14:05)"; "" when none.
func (b *Bot) familyNotes(ctx context.Context, from time.Time) string {
	notes, err := b.Store.Observations(ctx, medbot.Filter{UnknownChild: true, Kinds: []medbot.Kind{medbot.Note}, From: from, To: b.Now().Add(time.Second)})
	if err != nil {
		b.log.Warn("reading notes for status failed", keyErr, err)
		return ""
	}
	line, _ := b.notesLine(notes, from)
	if line == "" {
		return ""
	}
	return b.say("Family notes: %s", line)
}

func (b *Bot) childStatus(ctx context.Context, child string) (string, error) {
	now := b.Now()
	obs, err := b.Store.Observations(ctx, medbot.Filter{Child: child, From: now.Add(-72 * time.Hour), To: now.Add(time.Second)})
	if err != nil {
		return "", err
	}
	var lines []string
	lines = append(lines, child+":")
	day := now.Add(-24 * time.Hour)
	flags, err := b.openFlagLines(ctx, child, now)
	if err != nil {
		return "", err
	}
	lines = append(lines, flags...)

	// temperature
	var temps []medbot.Observation
	for _, o := range obs {
		if o.Kind == medbot.Temperature {
			temps = append(temps, o)
		}
	}
	var watch []string
	if len(temps) == 0 {
		lines = append(lines, b.say("Temperature: none in 3 days"))
	} else {
		last := temps[len(temps)-1]
		s := b.say("Temperature: %s at %s (%s)%s", b.Units.Temperature(last.Value), b.clock(last.At), b.Units.Ago(now, last.At), b.by(last))
		if tr := b.trend(temps); tr != "" {
			s += ", " + tr
		}
		if hi := highest(temps, day); hi != nil && hi.Value > last.Value {
			s += b.say(". Highest in 24 h: %s at %s", b.Units.Temperature(hi.Value), b.clock(hi.At))
		}
		lines = append(lines, s)
		if now.Sub(last.At) > staleTemp {
			watch = append(watch, b.say("no temperature for %s", b.Units.For(now, last.At)))
		}
	}

	// vitals
	for _, k := range vitalKinds {
		var last *medbot.Observation
		for i := range obs {
			if obs[i].Kind == k && !obs[i].At.Before(day) {
				last = &obs[i]
			}
		}
		if last != nil {
			lines = append(lines, b.say("%s at %s%s", medbot.Capitalise(b.describe(*last)), b.clock(last.At), b.by(*last)))
		}
	}

	// medicines: those given in 24 h and the courses under way, each as
	// medbot.JudgeDoses judges it; doses outside the limits first
	judged, err := b.judgeChild(ctx, b.Store, child, now)
	if err != nil {
		return "", err
	}
	if len(judged) == 0 {
		lines = append(lines, b.say("Medicines: none in 24 h"))
	}
	var breaches []string
	for _, j := range judged {
		breaches = append(breaches, b.breachLines(j, day)...)
	}
	lines = append(lines, breaches...)
	for _, j := range judged {
		if j.Course != nil {
			lines = append(lines, b.courseLine(j, now))
			if overdue(j.Course, now) {
				watch = append(watch, b.say("%s %s dose not recorded", b.name(j.Medicine.Name), b.clock(j.Course.NextDue)))
			}
			continue
		}
		last, _ := j.Last()
		s := b.say("%s: last %s at %s (%s)%s. %s", medbot.Capitalise(b.name(j.Medicine.Name)), b.doseAmount(last), b.clock(last.At), b.Units.Ago(now, last.At), b.by(last), b.countText(j))
		if next := b.nextText(j, now); next != "" {
			s += ", " + next
		}
		lines = append(lines, s)
	}

	// events: the latest of each
	latest := map[string]medbot.Observation{}
	var evNames []string
	for _, o := range obs {
		if o.Kind == medbot.Event && !o.At.Before(day) {
			if _, ok := latest[o.Name]; !ok {
				evNames = append(evNames, o.Name)
			}
			latest[o.Name] = o
		}
	}
	if len(evNames) > 0 {
		slices.SortFunc(evNames, func(a, b string) int { return latest[b].At.Compare(latest[a].At) })
		var parts []string
		for _, n := range evNames {
			parts = append(parts, b.name(n)+" "+b.clock(latest[n].At))
		}
		lines = append(lines, b.say("Last: %s", strings.Join(parts, ", ")))
	}
	if line, _ := b.notesLine(obs, day); line != "" {
		lines = append(lines, b.say("Notes: %s", line))
	}
	if len(watch) > 0 {
		lines = append(lines, b.say("Watch: %s", strings.Join(watch, "; ")))
	}
	return strings.Join(lines, "\n"), nil
}

func (b *Bot) by(o medbot.Observation) string {
	if o.Sender == "" {
		return ""
	}
	return b.say(" by %s", isolate(o.Sender))
}

func (b *Bot) doseAmount(o medbot.Observation) string {
	if !o.HasDose {
		return b.say("dose")
	}
	return b.Units.Amount(o.Dose, o.Unit)
}

// trendWindow is how close the readings a trend compares must be.
const trendWindow = 6 * time.Hour

// trend compares the last two readings, when they are within 6 h of each
// other: "falling 0.5 °C", "rising 0.3 °C", "steady".
func (b *Bot) trend(temps []medbot.Observation) string {
	if len(temps) < 2 {
		return ""
	}
	last, prev := temps[len(temps)-1], temps[len(temps)-2]
	if last.At.Sub(prev.At) > trendWindow {
		return ""
	}
	d := last.Value - prev.Value
	size := b.Units.Decimal(math.Abs(b.Units.TemperatureValue(d)-b.Units.TemperatureValue(0)), 1) + " " + b.Units.TemperatureUnit()
	switch {
	case d >= 0.25:
		return b.say("rising %s", size)
	case d <= -0.25:
		return b.say("falling %s", size)
	}
	return b.say("steady")
}

// notesLine writes the notes since from, newest first: "Notes: 111 said
// A&E if sats under 90 (Mum 02:10)"; "" when there are none. at is the
// newest note's time.
func (b *Bot) notesLine(obs []medbot.Observation, from time.Time) (line string, at time.Time) {
	var parts []string
	for i := len(obs) - 1; i >= 0; i-- {
		if o := obs[i]; o.Kind == medbot.Note && !o.At.Before(from) {
			if at.IsZero() {
				at = o.At
			}
			who := b.clock(o.At)
			if o.Sender != "" {
				who = isolate(o.Sender) + " " + who
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", o.Text, who))
		}
	}
	if len(parts) == 0 {
		return "", at
	}
	return strings.Join(parts, "; "), at
}

// highest is the highest reading since from, or nil.
func highest(temps []medbot.Observation, from time.Time) *medbot.Observation {
	var hi *medbot.Observation
	for i := range temps {
		if !temps[i].At.Before(from) && (hi == nil || temps[i].Value > hi.Value) {
			hi = &temps[i]
		}
	}
	return hi
}
