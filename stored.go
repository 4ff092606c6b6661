package medbot

import (
	"errors"
	"time"
)

// Stored is a message as the store keeps it: the message, what was read
// out of it, and medbot's bookkeeping.
type Stored struct {
	Message
	ID        int64
	Reaction  string // medbot's reaction on it ("" for none)
	Retracted bool
	EditedMS  int64 // sent timestamp of the latest edit, 0 if never edited
	// New is set on what a save returns for a message it stored (false for
	// one stored before, returned in its stored state).
	New          bool
	Observations []Observation
}

// Filter selects observations.
type Filter struct {
	Child string // canonical name; "" any child (and unknown)
	Kinds []Kind // any of these kinds
	Name  string // medication or event name
	From  time.Time
	To    time.Time // at >= From, at < To
	// UnknownChild selects only records whose child could not be told.
	UnknownChild bool
	// IncludeRetracted returns withdrawn records too.
	IncludeRetracted bool
	// MessageText fills in each observation's MessageText.
	MessageText bool
}

// Conditions a store reports, for callers that cannot import it: the store
// wraps its own errors around these.
var (
	ErrNotFound = errors.New("no such message")
	ErrDiskFull = errors.New("disk full")
)
