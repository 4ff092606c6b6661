package signalcli

import (
	"context"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
)

// Transport is a Client as the bot's Transport: it sends the bot's
// replies, reactions and typing indicators.
type Transport struct{ *Client }

// Send sends r and returns its timestamp.
func (t Transport) Send(ctx context.Context, r bot.Reply) (int64, error) {
	res, err := t.Client.Send(ctx, r)
	return res.Timestamp, err
}

// SendPoll sends a poll to group (one choice each) and returns its
// timestamp, which votes name (bot.Poller; signal-cli 0.13.23 and later).
func (t Transport) SendPoll(ctx context.Context, group medbot.GroupID, question string, options []string) (int64, error) {
	var r SendResult
	err := t.Client.Call(ctx, "sendPollCreate", map[string]any{"groupId": string(group), "question": question, "option": options, "noMulti": true}, &r)
	return r.Timestamp, err
}

// Incoming converts the client's events into the bot's until events is
// closed, then closes its own channel. It holds at most one event: what
// signal-cli handed over stays in the client's small queue until the bot
// takes it.
func Incoming(events <-chan Event) <-chan bot.Incoming {
	out := make(chan bot.Incoming)
	go func() {
		defer close(out)
		for ev := range events {
			out <- incomingOf(ev)
		}
	}()
	return out
}

// incomingOf is an event in the bot's words.
func incomingOf(ev Event) bot.Incoming {
	in := bot.Incoming{Kind: ev.Kind, Group: ev.Group, Author: ev.Author, AuthorName: ev.AuthorName, SentMS: ev.SentMS, ServerMS: ev.ServerMS, TargetMS: ev.TargetMS, Text: ev.Text, Options: ev.Options}
	if ev.Quote != nil {
		in.Quote = &bot.Quoted{Author: ev.Quote.Author, SentMS: ev.Quote.SentMS}
	}
	return in
}
