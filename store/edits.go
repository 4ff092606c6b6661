package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/medbot/medbot"
)

// EditMessage records an edit (its own sent timestamp editMS and new text)
// of the message key and replaces its observations, in one transaction.
// An edit already recorded, or older than the latest, changes nothing
// (applied false). An edit of a message never seen stores it.
func (s *Store) EditMessage(ctx context.Context, key medbot.MessageKey, editMS int64, m medbot.Message, obs []medbot.Observation) (st medbot.Stored, applied bool, err error) {
	err = s.write(ctx, func(w *writer) error {
		tx := w.tx
		m.Key = key
		id, created, err := w.message(ctx, m, s.Now())
		if err != nil {
			return err
		}
		cur, err := getMessage(ctx, tx, key)
		if err != nil {
			return err
		}
		recv := s.Now().UnixMilli()
		res, err := tx.ExecContext(ctx, `INSERT INTO message_edits (message_id, edit_sent_ms, text, received_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, editMS, m.Text, recv)
		if err != nil {
			return classify(err)
		}
		n, _ := res.RowsAffected()
		applied = created || (n == 1 && editMS > cur.EditedMS && !cur.Retracted)
		if applied {
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET text = ?, edited_ms = ? WHERE id = ?`, m.Text, editMS, id); err != nil {
				return classify(err)
			}
			if err := w.replace(ctx, id, obs); err != nil {
				return err
			}
		}
		st, err = getMessage(ctx, tx, key)
		if err != nil {
			return err
		}
		st.Observations, err = s.messageObservations(ctx, tx, id)
		return err
	})
	return st, applied, err
}

// Redate reads message id at another time: its read time becomes at
// (its sent time: read_ms NULL) and its observations obs, in one
// transaction.
func (s *Store) Redate(ctx context.Context, id int64, at time.Time, obs []medbot.Observation) error {
	return s.write(ctx, func(w *writer) error {
		if _, err := w.tx.ExecContext(ctx, `UPDATE messages SET read_ms = CASE WHEN sent_ms = ? THEN NULL ELSE ? END WHERE id = ?`, at.UnixMilli(), at.UnixMilli(), id); err != nil {
			return classify(err)
		}
		return w.replace(ctx, id, obs)
	})
}

// ReplaceObservations replaces a message's observations in one transaction
// (a completed "who is this for?", a reparse).
func (s *Store) ReplaceObservations(ctx context.Context, id int64, obs []medbot.Observation) error {
	return s.write(ctx, func(w *writer) error { return w.replace(ctx, id, obs) })
}

// Retract marks the message key and its observations retracted (deleted
// for everyone, or undone). It returns the message as it was; retracting
// twice changes nothing. ErrNotFound when the message was never stored.
func (s *Store) Retract(ctx context.Context, key medbot.MessageKey, reason string) (medbot.Stored, error) {
	var st medbot.Stored
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = getMessage(ctx, tx, key)
		if err != nil {
			return err
		}
		st.Observations, err = s.messageObservations(ctx, tx, st.ID)
		if err != nil || st.Retracted {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET retracted_ms = ?, retract_reason = ? WHERE id = ?`, s.Now().UnixMilli(), reason, st.ID); err != nil {
			return classify(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE observations SET retracted = 1 WHERE message_id = ?`, st.ID); err != nil {
			return classify(err)
		}
		// its questions go with it: nobody can answer them any more
		_, err = tx.ExecContext(ctx, `UPDATE questions SET closed_ms = ? WHERE message_id = ? AND closed_ms IS NULL`, s.Now().UnixMilli(), st.ID)
		return classify(err)
	})
	return st, err
}
