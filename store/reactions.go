package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SetReaction records the reaction medbot has on message id.
// It is bookkeeping medbot can redo, so it does not wait for the disk.
func (s *Store) SetReaction(ctx context.Context, id int64, emoji string) error {
	_, err := s.fast.ExecContext(ctx, `UPDATE messages SET reaction = ? WHERE id = ?`, emoji, id)
	return classify(err)
}

// Reply records that medbot's reply sent at sentMS is about message id.
func (s *Store) Reply(ctx context.Context, sentMS, id int64, kind string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO replies (sent_ms, message_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, sentMS, id, kind)
	return classify(err)
}

// ReplyTo returns the message id and kind of medbot's reply sent at sentMS.
func (s *Store) ReplyTo(ctx context.Context, sentMS int64) (int64, string, error) {
	var id int64
	var kind string
	err := s.db.QueryRowContext(ctx, `SELECT message_id, kind FROM replies WHERE sent_ms = ?`, sentMS).Scan(&id, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", ErrNotFound
	}
	return id, kind, classify(err)
}

// MarkNotice records a notice (a reminder) under key, and reports whether
// it was new: a notice is posted at most once.
func (s *Store) MarkNotice(ctx context.Context, key string, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO notices (key, sent_ms) VALUES (?, ?) ON CONFLICT DO NOTHING`, key, at.UnixMilli())
	if err != nil {
		return false, classify(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ForgetNotice forgets key, for a notice that could not be posted: it is
// posted when next due.
func (s *Store) ForgetNotice(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM notices WHERE key = ?`, key)
	return classify(err)
}
