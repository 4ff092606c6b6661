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
	switch cmd.Name {
	case "help":
		b.reply(ctx, key, b.helpText())
	case "status":
		b.reply(ctx, key, b.Status(ctx, cmd.Children))
	case "undo":
		b.undo(ctx, ev)
	case "graphs":
		b.background(func() { b.graphs(ctx, key, cmd) })
	case "report":
		b.background(func() { b.report(ctx, key, cmd) })
	default:
		b.reply(ctx, key, fmt.Sprintf("I don't know %s. Send 'help' to see what I understand.", cmd.Word))
	}
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

func (b *Bot) helpText() string {
	names := b.Family.ChildNames()
	c := names[0]
	var sb strings.Builder
	fmt.Fprintf(&sb, "I record what you write here and react to show what I stored (%s temperature, %s medicine, %s sats or heart rate, %s event or note, %s several, %s who is it for?).\n\n", EmojiTemperature, EmojiMedication, EmojiVitals, EmojiEvent, EmojiSeveral, EmojiWho)
	sb.WriteString("Write it the way you would anyway:\n")
	for _, ex := range []string{c + " 38.4", "calpol 5ml " + c, c + " sats 94 hr 130", "blue inhaler x4 " + c, c + " woke up coughing", "gave amox at 23:50 " + c, "nurofen 5ml 10 mins ago " + c, "both had calpol 5ml", "note: GP says keep fluids up"} {
		sb.WriteString("  " + ex + "\n")
	}
	sb.WriteString("\nTo correct: edit or delete your message, or send 'undo'.\n\n")
	sb.WriteString("Commands:\n")
	sb.WriteString("  graphs [24h|3d] [name] - temperature chart and a timeline per child\n")
	sb.WriteString("  status [name] - the handover: last temperature and doses\n")
	sb.WriteString("  report [name] [5d] - a PDF for the doctor\n")
	sb.WriteString("  undo - remove your last record (within 15 minutes), or the one you reply to\n")
	sb.WriteString("  help - this message")
	return sb.String()
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
	zone := b.Family.Zone
	t = t.In(zone)
	s := b.Units.Clock(t, zone)
	now := b.Now().In(zone)
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return s
	case y1 == y2 && m1 == m2 && d1 == d2-1:
		return "yesterday " + s
	}
	return t.Format("Mon 2 Jan ") + s
}

// ago writes how long ago t was: "2 h ago", "25 min ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 10*time.Hour:
		h := int(d.Hours())
		m := int(d.Minutes()) - 60*h
		if m >= 5 {
			return fmt.Sprintf("%d h %d min ago", h, m)
		}
		return fmt.Sprintf("%d h ago", h)
	}
	return fmt.Sprintf("%d h ago", int(d.Hours()+0.5))
}
