package bot

import (
	"context"
	"time"

	"github.com/medbot/medbot"
)

// IncomingKind says what a family member did.
type IncomingKind int

// The kinds of Incoming.
const (
	Text   IncomingKind = iota // a new message
	Edit                       // an edit of an earlier message (TargetMS)
	Delete                     // a delete for everyone (TargetMS)
	Vote                       // a vote on medbot's poll sent at TargetMS (Options)
)

func (k IncomingKind) String() string {
	switch k {
	case Text:
		return "text"
	case Edit:
		return "edit"
	case Delete:
		return "delete"
	case Vote:
		return "vote"
	}
	return "unknown"
}

// Incoming is a message, edit or delete from a chat, as the bot reads it.
// A Transport's adapter (package bot/signalcli) makes them.
type Incoming struct {
	Kind IncomingKind
	// Group is the group's id; "" for a direct message.
	Group medbot.GroupID
	// Author is the sender's stable id (Signal uuid); AuthorName the
	// display name, may be empty.
	Author, AuthorName string
	// SentMS is the sender's timestamp: the message's identity with Author
	// (for an edit, the edit's own timestamp).
	SentMS int64
	// ServerMS is when the chat's server received it (0: not known, as
	// for imported messages); a phone's clock is checked against it.
	ServerMS int64
	// TargetMS is the original message's sent timestamp, for Edit and Delete.
	TargetMS int64
	Text     string
	// Options are the options a Vote chose, by their place in the poll
	// (from 0).
	Options []int
	// Quote is the message this one replies to, if any.
	Quote *Quoted
}

// Quoted is the message a reply quotes.
type Quoted struct {
	Author string
	SentMS int64
}

// Reply is what the bot sends: to a group (quoting a message, if Quote is
// set) or to one person (Recipient).
type Reply struct {
	Group       medbot.GroupID
	Recipient   string
	Text        string
	Quote       *medbot.MessageKey
	Attachments []Attachment
}

// Attachment is a file sent with a Reply.
type Attachment struct {
	ContentType string // "image/png", "application/pdf"
	Filename    string
	Data        []byte
}

// Transport sends to the chat. bot/signalcli adapts signal-cli's client to
// it; the demo has an in-process one.
type Transport interface {
	// Send sends r and returns its sent timestamp (its identity in the
	// chat, which replies to it quote).
	Send(ctx context.Context, r Reply) (int64, error)
	React(ctx context.Context, group medbot.GroupID, target medbot.MessageKey, emoji string, remove bool) error
	Typing(ctx context.Context, group medbot.GroupID, stop bool) error
}

// Poller is a Transport that can send a poll (Signal's polls, signal-cli
// 0.13.23 and later): the bot asks "Who is this for?" as one, and takes a
// vote as the answer. It returns the poll's sent timestamp, which votes
// name.
type Poller interface {
	SendPoll(ctx context.Context, group medbot.GroupID, question string, options []string) (int64, error)
}

// Retryable is implemented by a Transport's errors that know whether
// trying again can help: ok false means never (a refused request); d is
// how long to wait first (a rate limit), 0 when the bot's own backoff
// decides. An error that does not implement it is retried.
type Retryable interface {
	RetryAfter() (d time.Duration, ok bool)
}
