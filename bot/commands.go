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
		b.reply(ctx, key, commandProblem(cmd))
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
		b.reply(ctx, key, fmt.Sprintf("I don't know %s. Send help to see what I understand.", cmd.Word))
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
func commandProblem(cmd parse.Command) string {
	if cmd.Problem != "unclear" {
		return cmd.Problem + "."
	}
	if spec, ok := parse.Spec(cmd.Name); ok && spec.Unclear != "" {
		return spec.Unclear
	}
	return "Send help, or help " + strings.Join(parse.HelpTopics, ", help ") + "."
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
		sb.WriteString("Write it the way you would anyway:\n")
		for _, ex := range []string{c + " 38.4", "calpol 5ml " + c, c + " sats 94 hr 130", "blue inhaler x4 " + c, c + " woke up coughing", "gave amox at 23:50 " + c, "nurofen 5ml 10 mins ago " + c, "both had calpol 5ml", "note: GP says keep fluids up"} {
			sb.WriteString("  " + ex + "\n")
		}
		sb.WriteString("Questions, plans and advice are not stored: only what happened.")
		return sb.String()
	case "doses":
		return "I count each medicine's doses against the limits set for it, and say when a dose comes too soon or over the limit, or looks entered twice. " +
			"A dose far from the usual waits for a yes before it counts.\n" +
			"Ask me: \"can " + c + " have calpol yet?\", \"is " + c + " due his amox?\", \"when was the last nurofen\". " +
			"I answer with the records and the family's limits: check them with a doctor or the leaflet."
	case "commands":
		var lines []string
		for _, c := range parse.Commands {
			lines = append(lines, c.Usage)
		}
		return strings.Join(lines, "\n")
	case "flags":
		return b.flagsHelp()
	case "fixing":
		return "To correct a record, edit or delete your message, or send undo (or reply undo to it).\n" +
			"When I react " + EmojiWho + ", I need an answer: reply to my question with the name, or yes. Any of you can."
	}
	var names []string
	for _, cmd := range parse.Commands {
		if cmd.Name != "help" {
			names = append(names, cmd.Name)
		}
	}
	return fmt.Sprintf("I store what you write here and react when it is stored: %s temperature, %s medicine, %s sats or heart rate, %s breathing, %s weight, %s event or note, %s several. %s means I need an answer: reply to my question.\n",
		EmojiTemperature, EmojiMedication, EmojiVitals, medbot.RespRate.Info().Emoji, medbot.Weight.Info().Emoji, EmojiEvent, EmojiSeveral, EmojiWho) +
		fmt.Sprintf("Write as you would: \"%s 38.4\", \"calpol 5ml %s\", \"%s woke up coughing\".\n", c, c, c) +
		"Commands: " + strings.Join(names, ", ") + ".\n" +
		"More: help " + strings.Join(parse.HelpTopics, ", help ") + "."
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
			b.reply(ctx, key, "Sorry, I couldn't look that up just now. Please try again.")
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
		b.reply(ctx, key, "There's nothing of yours from the last 15 minutes to undo. To remove an older record, reply 'undo' to it, or delete it for everyone.")
		return
	}
	if _, err := b.Store.Retract(ctx, target.Key, "undo"); err != nil {
		b.log.Warn("undo failed", keyErr, err)
		b.reply(ctx, key, "Sorry, I couldn't undo that just now. Please try again.")
		return
	}
	b.noteChange(key.Group)
	b.unreact(ctx, target)
	b.log.Info("record undone", keyMessageTS, target.Key.SentMS, keyCount, len(target.Observations))
	b.reply(ctx, key, "Removed: "+b.describeAll(target.Observations)+".")
}

// describeAll writes observations for a reply: "Rory 38.4 °C at 14:05".
func (b *Bot) describeAll(obs []medbot.Observation) string {
	parts := make([]string, 0, len(obs))
	for _, o := range obs {
		s := b.describe(o)
		if o.Child != "" {
			s = o.Child + " " + s
		}
		parts = append(parts, s+" at "+b.clock(o.At))
	}
	return strings.Join(parts, "; ")
}

// describe writes one observation's value in the family's units.
func (b *Bot) describe(o medbot.Observation) string {
	if o.Kind == medbot.Temperature {
		return b.Units.Temperature(o.Value)
	}
	return o.Describe()
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
