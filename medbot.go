// Package medbot holds the value types shared by medbot's packages: what a
// parent wrote (Message) and what medbot read out of it (Observation).
//
// It does no I/O and declares no interfaces. The parser (package parse)
// turns a Message's text into Observations, the store (package store) keeps
// both, the renderers (packages charts and timeline) draw Observations, and
// package bot ties them to Signal.
package medbot

import (
	"fmt"
	"time"
)

// Kind is the kind of an Observation.
type Kind string

// The kinds of observation medbot records.
const (
	Temperature Kind = "temperature"      // Value in °C, one decimal
	SpO2        Kind = "spo2"             // Value in %
	HeartRate   Kind = "heart_rate"       // Value in beats per minute
	RespRate    Kind = "respiratory_rate" // Value in breaths per minute
	Weight      Kind = "weight"           // Value in kg, one decimal
	Medication  Kind = "medication"       // Name, Dose, Unit
	Event       Kind = "event"            // Name, Text
	Note        Kind = "note"             // Text
)

// Observation is one fact read out of a message: a temperature, a dose, an
// event. Fields that do not apply to its Kind are zero.
type Observation struct {
	Kind Kind
	// Child is the child's canonical name, or "" when it cannot be told.
	Child string
	// At is when it happened, in the family's zone.
	At time.Time
	// Value is the reading, in its kind's unit (Kinds): °C, %, bpm, /min, kg.
	Value float64
	// Name is the canonical medication or event name.
	Name string
	// Dose is the amount given; HasDose is false when the message gave none.
	Dose    float64
	HasDose bool
	// Unit is the dose's unit (ml, mg, puffs, tablets, drops, sachets), or "".
	Unit string
	// Text is the free text of an event or note.
	Text string
	// Sender is the display name of who wrote the message; filled in by the
	// store when reading, empty from the parser.
	Sender string
	// MessageID is the store's id of the message it came from (0 before it
	// is stored); MessageText that message's text, filled in by the store
	// when asked for.
	MessageID   int64
	MessageText string
	// Retracted is set, by the store, on records withdrawn (deleted for
	// everyone, or undone); queries return them only when asked to.
	Retracted bool
	// Pending is set on a record waiting for a parent's yes (a reading read
	// with its decimal point moved, a dose far from the usual): kept, but
	// counted nowhere until confirmed.
	Pending bool
}

// Describe returns a short human description without the child's name or
// time, e.g. "38.4 °C", "paracetamol 5 ml", "SpO2 94 %", "sleep".
func (o Observation) Describe() string {
	switch o.Kind {
	case Temperature:
		return o.Kind.Info().Value(o.Value)
	case Medication:
		if o.HasDose {
			if o.Unit != "" {
				return o.Name + " " + Amount(o.Dose, o.Unit)
			}
			return fmt.Sprintf("%s %s", o.Name, FormatNumber(o.Dose))
		}
		return o.Name
	case Event:
		return o.Name
	case Note:
		return "note"
	}
	i := o.Kind.Info()
	return i.Name + " " + i.Value(o.Value)
}

// Amount writes a dose with its unit agreeing: "5 ml", "1 sachet", "2
// puffs", "0.5 tablets".
func Amount(dose float64, unit string) string { return Units{}.Amount(dose, unit) }

// FormatNumber writes f without trailing zeros: 5, 7.5, 0.25.
func FormatNumber(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// GroupID is a Signal group's id, as signal-cli writes it (standard base64).
type GroupID string

// MessageKey identifies a message: Signal names a message by its author and
// the author's sent timestamp, within a conversation.
type MessageKey struct {
	Group  GroupID
	Author string // the author's Signal uuid (or number when no uuid is known)
	SentMS int64  // the author's sent timestamp, ms since the epoch
}

// Message is one message seen in a family group.
type Message struct {
	Key        MessageKey
	AuthorName string // display name, may be empty
	Text       string
	// ReceivedAt is when medbot received it.
	ReceivedAt time.Time
	// Quote is the key of the message this one replies to, if any.
	Quote *MessageKey
	// ReadAt, when set, is the time its words are read at instead of its
	// sent time: Signal's receipt when the phone's clock was far off, or
	// an edit's own time when the message edited was never seen.
	ReadAt time.Time
}

// Clock is the time a message's words are read at: "2h ago" counts back
// from it, and a reading with no time of its own is dated at it.
func (m Message) Clock() time.Time {
	if !m.ReadAt.IsZero() {
		return m.ReadAt
	}
	return m.Key.Sent()
}

// Sent returns the message's sent time.
func (k MessageKey) Sent() time.Time { return time.UnixMilli(k.SentMS) }
