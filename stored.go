package medbot

import (
	"errors"
	"slices"
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

// ImportedAuthor starts the author of every message `medbot import` wrote
// ("import:Mum"): they were never in a chat, so nothing can react to or
// quote them. No chat's author id starts so.
const ImportedAuthor = "import:"

// Filter selects observations.
type Filter struct {
	Child string // canonical name; "" any child (and unknown)
	Kinds []Kind // any of these kinds
	Name  string // medication or event name
	From  time.Time
	To    time.Time // at >= From, at < To
	// UnknownChild selects only records whose child could not be told.
	UnknownChild bool
	// IncludeRetracted returns withdrawn records too; IncludePending
	// records waiting for a parent's yes.
	IncludeRetracted bool
	IncludePending   bool
	// MessageText fills in each observation's MessageText.
	MessageText bool
	// Latest, when above 0, keeps only the latest Latest records that
	// match (still returned oldest first): "the reading before this one".
	Latest int
}

// KeepLatest applies f.Latest to obs (in time order).
func (f Filter) KeepLatest(obs []Observation) []Observation {
	if f.Latest > 0 && len(obs) > f.Latest {
		return obs[len(obs)-f.Latest:]
	}
	return obs
}

// Matches reports whether f selects o, as the store's query does: for
// records not stored yet (the bot's held messages).
func (f Filter) Matches(o Observation) bool {
	switch {
	case o.Retracted && !f.IncludeRetracted,
		o.Pending && !f.IncludePending,
		f.Child != "" && o.Child != f.Child,
		f.UnknownChild && o.Child != "",
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, o.Kind),
		f.Name != "" && o.Name != f.Name,
		!f.From.IsZero() && o.At.Before(f.From),
		!f.To.IsZero() && !o.At.Before(f.To):
		return false
	}
	return true
}

// Question is a question medbot asked the family about a stored message:
// whom a record is for, or whether a reading or dose is right. It stays
// open until answered or withdrawn.
type Question struct {
	ID        int64
	Group     GroupID
	MessageID int64
	Kind      string // QuestionWho or QuestionConfirm
	// About says what it is about, for status: "vomit at 02:10".
	About   string
	AskedAt time.Time
	// SentMS is the question's own timestamp, which an answer quotes;
	// ResentMS the same question's when asked again (0: not yet).
	SentMS, ResentMS int64
}

// The kinds of Question.
const (
	QuestionWho     = "who"
	QuestionConfirm = "confirm"
)

// Conditions a store reports, for callers that cannot import it: the store
// wraps its own errors around these.
var (
	ErrNotFound = errors.New("no such message")
	ErrDiskFull = errors.New("disk full")
)
