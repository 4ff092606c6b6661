package bot

import (
	"context"
	"sync"
	"time"

	"github.com/medbot/medbot/parse"
)

// A phone's clock decides nothing on its own. The time a message's words
// are read at ("2h ago", a reading with no time) is its sent time only
// within reason: Signal's server says when it really arrived.
const (
	// clockSlack is how far behind the server's receipt a sent time may
	// be before it needs explaining.
	clockSlack = 15 * time.Minute
	// queuedTogether: messages of one sender that reach the server this
	// close together, but were written minutes apart, were queued on a
	// phone that was offline: their sent times are the true ones.
	queuedTogether = 10 * time.Second
	// aheadLimit: a sent time more than this after the server's receipt
	// (or medbot's, with no server time) is not a clock a little off.
	aheadLimit = 24 * time.Hour
)

// signalEpoch: no Signal message was sent before 2014.
var signalEpoch = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)

// msgClock is what the bot makes of a message's sent time.
type msgClock struct {
	at time.Time // the time its words are read at
	// shifted: at is the server's receipt, not the phone's sent time,
	// which was this far off (positive: the phone behind)
	shifted bool
	off     time.Duration
	// bogus: the sent time cannot be a real one (before 2014, or a day or
	// more ahead); nothing is recorded from the message
	bogus bool
}

// arrivals remembers recent messages' sent and server times per sender,
// to tell a phone's slow clock from messages it queued while offline.
// Noting is O(1); a sender's entries older than a minute (by server time)
// are dropped when they pile up, at most every 10 s.
type arrivals struct {
	mu     sync.Mutex
	byWho  map[string]map[int64]int64 // author → sent → server (ms)
	newest map[string]int64
	pruned map[string]int64 // server time of the last pruning
}

// note records an arrival.
func (a *arrivals) note(author string, sent, server int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byWho == nil {
		a.byWho, a.newest, a.pruned = map[string]map[int64]int64{}, map[string]int64{}, map[string]int64{}
	}
	m := a.byWho[author]
	if m == nil {
		m = map[int64]int64{}
		a.byWho[author] = m
	}
	m[sent] = server
	if server > a.newest[author] {
		a.newest[author] = server
	}
	// at most every 10 s of server time: a burst of thousands within a
	// minute would otherwise scan them all at every message
	if len(m) > 256 && a.newest[author]-a.pruned[author] > 10*time.Second.Milliseconds() {
		a.pruned[author] = a.newest[author]
		for s, sv := range m {
			if a.newest[author]-sv > time.Minute.Milliseconds() {
				delete(m, s)
			}
		}
	}
}

// queued reports whether another message of author reached the server
// within queuedTogether of this one although written over a minute apart.
func (a *arrivals) queued(author string, sent, server int64) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for s, sv := range a.byWho[author] {
		if s != sent && abs(sv-server) <= queuedTogether.Milliseconds() && abs(s-sent) > time.Minute.Milliseconds() {
			return true
		}
	}
	return false
}

func abs(d int64) int64 {
	if d < 0 {
		return -d
	}
	return d
}

// clockOf reads a message's sent time against the server's receipt
// (ServerMS; without one, medbot's own receipt now). batch is the rest of
// what arrived with it, which may explain a late one.
func (b *Bot) clockOf(ev Incoming, batch []Incoming, now time.Time) msgClock {
	sent := time.UnixMilli(ev.SentMS)
	server := now
	if ev.ServerMS > 0 {
		server = time.UnixMilli(ev.ServerMS)
	}
	if sent.Before(signalEpoch) || sent.Sub(server) > aheadLimit {
		return msgClock{at: server, bogus: true, off: server.Sub(sent)}
	}
	if ev.ServerMS <= 0 {
		return msgClock{at: sent} // imported, or a chat without server times
	}
	b.arrived.note(ev.Author, ev.SentMS, ev.ServerMS)
	if len(batch) > 0 && server.Sub(sent) > clockSlack {
		// only a late one needs the rest of its batch
		for _, o := range batch {
			if o.ServerMS > 0 && o.Kind != Delete {
				b.arrived.note(o.Author, o.SentMS, o.ServerMS)
			}
		}
	}
	lag := server.Sub(sent)
	switch {
	case lag < 0:
		// the phone is ahead: nothing is dated after Signal had it, nor
		// after medbot did (a server clock a moment ahead of this
		// machine's would date a dose in the future, where no judgement
		// of "now" counts it yet)
		at := server
		if at.After(now) {
			at = now
		}
		return msgClock{at: at, shifted: -lag >= clockSlack, off: lag}
	case lag > clockSlack && !b.arrived.queued(ev.Author, ev.SentMS, ev.ServerMS):
		return msgClock{at: server, shifted: true, off: lag}
	}
	return msgClock{at: sent}
}

// queuedSettle is how long after receiving a message written long before
// Signal had it the bot waits for others its phone queued with it.
const queuedSettle = 2 * time.Second

// settleClock waits until queuedSettle after received for the rest of a
// phone's queue, then reads ev's clock again.
func (b *Bot) settleClock(ctx context.Context, ev Incoming, received time.Time) msgClock {
	select {
	case <-ctx.Done():
	case <-time.After(time.Until(received.Add(queuedSettle))):
	}
	return b.clockOf(ev, nil, received)
}

// clockLine says, for a message read at the server's time, what its
// records are dated at and what the phone said; "" when none was dated
// at the message's own time.
func (b *Bot) clockLine(c msgClock, dated bool) string {
	if !c.shifted || !dated {
		return ""
	}
	phone := c.at.Add(-c.off)
	return b.say("Recorded at %s, when Signal received it: your phone's clock says %s. If it was at another time, write it again with the time.",
		b.Units.When(c.at, b.Now(), b.Family.Zone), b.Units.When(phone, c.at, b.Family.Zone))
}

// read is everything medbot reads from a message's words, read once (at
// intake, with the message's batch) and carried with it to the group's
// worker: its records, doubts and dose question at its clock's time, and
// whether it is a command or an answer.
type read struct {
	clk     msgClock
	r       parse.Reading
	refused string
	cmd     parse.Command
	isCmd   bool
	names   []string // an answer naming children
	isNames bool
	yes, no bool // an answer to "is this right?"
}

// readMessage reads ev's words at clk's time: the one place a message is
// read.
func (b *Bot) readMessage(ev Incoming, clk msgClock) *read {
	rd := &read{clk: clk}
	rd.r, rd.refused = b.readAt(ev.Text, clk)
	rd.cmd, rd.isCmd = b.Parser.Command(ev.Text)
	rd.names, rd.isNames = b.Parser.Answer(ev.Text)
	rd.yes, rd.no = b.Parser.YesNo(ev.Text)
	return rd
}

// at returns rd re-read at clk's time when the clock decision moved it
// (then only its records change: the words are the same).
func (b *Bot) at(ev Incoming, rd *read, clk msgClock) *read {
	if rd != nil && rd.clk.at.Equal(clk.at) && rd.clk.bogus == clk.bogus {
		return rd
	}
	if rd == nil {
		return b.readMessage(ev, clk)
	}
	again := *rd
	again.clk = clk
	again.r, again.refused = b.readAt(ev.Text, clk)
	return &again
}

// readAt reads a message's words at c's time. When its sent time cannot
// be real, or it makes more than MaxRecords records, it records nothing
// (a question about doses is still answered) and refused is the line that
// tells the family why; "" when nothing was refused.
func (b *Bot) readAt(text string, c msgClock) (r parse.Reading, refused string) {
	r = b.Parser.Read(text, c.at)
	switch n := len(recordsOf(r)); {
	case c.bogus && (n > 0 || len(r.Doubts) > 0):
		sent := c.at.Add(-c.off).In(b.Family.Zone)
		refused = b.say("Not stored: I can't tell when this was sent (the phone's clock says %s). Please check the phone's date and time, then send it again.", b.Units.Day(sent)+" "+sent.Format("2006 15:04"))
	case c.bogus:
	case r.TooMany:
		return parse.Reading{}, b.say("Not stored: this message holds more than %d readings, and I take at most %d from one message. Please send them a few at a time.", parse.MaxFindings, MaxRecords)
	case n > MaxRecords:
		return parse.Reading{}, b.say("Not stored: this message holds %d readings, and I take at most %d from one message. Please send them a few at a time.", n, MaxRecords)
	default:
		return r, ""
	}
	return parse.Reading{Question: r.Question}, refused
}
