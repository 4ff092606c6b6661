package signalclitest

import (
	"encoding/json"

	"github.com/medbot/medbot"
)

// Envelope is an incoming envelope as signal-cli writes it: fields that
// can be null are null, empty lists are left out.
type Envelope map[string]any

// Timestamp returns the envelope's timestamp (the message's identity with
// its author).
func (e Envelope) Timestamp() int64 { return e["timestamp"].(int64) }

// Key returns the message key the envelope's sender and timestamp make.
func (e Envelope) Key(group medbot.GroupID) medbot.MessageKey {
	author, _ := e["sourceUuid"].(string)
	return medbot.MessageKey{Group: group, Author: author, SentMS: e.Timestamp()}
}

// Stamp returns a new unique, increasing timestamp (ms).
func (d *Daemon) Stamp() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.nextTS()
}

func (d *Daemon) envelope(from Person, ts int64) Envelope {
	if ts == 0 {
		ts = d.Stamp()
	}
	return Envelope{
		"source":                   nullable(firstNonEmpty(from.Number, from.UUID)),
		"sourceNumber":             nullable(from.Number),
		"sourceUuid":               from.UUID,
		"sourceName":               nullable(from.Name),
		"sourceDevice":             1,
		"timestamp":                ts,
		"serverReceivedTimestamp":  ts + 40,
		"serverDeliveredTimestamp": ts + 90,
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func groupInfo(g medbot.GroupID) map[string]any {
	return map[string]any{"groupId": string(g), "groupName": "Family", "revision": 3, "type": "DELIVER"}
}

func dataMessage(ts int64, group medbot.GroupID, text any) map[string]any {
	dm := map[string]any{"timestamp": ts, "message": text, "expiresInSeconds": 0, "viewOnce": false}
	if group != "" {
		dm["groupInfo"] = groupInfo(group)
	}
	return dm
}

// QuoteOf is the message a reply quotes.
type QuoteOf struct {
	Author Person
	SentMS int64
	Text   string
}

// Text is a text message from a person to a group ("" for a direct message).
func (d *Daemon) Text(group medbot.GroupID, from Person, text string) Envelope {
	e := d.envelope(from, 0)
	e["dataMessage"] = dataMessage(e.Timestamp(), group, text)
	return e
}

// Reply is a text message quoting another.
func (d *Daemon) Reply(group medbot.GroupID, from Person, text string, q QuoteOf) Envelope {
	e := d.Text(group, from, text)
	e["dataMessage"].(map[string]any)["quote"] = map[string]any{
		"id": q.SentMS, "author": nullable(firstNonEmpty(q.Author.Number, q.Author.UUID)), "authorNumber": nullable(q.Author.Number),
		"authorUuid": q.Author.UUID, "text": q.Text,
	}
	return e
}

// Edit is an edit of the message from sent at target; the envelope has the
// edit's own timestamp.
func (d *Daemon) Edit(group medbot.GroupID, from Person, target int64, text string) Envelope {
	e := d.envelope(from, 0)
	e["editMessage"] = map[string]any{"targetSentTimestamp": target, "dataMessage": dataMessage(e.Timestamp(), group, text)}
	return e
}

// Delete is a remote delete ("delete for everyone") of the message at target.
func (d *Daemon) Delete(group medbot.GroupID, from Person, target int64) Envelope {
	e := d.envelope(from, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["remoteDelete"] = map[string]any{"timestamp": target}
	e["dataMessage"] = dm
	return e
}

// Reaction is a person's emoji reaction on a message.
func (d *Daemon) Reaction(group medbot.GroupID, from Person, target Person, targetMS int64, emoji string) Envelope {
	e := d.envelope(from, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["reaction"] = map[string]any{"emoji": emoji, "targetAuthor": nullable(firstNonEmpty(target.Number, target.UUID)), "targetAuthorNumber": nullable(target.Number),
		"targetAuthorUuid": target.UUID, "targetSentTimestamp": targetMS, "isRemove": false}
	e["dataMessage"] = dm
	return e
}

// Typing is a typing indicator.
func (d *Daemon) Typing(group medbot.GroupID, from Person) Envelope {
	e := d.envelope(from, 0)
	tm := map[string]any{"action": "STARTED", "timestamp": e.Timestamp()}
	if group != "" {
		tm["groupId"] = string(group)
	}
	e["typingMessage"] = tm
	return e
}

// Receipt is a delivery or read receipt.
func (d *Daemon) Receipt(from Person, of ...int64) Envelope {
	e := d.envelope(from, 0)
	e["receiptMessage"] = map[string]any{"when": e.Timestamp(), "isDelivery": true, "isRead": false, "isViewed": false, "timestamps": of}
	return e
}

// Story is a story post.
func (d *Daemon) Story(from Person) Envelope {
	e := d.envelope(from, 0)
	e["storyMessage"] = map[string]any{"allowsReplies": true, "textAttachment": map[string]any{"text": "38.4"}}
	return e
}

// GroupUpdate is a group change (member added, name changed).
func (d *Daemon) GroupUpdate(group medbot.GroupID, from Person) Envelope {
	e := d.envelope(from, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["groupInfo"].(map[string]any)["type"] = "UPDATE"
	e["dataMessage"] = dm
	return e
}

// SyncText is a message the bot's own account sent from another device
// (a parent's phone medbot is linked to).
func (d *Daemon) SyncText(group medbot.GroupID, text string) Envelope {
	e := d.envelope(d.o.Account, 0)
	sent := dataMessage(e.Timestamp(), group, text)
	sent["destination"] = nil
	sent["destinationNumber"] = nil
	sent["destinationUuid"] = nil
	e["syncMessage"] = map[string]any{"sentMessage": sent}
	return e
}

// Deliver sends an envelope to connected clients, as signal-cli does on
// receiving it. With no client connected it waits (on-connection, manual,
// or a stopped daemon) or is lost (on-start).
func (d *Daemon) Deliver(e Envelope) {
	d.deliver(map[string]any{"account": d.o.Account.Number, "envelope": e})
}

// DeliverException sends an envelope signal-cli could not decrypt.
func (d *Daemon) DeliverException(from Person) {
	e := d.envelope(from, 0)
	d.deliver(map[string]any{"account": d.o.Account.Number, "envelope": e,
		"exception": map[string]any{"message": "org.signal.libsignal.protocol.InvalidMessageException: invalid PreKey message", "type": "ProtocolInvalidMessageException"}})
}

// DeliverRaw writes a raw line to every connected client, as is.
func (d *Daemon) DeliverRaw(line []byte) {
	d.mu.Lock()
	conns := make([]*dconn, 0, len(d.conns))
	for c := range d.conns {
		conns = append(conns, c)
	}
	d.mu.Unlock()
	for _, c := range conns {
		d.write(c, line)
	}
}

func (d *Daemon) deliver(result map[string]any) {
	b, _ := json.Marshal(result)
	d.mu.Lock()
	var targets []*dconn
	for c := range d.conns {
		if d.o.Mode != Manual || c.subscribed {
			targets = append(targets, c)
		}
	}
	if len(targets) == 0 {
		if d.o.Mode == OnStart && d.running {
			d.lost++
		} else {
			d.queue = append(d.queue, b)
		}
		d.mu.Unlock()
		return
	}
	d.mu.Unlock()
	ok := false
	for _, c := range targets {
		if d.write(c, d.wrap(c, b)) {
			ok = true
		}
	}
	if !ok && d.o.Mode != OnStart {
		d.mu.Lock()
		d.queue = append(d.queue, b)
		d.mu.Unlock()
	}
}

// wrap builds the notification line for a connection: plain, or wrapped
// in a subscription result in manual mode.
func (d *Daemon) wrap(c *dconn, result []byte) []byte {
	var params any = json.RawMessage(result)
	if d.o.Mode == Manual {
		params = map[string]any{"subscription": c.subID, "result": json.RawMessage(result)}
	}
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "receive", "params": params})
	return b
}

// Waiting returns how many envelopes wait for a client.
func (d *Daemon) Waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.queue)
}

// PhoneClock gives the envelope the sent time a phone with a wrong clock
// would stamp (sentMS; 0 as a broken client sends), keeping the server's
// receipt: the message's identity changes with it.
func (e Envelope) PhoneClock(sentMS int64) Envelope {
	e["timestamp"] = sentMS
	for _, k := range []string{"dataMessage", "editMessage"} {
		if m, ok := e[k].(map[string]any); ok {
			if k == "editMessage" {
				m = m["dataMessage"].(map[string]any)
			}
			m["timestamp"] = sentMS
		}
	}
	return e
}

// ServerMS returns the server's receipt time of the envelope.
func (e Envelope) ServerMS() int64 { return e["serverReceivedTimestamp"].(int64) }

// AdminDelete is a group admin deleting another member's message at
// target (signal-cli 0.14: dataMessage.adminDelete).
func (d *Daemon) AdminDelete(group medbot.GroupID, admin, author Person, target int64) Envelope {
	if !d.atLeast("0.14.0") {
		d.t.Fatalf("signalclitest: signal-cli %s has no adminDelete", d.o.Version)
	}
	e := d.envelope(admin, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["adminDelete"] = map[string]any{"targetAuthor": nullable(firstNonEmpty(author.Number, author.UUID)), "targetAuthorNumber": nullable(author.Number),
		"targetAuthorUuid": author.UUID, "targetSentTimestamp": target}
	e["dataMessage"] = dm
	return e
}

// ExpirationUpdate is a member changing the group's disappearing-messages
// timer: a data message with no text and isExpirationUpdate set (signal-cli
// 0.14 leaves the field out when false).
func (d *Daemon) ExpirationUpdate(group medbot.GroupID, from Person, seconds int) Envelope {
	e := d.envelope(from, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["expiresInSeconds"] = seconds
	dm["isExpirationUpdate"] = true
	e["dataMessage"] = dm
	return e
}

// PollVote is a person's vote on the poll sent at target by pollAuthor
// (signal-cli 0.13.23 and later: dataMessage.pollVote); options are the
// indexes chosen.
func (d *Daemon) PollVote(group medbot.GroupID, from, pollAuthor Person, target int64, options ...int) Envelope {
	if !d.atLeast("0.13.23") {
		d.t.Fatalf("signalclitest: signal-cli %s has no polls", d.o.Version)
	}
	e := d.envelope(from, 0)
	dm := dataMessage(e.Timestamp(), group, nil)
	dm["pollVote"] = map[string]any{"author": nullable(firstNonEmpty(pollAuthor.Number, pollAuthor.UUID)), "authorNumber": nullable(pollAuthor.Number),
		"authorUuid": pollAuthor.UUID, "targetSentTimestamp": target, "optionIndexes": options, "voteCount": 1}
	e["dataMessage"] = dm
	return e
}

// longBody is where a phone cuts a long message's body: the rest travels
// as a text attachment.
const longBody = 2000

// LongText is a text longer than Signal's body: signal-cli 0.14 reads the
// whole text from its attachment; older ones give the cut body (and the
// attachment, which medbot does not read).
func (d *Daemon) LongText(group medbot.GroupID, from Person, text string) Envelope {
	e := d.Text(group, from, text)
	if len(text) > longBody && !d.atLeast("0.14.0") {
		dm := e["dataMessage"].(map[string]any)
		dm["message"] = text[:longBody]
		dm["attachments"] = []any{map[string]any{"contentType": "text/x-signal-plain", "filename": nil, "id": "long.txt", "size": len(text)}}
	}
	return e
}

// DeliverAuthFailure sends what a receive notification carries when
// Signal refused the account's credentials while receiving.
func (d *Daemon) DeliverAuthFailure() {
	d.deliver(map[string]any{"account": d.o.Account.Number,
		"exception": map[string]any{"message": "[401] Authorization failed!", "type": "AuthorizationFailedException"}})
}
