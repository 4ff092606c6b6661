package signalcli

import (
	"unicode"
	"unicode/utf8"

	"github.com/medbot/medbot/bot"

	"encoding/json"
	"errors"
	"strings"

	"github.com/medbot/medbot"
)

// Event is an incoming message as medbot needs it.
type Event struct {
	Kind bot.IncomingKind // a message, an edit or a delete
	// Group is the group's id; "" for a direct message.
	Group medbot.GroupID
	// Author is the sender's uuid (or number when signal-cli gave no uuid);
	// AuthorNumber and AuthorName may be empty.
	Author, AuthorNumber, AuthorName string
	// SentMS is the envelope's timestamp: the message's identity with
	// Author (for an edit, the edit's own timestamp).
	SentMS int64
	// TargetMS is the original message's sent timestamp for Edit and Delete.
	TargetMS int64
	Text     string
	// Quote is the message this one replies to, if any.
	Quote *Quote
	// Sync is set for the account's own messages sent from its other
	// devices (medbot linked to a parent's phone).
	Sync bool
	// ServerMS is when Signal's server received it.
	ServerMS int64
	// Options are a Vote's choices, by their place in the poll.
	Options []int
}

// Quote is the message a reply quotes.
type Quote struct {
	Author string // uuid, or number
	SentMS int64
	Text   string
}

// exceptionError is a receive notification's exception: what signal-cli
// could not do with an envelope, or with the account.
type exceptionError struct{ message, kind string }

func (e *exceptionError) Error() string { return e.kind + ": " + e.message }
func (e *exceptionError) Unwrap() error { return errException }

// accountGone reports whether the exception is Signal refusing the
// account's credentials.
func (e *exceptionError) accountGone() bool {
	return e.kind == "AuthorizationFailedException" || strings.Contains(e.message, "Authorization failed")
}

// Drop reasons for envelopes that are not Events.
var (
	errDropped   = errors.New("not a message medbot reads")
	errException = errors.New("envelope with an exception")
)

type jsonGroupInfo struct {
	GroupID string `json:"groupId"`
	Type    string `json:"type"`
}

type jsonQuote struct {
	ID         int64   `json:"id"`
	Author     *string `json:"author"`
	AuthorUUID *string `json:"authorUuid"`
	AuthorNum  *string `json:"authorNumber"`
	Text       *string `json:"text"`
}

type jsonDataMessage struct {
	Timestamp    int64          `json:"timestamp"`
	Message      *string        `json:"message"`
	GroupInfo    *jsonGroupInfo `json:"groupInfo"`
	Quote        *jsonQuote     `json:"quote"`
	RemoteDelete *struct {
		Timestamp int64 `json:"timestamp"`
	} `json:"remoteDelete"`
	// AdminDelete is a group admin deleting someone's message (0.14).
	AdminDelete *struct {
		TargetAuthor       *string `json:"targetAuthor"`
		TargetAuthorNumber *string `json:"targetAuthorNumber"`
		TargetAuthorUUID   *string `json:"targetAuthorUuid"`
		TargetSentMS       int64   `json:"targetSentTimestamp"`
	} `json:"adminDelete"`
	IsExpirationUpdate *bool `json:"isExpirationUpdate"`
	// PollVote is a vote on a poll (0.13.23).
	PollVote *struct {
		TargetSentMS int64 `json:"targetSentTimestamp"`
		Options      []int `json:"optionIndexes"`
	} `json:"pollVote"`
	Reaction     json.RawMessage `json:"reaction"`
	StoryContext json.RawMessage `json:"storyContext"`
}

type jsonEnvelope struct {
	Source       *string          `json:"source"`
	SourceNumber *string          `json:"sourceNumber"`
	SourceUUID   *string          `json:"sourceUuid"`
	SourceName   *string          `json:"sourceName"`
	Timestamp    int64            `json:"timestamp"`
	ServerMS     int64            `json:"serverReceivedTimestamp"`
	DataMessage  *jsonDataMessage `json:"dataMessage"`
	EditMessage  *struct {
		TargetSentTimestamp int64            `json:"targetSentTimestamp"`
		DataMessage         *jsonDataMessage `json:"dataMessage"`
	} `json:"editMessage"`
	SyncMessage *struct {
		SentMessage *struct {
			jsonDataMessage
			Destination *string `json:"destination"`
			EditMessage *struct {
				TargetSentTimestamp int64            `json:"targetSentTimestamp"`
				DataMessage         *jsonDataMessage `json:"dataMessage"`
			} `json:"editMessage"`
		} `json:"sentMessage"`
	} `json:"syncMessage"`
}

type receiveParams struct {
	Account      string          `json:"account"`
	Envelope     json.RawMessage `json:"envelope"`
	Exception    json.RawMessage `json:"exception"`
	Subscription *int            `json:"subscription"`
	Result       *struct {
		Account   string          `json:"account"`
		Envelope  json.RawMessage `json:"envelope"`
		Exception json.RawMessage `json:"exception"`
	} `json:"result"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// decodeReceive turns a "receive" notification's params (either shape)
// into an Event, or an error saying why it was dropped.
func decodeReceive(params json.RawMessage) (Event, error) {
	var p receiveParams
	if err := json.Unmarshal(params, &p); err != nil {
		return Event{}, err
	}
	env, exc := p.Envelope, p.Exception
	if p.Result != nil {
		env, exc = p.Result.Envelope, p.Result.Exception
	}
	if len(exc) > 0 && string(exc) != "null" {
		var je struct{ Message, Type string }
		json.Unmarshal(exc, &je)
		return Event{}, &exceptionError{message: je.Message, kind: je.Type}
	}
	if len(env) == 0 {
		return Event{}, errDropped
	}
	var e jsonEnvelope
	if err := json.Unmarshal(env, &e); err != nil {
		return Event{}, err
	}
	ev := Event{
		Author:       str(e.SourceUUID),
		AuthorNumber: str(e.SourceNumber),
		AuthorName:   cleanName(str(e.SourceName)),
		SentMS:       e.Timestamp,
		ServerMS:     e.ServerMS,
	}
	if ev.Author == "" {
		ev.Author = ev.AuthorNumber
	}
	if ev.Author == "" {
		ev.Author = str(e.Source) // deprecated: the number, else the uuid
	}
	if ev.Author == "" {
		return Event{}, errDropped
	}
	switch {
	case e.EditMessage != nil && e.EditMessage.DataMessage != nil:
		return editEvent(ev, e.EditMessage.TargetSentTimestamp, e.EditMessage.DataMessage)
	case e.DataMessage != nil:
		return dataEvent(ev, e.DataMessage)
	case e.SyncMessage != nil && e.SyncMessage.SentMessage != nil:
		sm := e.SyncMessage.SentMessage
		ev.Sync = true
		if sm.EditMessage != nil && sm.EditMessage.DataMessage != nil {
			return editEvent(ev, sm.EditMessage.TargetSentTimestamp, sm.EditMessage.DataMessage)
		}
		if sm.Timestamp != 0 {
			ev.SentMS = sm.Timestamp
		}
		return dataEvent(ev, &sm.jsonDataMessage)
	}
	return Event{}, errDropped // typing, receipts, calls, stories, other sync messages
}

func editEvent(ev Event, target int64, dm *jsonDataMessage) (Event, error) {
	ev, err := dataEvent(ev, dm)
	if err != nil || ev.Kind != bot.Text {
		return Event{}, errDropped
	}
	ev.Kind = bot.Edit
	ev.TargetMS = target
	return ev, nil
}

func dataEvent(ev Event, dm *jsonDataMessage) (Event, error) {
	if dm.GroupInfo != nil {
		if dm.GroupInfo.Type == "UPDATE" {
			return Event{}, errDropped
		}
		ev.Group = medbot.GroupID(dm.GroupInfo.GroupID)
	}
	if dm.RemoteDelete != nil {
		ev.Kind = bot.Delete
		ev.TargetMS = dm.RemoteDelete.Timestamp
		return ev, nil
	}
	if ad := dm.AdminDelete; ad != nil {
		// withdrawn like a delete for everyone: the target is the
		// author's message, whoever of the admins deleted it
		ev.Kind = bot.Delete
		ev.TargetMS = ad.TargetSentMS
		ev.Author = firstOf(str(ad.TargetAuthorUUID), str(ad.TargetAuthorNumber), str(ad.TargetAuthor))
		ev.AuthorNumber, ev.AuthorName = str(ad.TargetAuthorNumber), ""
		if ev.Author == "" {
			return Event{}, errDropped
		}
		return ev, nil
	}
	if pv := dm.PollVote; pv != nil {
		ev.Kind = bot.Vote
		ev.TargetMS = pv.TargetSentMS
		ev.Options = pv.Options
		return ev, nil
	}
	if dm.IsExpirationUpdate != nil && *dm.IsExpirationUpdate {
		return Event{}, errDropped // the disappearing-messages timer changed
	}
	if len(dm.Reaction) > 0 && string(dm.Reaction) != "null" {
		return Event{}, errDropped
	}
	if len(dm.StoryContext) > 0 && string(dm.StoryContext) != "null" {
		return Event{}, errDropped // a reply to a story
	}
	if dm.Message == nil || *dm.Message == "" {
		return Event{}, errDropped // stickers, attachments without text
	}
	ev.Kind = bot.Text
	ev.Text = *dm.Message
	if q := dm.Quote; q != nil && q.ID != 0 {
		author := str(q.AuthorUUID)
		if author == "" {
			author = str(q.AuthorNum)
		}
		if author == "" {
			author = str(q.Author)
		}
		ev.Quote = &Quote{Author: author, SentMS: q.ID, Text: str(q.Text)}
	}
	return ev, nil
}

// firstOf returns the first of ss that is not empty.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// maxNameRunes bounds a sender's display name as medbot keeps it; Signal's
// own limit is well under it.
const maxNameRunes = 64

// cleanName is a Signal profile name as medbot shows it: invisible format
// characters dropped (a right-to-left override in a name would turn the
// rest of a reply line around; a zero-width joiner, which emoji sequences
// need, is kept), surrounding space trimmed, at most maxNameRunes.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r != '\u200d' && unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxNameRunes {
		s = string([]rune(s)[:maxNameRunes-1]) + "…"
	}
	return s
}
