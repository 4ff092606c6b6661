// Package bot is medbot in the family group: it stores every message,
// reads observations out of it, confirms them with a reaction, follows
// edits and deletes, asks when it cannot tell which child, and answers
// commands (graphs, status, report, undo, help).
//
// It speaks medbot's own types: it reads Incoming messages, sends Replies
// through a Transport (signal-cli through bot/signalcli, or the demo's
// in-process group) and keeps them in a Store (SQLite); package cmd/medbot
// wires real ones in.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// Reactions medbot puts on messages.
const (
	EmojiTemperature = "🌡️"
	EmojiMedication  = "💊"
	EmojiVitals      = "🫀"
	EmojiEvent       = "📝"
	EmojiSeveral     = "💾"
	EmojiWho         = "❓"
	EmojiFailed      = "⚠️"
	// EmojiSeeAbove is put on a command repeated within half a minute:
	// its answer is the one above.
	EmojiSeeAbove = "👆"
)

// undoWindow is how far back "undo" reaches for the sender's last record.
const undoWindow = 15 * time.Minute

// Bot serves the family groups. Set the fields, then call Run.
type Bot struct {
	// Family is who the bot serves: children, medicines and their limits,
	// events, zone, quiet hours. Units are how it writes temperatures and
	// times.
	Family    medbot.Family
	Units     medbot.Units
	Parser    *parse.Parser
	Store     Store
	Transport Transport
	// Groups are the family groups' ids; messages from any other group,
	// and direct messages, are neither stored nor answered.
	Groups map[medbot.GroupID]bool
	// Members are the ids of the family groups' current members: a message
	// in a family group from anyone else is neither stored nor answered
	// (signal-cli drops most such, but medbot does not rely on it), and a
	// direct message from a member gets one pointer to the group. nil:
	// not known, every sender in a family group is taken. SetMembers
	// changes them while the bot runs.
	Members map[string]bool
	// Log gets what the operator needs; nil discards. Never health data at
	// Info or above.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RetryMin and RetryMax bound the wait between attempts to store a
	// message or send a reply (default 1 s to 30 s).
	RetryMin, RetryMax time.Duration
	// RenderPatience is how long a chart or report waits for another
	// being made before the family is told it is on its way (default 5 s).
	RenderPatience time.Duration
	// Polls asks "Who is this for?" as a poll when the Transport is a
	// Poller (signal-cli 0.13.23 and later); typed answers work as ever.
	Polls bool

	once    sync.Once
	log     *slog.Logger
	mu      sync.Mutex
	members map[string]bool // the family groups' current members (Members, then SetMembers)
	// recentCmds are the commands answered in the last coalesceWindow, by
	// group and wording; changed is when each group last recorded
	// something (a repeat after it is answered afresh)
	recentCmds map[string]time.Time
	changed    map[medbot.GroupID]time.Time
	pointed    map[string]bool // direct-message senders already pointed to the group
	storeBad   bool            // a store outage is under way (logged and answered once)
	owed       map[int64]bool  // messages whose reaction could not be sent (Signal unreachable)
	arrived    arrivals        // recent sent and server times, to read phone clocks
	gone       atomic.Bool     // the database file was removed or replaced: confirm nothing more
	goneCh     chan struct{}   // closed when gone is set
	render     chan struct{}   // held while a chart or report is made: one at a time
	out        *outage         // messages held while the store cannot be written (outage.go, held.go)
	lastGood   time.Time       // the last time the database file was found in place
	wg         sync.WaitGroup  // background replies (graphs, report)
}

func (b *Bot) init() {
	b.once.Do(func() {
		b.log = b.Log
		if b.log == nil {
			b.log = slog.New(slog.DiscardHandler)
		}
		if b.Now == nil {
			b.Now = time.Now
		}
		if b.RetryMin <= 0 {
			b.RetryMin = time.Second
		}
		if b.RetryMax <= 0 {
			b.RetryMax = 30 * time.Second
		}
		if b.RenderPatience <= 0 {
			b.RenderPatience = 5 * time.Second
		}
		if b.Family.Zone == nil {
			b.Family.Zone = time.UTC
		}
		b.pointed = map[string]bool{}
		b.owed = map[int64]bool{}
		b.members = b.Members
		b.goneCh = make(chan struct{})
		b.render = make(chan struct{}, 1)
		b.out = newOutage()
	})
}

// MaxRecords is the most records one message makes: beyond it the message
// is kept as text, nothing is recorded, and the family is told why. A
// parent's message holds a handful; thousands are a paste or an attack,
// and would cost memory in every chart and report after.
const MaxRecords = 20

// Wait waits for background replies (graphs, report) to be sent.
func (b *Bot) Wait() { b.wg.Wait() }

// Handle handles one message from a family group. A panic is recovered,
// logged with its stack and answered with ⚠️.
func (b *Bot) Handle(ctx context.Context, ev Incoming) {
	b.init()
	b.handle(ctx, ev, nil, nil)
}

// handle handles a message; pre is the message as intake stored it, if it
// did, and rd what intake read from it.
func (b *Bot) handle(ctx context.Context, ev Incoming, pre *medbot.Stored, rd *read) {
	if b.gone.Load() {
		return // stored in a file nobody will open again: no confirmation
	}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handling a message panicked", keyEvent, ev.Kind.String(), keyMessageTS, ev.SentMS, keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			b.react(ctx, keyOf(ev), EmojiFailed, false)
		}
	}()
	switch ev.Kind {
	case Text:
		b.text(ctx, ev, pre, rd)
	case Edit:
		b.edit(ctx, ev)
	case Delete:
		b.remoteDelete(ctx, ev)
	case Vote:
		b.vote(ctx, ev)
	}
}

func keyOf(ev Incoming) medbot.MessageKey {
	return medbot.MessageKey{Group: ev.Group, Author: ev.Author, SentMS: ev.SentMS}
}

func messageOf(ev Incoming, now time.Time) medbot.Message {
	m := medbot.Message{Key: keyOf(ev), AuthorName: ev.AuthorName, Text: ev.Text, ReceivedAt: now}
	if ev.Quote != nil {
		m.Quote = &medbot.MessageKey{Group: ev.Group, Author: ev.Quote.Author, SentMS: ev.Quote.SentMS}
	}
	return m
}
