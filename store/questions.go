package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/medbot/medbot"
)

const questionCols = `id, group_id, message_id, kind, about, asked_ms, sent_ms, COALESCE(resent_ms, 0)`

func scanQuestion(row interface{ Scan(...any) error }) (medbot.Question, error) {
	var q medbot.Question
	var asked int64
	err := row.Scan(&q.ID, &q.Group, &q.MessageID, &q.Kind, &q.About, &asked, &q.SentMS, &q.ResentMS)
	q.AskedAt = time.UnixMilli(asked)
	return q, err
}

// AddQuestion records a question asked (q.ID is ignored) and returns its id.
func (s *Store) AddQuestion(ctx context.Context, q medbot.Question) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO questions (group_id, message_id, kind, about, asked_ms, sent_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		string(q.Group), q.MessageID, q.Kind, q.About, q.AskedAt.UnixMilli(), q.SentMS)
	if err != nil {
		return 0, classify(err)
	}
	id, err := res.LastInsertId()
	return id, classify(err)
}

// OpenQuestions returns a group's open questions, oldest first. A question
// about a withdrawn message is not open, whenever it was withdrawn.
func (s *Store) OpenQuestions(ctx context.Context, group medbot.GroupID) ([]medbot.Question, error) {
	return queryAll(ctx, s.db, scanQuestion, `SELECT `+questionCols+` FROM questions
		WHERE group_id = ? AND closed_ms IS NULL
		AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = questions.message_id AND m.retracted_ms IS NOT NULL)
		ORDER BY asked_ms, id`, string(group))
}

// QuestionSent returns the open question whose message (first or asked
// again) has the timestamp sentMS, or one about the message id; ErrNotFound
// when there is none.
func (s *Store) QuestionSent(ctx context.Context, sentMS, messageID int64) (medbot.Question, error) {
	q, err := scanQuestion(s.db.QueryRowContext(ctx, `SELECT `+questionCols+` FROM questions
		WHERE closed_ms IS NULL AND (sent_ms = ? OR resent_ms = ? OR message_id = ?)
		AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = questions.message_id AND m.retracted_ms IS NOT NULL)
		ORDER BY asked_ms LIMIT 1`, sentMS, sentMS, messageID))
	if errors.Is(err, sql.ErrNoRows) {
		return q, ErrNotFound
	}
	return q, classify(err)
}

// CloseQuestions closes the open questions about message id (answered or
// withdrawn).
func (s *Store) CloseQuestions(ctx context.Context, messageID int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE questions SET closed_ms = ? WHERE message_id = ? AND closed_ms IS NULL`, at.UnixMilli(), messageID)
	return classify(err)
}

// Resent records that question id was asked again, in the message sentMS.
func (s *Store) Resent(ctx context.Context, id, sentMS int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE questions SET resent_ms = ? WHERE id = ?`, sentMS, id)
	return classify(err)
}

// Confirm makes the pending records of message id count: a parent said
// yes. With children, those of them whose child was unknown become those
// children's, as the answer to "who is this for?" does.
func (s *Store) Confirm(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE observations SET pending = 0 WHERE message_id = ? AND pending = 1`, id)
	return classify(err)
}
