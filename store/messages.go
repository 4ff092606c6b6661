package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/medbot/medbot"
)

const messageCols = `id, group_id, author, sent_ms, author_name, text, received_ms, quote_author, quote_sent_ms, COALESCE(edited_ms, 0), retracted_ms IS NOT NULL, reaction, read_ms`

func scanMessage(row interface{ Scan(...any) error }) (medbot.Stored, error) {
	var m medbot.Stored
	var qa sql.NullString
	var qs sql.NullInt64
	var recv int64
	var read sql.NullInt64
	err := row.Scan(&m.ID, &m.Key.Group, &m.Key.Author, &m.Key.SentMS, &m.AuthorName, &m.Text, &recv, &qa, &qs, &m.EditedMS, &m.Retracted, &m.Reaction, &read)
	if err != nil {
		return m, err
	}
	m.ReceivedAt = time.UnixMilli(recv)
	if read.Valid {
		m.ReadAt = time.UnixMilli(read.Int64)
	}
	if qa.Valid && qs.Valid {
		m.Quote = &medbot.MessageKey{Group: m.Key.Group, Author: qa.String, SentMS: qs.Int64}
	}
	return m, nil
}

func getMessage(ctx context.Context, q querier, key medbot.MessageKey) (medbot.Stored, error) {
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+messageCols+` FROM messages WHERE group_id = ? AND author = ? AND sent_ms = ?`, string(key.Group), key.Author, key.SentMS))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, classify(err)
}

// Message returns the stored message with key, or ErrNotFound.
func (s *Store) Message(ctx context.Context, key medbot.MessageKey) (medbot.Stored, error) {
	m, err := getMessage(ctx, s.db, key)
	if err != nil {
		return m, err
	}
	m.Observations, err = s.messageObservations(ctx, s.db, m.ID)
	return m, err
}

// MessageByID returns the stored message with id, or ErrNotFound.
func (s *Store) MessageByID(ctx context.Context, id int64) (medbot.Stored, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageCols+` FROM messages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, classify(err)
	}
	m.Observations, err = s.messageObservations(ctx, s.db, m.ID)
	return m, err
}

// The inserts of a message and of an observation, prepared by the writer.
const (
	insertMessageSQL = `INSERT INTO messages (group_id, author, sent_ms, author_name, text, original_text, received_ms, quote_author, quote_sent_ms, read_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, author, sent_ms) DO NOTHING`
	insertObservationSQL = `INSERT INTO observations (message_id, seq, kind, child, at_ms, value, name, dose, unit, text, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// messageArgs are insertMessageSQL's arguments; a message with no receipt
// time was received now.
func messageArgs(m medbot.Message, now time.Time) []any {
	var qa, qs any
	if m.Quote != nil {
		qa, qs = m.Quote.Author, m.Quote.SentMS
	}
	recv := m.ReceivedAt
	if recv.IsZero() {
		recv = now
	}
	var read any
	if !m.ReadAt.IsZero() && m.ReadAt.UnixMilli() != m.Key.SentMS {
		read = m.ReadAt.UnixMilli()
	}
	return []any{string(m.Key.Group), m.Key.Author, m.Key.SentMS, m.AuthorName, m.Text, m.Text, recv.UnixMilli(), qa, qs, read}
}

// observationArgs are insertObservationSQL's arguments for the seq-th
// observation of message id.
func observationArgs(id int64, seq int, o medbot.Observation) []any {
	var value, dose any
	if o.Kind.Info().Class == medbot.ReadingClass {
		value = o.Value
	}
	if o.HasDose {
		dose = o.Dose
	}
	return []any{id, seq, string(o.Kind), nullable(o.Child), o.At.UnixMilli(), value, nullable(o.Name), dose, nullable(o.Unit), nullable(o.Text), o.Pending}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writer inserts messages and observations within one transaction, with
// its statements prepared once: every write of the store goes through it.
type writer struct {
	tx       *sql.Tx
	msg, obs *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{tx: tx}
	var err error
	if w.msg, err = tx.PrepareContext(ctx, insertMessageSQL); err != nil {
		return nil, classify(err)
	}
	if w.obs, err = tx.PrepareContext(ctx, insertObservationSQL); err != nil {
		w.msg.Close()
		return nil, classify(err)
	}
	return w, nil
}

func (w *writer) close() {
	w.msg.Close()
	w.obs.Close()
}

// message inserts m unless it is stored already; it returns the message's
// id and whether this call stored it.
func (w *writer) message(ctx context.Context, m medbot.Message, now time.Time) (int64, bool, error) {
	res, err := w.msg.ExecContext(ctx, messageArgs(m, now)...)
	if err != nil {
		return 0, false, classify(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var id int64
		err := w.tx.QueryRowContext(ctx, `SELECT id FROM messages WHERE group_id = ? AND author = ? AND sent_ms = ?`, string(m.Key.Group), m.Key.Author, m.Key.SentMS).Scan(&id)
		return id, false, classify(err)
	}
	id, err := res.LastInsertId()
	return id, true, classify(err)
}

// replace puts obs in place of the observations of message id.
func (w *writer) replace(ctx context.Context, id int64, obs []medbot.Observation) error {
	if _, err := w.tx.ExecContext(ctx, `DELETE FROM observations WHERE message_id = ?`, id); err != nil {
		return classify(err)
	}
	return w.observations(ctx, id, obs)
}

// observations inserts the observations of message id, in order.
func (w *writer) observations(ctx context.Context, id int64, obs []medbot.Observation) error {
	for i, o := range obs {
		if _, err := w.obs.ExecContext(ctx, observationArgs(id, i, o)...); err != nil {
			return classify(err)
		}
	}
	return nil
}

// write runs f with a writer in one transaction.
func (s *Store) write(ctx context.Context, f func(w *writer) error) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		w, err := newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		return f(w)
	})
}

// SaveMessages stores messages, each with its Observations, all in one
// transaction (one sync to disk), and returns each one's stored state. A
// message already stored (the same group, author and sent timestamp) is
// left as it is: its result has New false and the stored state.
func (s *Store) SaveMessages(ctx context.Context, batch []medbot.Stored) ([]medbot.Stored, error) {
	out := make([]medbot.Stored, len(batch))
	err := s.write(ctx, func(w *writer) error {
		now := s.Now()
		for i, in := range batch {
			id, created, err := w.message(ctx, in.Message, now)
			if err != nil {
				return err
			}
			if created {
				if err := w.observations(ctx, id, in.Observations); err != nil {
					return err
				}
				out[i] = s.justStored(id, in, now)
				continue
			}
			// stored before: its state may have moved on (edits, reactions)
			st, err := getMessage(ctx, w.tx, in.Message.Key)
			if err != nil {
				return err
			}
			if st.Observations, err = s.messageObservations(ctx, w.tx, id); err != nil {
				return err
			}
			out[i] = st
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// justStored is the state of a message this transaction inserted, as a
// read would return it, without reading it back.
func (s *Store) justStored(id int64, in medbot.Stored, now time.Time) medbot.Stored {
	m := in.Message
	recv := m.ReceivedAt
	if recv.IsZero() {
		recv = now
	}
	m.ReceivedAt = time.UnixMilli(recv.UnixMilli())
	if m.Quote != nil {
		q := *m.Quote
		q.Group = m.Key.Group
		m.Quote = &q
	}
	st := medbot.Stored{Message: m, ID: id, New: true, Observations: make([]medbot.Observation, len(in.Observations))}
	for i, o := range in.Observations {
		o.MessageID, o.Sender, o.MessageText, o.Retracted = id, m.AuthorName, "", false
		s.normalise(&o, o.At.UnixMilli())
		st.Observations[i] = o
	}
	return st
}

// normalise gives an observation the form every read returns: its time to
// the millisecond in the family's zone, a value only for readings, a dose
// only when one was given.
func (s *Store) normalise(o *medbot.Observation, atMS int64) {
	o.At = time.UnixMilli(atMS).In(s.zone)
	if !o.Kind.Reading() {
		o.Value = 0 // stored only for readings
	}
	if !o.HasDose {
		o.Dose = 0
	}
}
