package bot

import (
	"context"
	"time"

	"github.com/medbot/medbot"
)

// Messages keeps what the family wrote and what was read out of it.
// Errors wrap medbot.ErrNotFound for a message never stored and
// medbot.ErrDiskFull when the disk is full.
type Messages interface {
	// SaveMessages stores messages with their Observations in one
	// transaction and returns each one's stored state (New when stored by
	// this call).
	SaveMessages(ctx context.Context, batch []medbot.Stored) ([]medbot.Stored, error)
	EditMessage(ctx context.Context, key medbot.MessageKey, editMS int64, m medbot.Message, obs []medbot.Observation) (medbot.Stored, bool, error)
	Retract(ctx context.Context, key medbot.MessageKey, reason string) (medbot.Stored, error)
	ReplaceObservations(ctx context.Context, id int64, obs []medbot.Observation) error
	// Redate reads message id at another time: read time at, records obs.
	Redate(ctx context.Context, id int64, at time.Time, obs []medbot.Observation) error
	Message(ctx context.Context, key medbot.MessageKey) (medbot.Stored, error)
	MessageByID(ctx context.Context, id int64) (medbot.Stored, error)
	LastMessages(ctx context.Context, group medbot.GroupID, author string, n int) ([]medbot.Stored, error)
	// Unconfirmed returns messages stored since since that no reaction
	// confirmed yet (stored before a restart).
	Unconfirmed(ctx context.Context, since time.Time) ([]medbot.Stored, error)
	// Confirm makes the pending records of message id count.
	Confirm(ctx context.Context, id int64) error
}

// Questions keeps the questions the bot asked, open until answered.
type Questions interface {
	AddQuestion(ctx context.Context, q medbot.Question) (int64, error)
	OpenQuestions(ctx context.Context, group medbot.GroupID) ([]medbot.Question, error)
	// QuestionSent returns the open question sent (or sent again) as
	// sentMS, or one about message id; medbot.ErrNotFound when none.
	QuestionSent(ctx context.Context, sentMS, messageID int64) (medbot.Question, error)
	CloseQuestions(ctx context.Context, messageID int64, at time.Time) error
	Resent(ctx context.Context, id, sentMS int64) error
}

// Bookkeeping remembers what the bot said: reactions, replies and notices.
type Bookkeeping interface {
	SetReaction(ctx context.Context, id int64, emoji string) error
	// Reply records that the bot's message sentMS was a kind of reply
	// ("question", "warning") about message id; ReplyTo looks it up.
	Reply(ctx context.Context, sentMS, id int64, kind string) error
	ReplyTo(ctx context.Context, sentMS int64) (int64, string, error)
	// MarkNotice records key once; false when it was recorded before.
	MarkNotice(ctx context.Context, key string, at time.Time) (bool, error)
	// ForgetNotice undoes MarkNotice for a notice that could not be posted.
	ForgetNotice(ctx context.Context, key string) error
}

// Records answers what was recorded.
type Records interface {
	Observations(ctx context.Context, f medbot.Filter) ([]medbot.Observation, error)
}

// Store is all the bot keeps. store.Store is one.
type Store interface {
	Messages
	Bookkeeping
	Questions
	Records
}
