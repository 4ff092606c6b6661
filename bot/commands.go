package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// command answers a whole-message command, quoting it.
func (b *Bot) command(ctx context.Context, ev Incoming, cmd parse.Command) {
	key := keyOf(ev)
	b.log.Info("command", keyCommand, cmd.Name, keyMessageTS, key.SentMS)
	if cmd.Problem != "" {
		b.reply(ctx, key, b.commandProblem(cmd))
		return
	}
	if b.repeated(key.Group, cmd) {
		// the same question a moment ago, nothing recorded since: its
		// answer is above (or on its way); one more post helps nobody
		b.log.Info("a repeated command answered by the one before", keyCommand, cmd.Name)
		b.react(ctx, key, EmojiSeeAbove, false)
		return
	}
	run, ok := handlers[cmd.Name]
	if !ok {
		b.reply(ctx, key, b.say("I don't know %s. Send help to see what I understand.", cmd.Word))
		return
	}
	run(b, ctx, ev, cmd)
}

// handlers run each command of parse.Commands, by name.
var handlers = map[string]func(b *Bot, ctx context.Context, ev Incoming, cmd parse.Command){
	"help": func(b *Bot, ctx context.Context, ev Incoming, cmd parse.Command) {
		b.reply(ctx, keyOf(ev), b.helpText(cmd.Topic))
	},
	"status": func(b *Bot, ctx context.Context, ev Incoming, cmd parse.Command) {
		key := keyOf(ev)
		if cmd.All {
			b.reply(ctx, key, strings.Join(append(b.openLines(ctx, key.Group), b.Status(ctx, cmd.Children)), "\n\n"))
		} else {
			b.reply(ctx, key, b.handover(ctx, key.Group, cmd.Children))
		}
	},
	"undo": func(b *Bot, ctx context.Context, ev Incoming, _ parse.Command) { b.undo(ctx, ev) },
	"graphs": func(b *Bot, ctx context.Context, ev Incoming, cmd parse.Command) {
		key := keyOf(ev)
		b.background(func() { b.heavy(ctx, key, func() { b.graphs(ctx, key, cmd) }) })
	},
	"report": func(b *Bot, ctx context.Context, ev Incoming, cmd parse.Command) {
		key := keyOf(ev)
		b.background(func() { b.heavy(ctx, key, func() { b.report(ctx, key, cmd) }) })
	},
}

// commandProblem is the one line a command medbot cannot honour gets:
// what it can do instead.
func (b *Bot) commandProblem(cmd parse.Command) string {
	if cmd.Problem == parse.ProblemWindow {
		return b.say("I can go back up to %d days: try %s 90d.", int(parse.MaxWindow.Hours()/24), cmd.Word)
	}
	if spec, ok := parse.Spec(cmd.Name); ok && spec.Unclear != "" {
		return b.say(spec.Unclear)
	}
	return b.say("Send help, or %s.", b.topics())
}

// topics lists help's topics as the family writes them: "help writing,
// help doses, …"; "hilfe schreiben, …".
func (b *Bot) topics() string {
	var ts []string
	for _, t := range parse.HelpTopics {
		ts = append(ts, b.say("help")+" "+b.say(t))
	}
	return strings.Join(ts, ", ")
}

// background runs a slow reply without holding up the group's queue.
func (b *Bot) background(f func()) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("a background reply panicked", keyErr, fmt.Sprint(r))
			}
		}()
		f()
	}()
}

// helpText fits on one phone screen; a topic says more.
func (b *Bot) helpText(topic string) string {
	c := b.Family.ChildNames()[0]
	switch topic {
	case "writing":
		var sb strings.Builder
		sb.WriteString(b.say("Write it the way you would anyway:") + "\n")
		for _, ex := range []string{b.say("%s 38.4", c), b.say("calpol 5ml %s", c), b.say("%s sats 94 hr 130", c), b.say("blue inhaler x4 %s", c),
			b.say("%s woke up coughing", c), b.say("gave amox at 23:50 %s", c), b.say("nurofen 5ml 10 mins ago %s", c), b.say("both had calpol 5ml"), b.say("note: GP says keep fluids up")} {
			sb.WriteString("  " + ex + "\n")
		}
		sb.WriteString(b.say("Questions, plans and advice are not stored: only what happened."))
		return sb.String()
	case "doses":
		return b.say("I count each medicine's doses against the limits set for it, and say when a dose comes too soon or over the limit, or looks entered twice. ") +
			b.say("A dose far from the usual waits for a yes before it counts.") + "\n" +
			b.say("Ask me: \"can %s have calpol yet?\", \"is %s due his amox?\", \"when was the last nurofen\". ", c, c) +
			b.say("I answer with the records and the family's limits: check them with a doctor or the leaflet.")
	case "commands":
		var lines []string
		for _, c := range parse.Commands {
			lines = append(lines, b.say(c.Usage))
		}
		return strings.Join(lines, "\n")
	case "flags":
		return b.flagsHelp()
	case "fixing":
		return b.say("To correct a record, edit or delete your message, or send undo (or reply undo to it).") + "\n" +
			b.say("When I react %s, I need an answer: reply to my question with the name, or yes. Any of you can.", EmojiWho)
	}
	var names []string
	for _, cmd := range parse.Commands {
		if cmd.Name != "help" {
			names = append(names, b.say(cmd.Name))
		}
	}
	return b.say("I store what you write here and react when it is stored: %s temperature, %s medicine, %s sats or heart rate, %s breathing, %s weight, %s event or note, %s several. %s means I need an answer: reply to my question.",
		EmojiTemperature, EmojiMedication, EmojiVitals, medbot.RespRate.Info().Emoji, medbot.Weight.Info().Emoji, EmojiEvent, EmojiSeveral, EmojiWho) + "\n" +
		b.say("Write as you would: \"%s 38.4\", \"calpol 5ml %s\", \"%s woke up coughing\".", c, c, c) + "\n" +
		b.say("Commands: %s.", strings.Join(names, ", ")) + "\n" +
		b.say("More: %s.", b.topics())
}

// undo retracts the sender's most recent record of the last 15 minutes,
// or the message the undo quotes.
func (b *Bot) undo(ctx context.Context, ev Incoming) {
	key := keyOf(ev)
	var target medbot.Stored
	found := false
	if ev.Quote != nil {
		st, err := b.Store.Message(ctx, medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS})
		if err == nil && !st.Retracted && len(st.Observations) > 0 {
			target, found = st, true
		}
	} else {
		msgs, err := b.Store.LastMessages(ctx, ev.Group, ev.Author, 20)
		if err != nil {
			b.log.Warn("undo: reading messages failed", keyErr, err)
			b.reply(ctx, key, b.say("Sorry, I couldn't look that up just now. Please try again."))
			return
		}
		cutoff := b.Now().Add(-undoWindow)
		for _, m := range msgs {
			if m.ReceivedAt.Before(cutoff) {
				break
			}
			if !m.Retracted && len(m.Observations) > 0 {
				target, found = m, true
				break
			}
		}
	}
	if !found {
		b.reply(ctx, key, b.say("There's nothing of yours from the last 15 minutes to undo. To remove an older record, reply 'undo' to it, or delete it for everyone."))
		return
	}
	if _, err := b.Store.Retract(ctx, target.Key, "undo"); err != nil {
		b.log.Warn("undo failed", keyErr, err)
		b.reply(ctx, key, b.say("Sorry, I couldn't undo that just now. Please try again."))
		return
	}
	b.noteChange(key.Group)
	b.unreact(ctx, target)
	b.log.Info("record undone", keyMessageTS, target.Key.SentMS, keyCount, len(target.Observations))
	b.reply(ctx, key, b.say("Removed: %s.", b.describeAll(target.Observations)))
}

// describeAll writes observations for a reply: "Rory 38.4 °C at 14:05".
func (b *Bot) describeAll(obs []medbot.Observation) string {
	parts := make([]string, 0, len(obs))
	for _, o := range obs {
		s := b.describe(o)
		if o.Child != "" {
			s = o.Child + " " + s
		}
		parts = append(parts, b.say("%s at %s", s, b.clock(o.At)))
	}
	return strings.Join(parts, "; ")
}

// describe writes one observation's value in the family's units.
func (b *Bot) describe(o medbot.Observation) string {
	return b.Units.Describe(o)
}

// clock writes a time of day in the family's zone and clock, with the day
// when it is not today.
func (b *Bot) clock(t time.Time) string {
	return b.Units.When(t, b.Now(), b.Family.Zone)
}

// coalesceWindow is how long an identical command in the same group, with
// nothing recorded in between, is answered by the one before.
const coalesceWindow = 30 * time.Second

// repeated reports whether cmd repeats one answered (or being answered)
// in group within coalesceWindow, with nothing recorded since; if not, it
// notes cmd as the one later repeats are answered by. undo, whose answer
// is the sender's own, is never a repeat.
func (b *Bot) repeated(group medbot.GroupID, cmd parse.Command) bool {
	if cmd.Name == "undo" {
		return false
	}
	key := fmt.Sprint(group, "|", cmd.Name, "|", cmd.Window, "|", cmd.Children, "|", cmd.All, "|", cmd.Topic)
	now := b.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.recentCmds == nil {
		b.recentCmds = map[string]time.Time{}
	}
	last, ok := b.recentCmds[key]
	if ok && now.Sub(last) < coalesceWindow && b.changed[group].Before(last) {
		return true
	}
	for k, t := range b.recentCmds {
		if now.Sub(t) >= coalesceWindow {
			delete(b.recentCmds, k)
		}
	}
	b.recentCmds[key] = now
	return false
}

// noteChange marks that group's records changed (a record, an edit, an
// undo, a deletion, an answer): a repeated command is answered afresh.
func (b *Bot) noteChange(group medbot.GroupID) {
	now := b.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.changed == nil {
		b.changed = map[medbot.GroupID]time.Time{}
	}
	b.changed[group] = now
}

// say writes a sentence in the family's language: format, the English
// text, through the catalogue (medbot.Units.F); with no args the text as
// it is (a "%" in it stays).
func (b *Bot) say(format string, args ...any) string {
	if len(args) == 0 {
		return b.Units.T(format)
	}
	return b.Units.F(format, args...)
}

// name writes a medicine's or an event's name in the family's language
// ("paracetamol"; "Paracetamol").
func (b *Bot) name(n string) string { return b.Units.T(n) }
