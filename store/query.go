package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// obsCols are an observation's columns, its message's text left out
// (obsColsText has it: a message can be megabytes, and only the report and
// export need it).
const (
	obsCols     = `o.id, o.message_id, o.kind, COALESCE(o.child, ''), o.at_ms, o.value, COALESCE(o.name, ''), o.dose, COALESCE(o.unit, ''), COALESCE(o.text, ''), m.author_name, '', o.retracted, o.pending`
	obsColsText = `o.id, o.message_id, o.kind, COALESCE(o.child, ''), o.at_ms, o.value, COALESCE(o.name, ''), o.dose, COALESCE(o.unit, ''), COALESCE(o.text, ''), m.author_name, m.text, o.retracted, o.pending`
)

func (s *Store) scanObservations(rows *sql.Rows) ([]medbot.Observation, error) {
	var out []medbot.Observation
	err := s.eachRow(rows, func(o medbot.Observation) error {
		out = append(out, o)
		return nil
	})
	return out, err
}

// eachRow calls fn with each observation of rows, in order, and stops at
// the first error fn returns.
func (s *Store) eachRow(rows *sql.Rows, fn func(medbot.Observation) error) error {
	defer rows.Close()
	for rows.Next() {
		var o medbot.Observation
		var id, at int64
		var value, dose sql.NullFloat64
		var kind string
		if err := rows.Scan(&id, &o.MessageID, &kind, &o.Child, &at, &value, &o.Name, &dose, &o.Unit, &o.Text, &o.Sender, &o.MessageText, &o.Retracted, &o.Pending); err != nil {
			return classify(err)
		}
		o.Kind = medbot.Kind(kind)
		o.Value = value.Float64
		o.Dose, o.HasDose = dose.Float64, dose.Valid
		s.normalise(&o, at)
		if err := fn(o); err != nil {
			return err
		}
	}
	return classify(rows.Err())
}

func (s *Store) messageObservations(ctx context.Context, q querier, id int64) ([]medbot.Observation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+obsCols+` FROM observations o JOIN messages m ON m.id = o.message_id WHERE o.message_id = ? ORDER BY o.seq`, id)
	if err != nil {
		return nil, classify(err)
	}
	return s.scanObservations(rows)
}

// Observations returns the observations matching f, oldest first.
func (s *Store) Observations(ctx context.Context, f medbot.Filter) ([]medbot.Observation, error) {
	q, args := observationsQuery(f)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, classify(err)
	}
	return s.scanObservations(rows)
}

// EachObservation calls fn with each observation matching f, oldest
// first, holding one at a time: an export of years of records needs no
// more memory than one. It stops at the first error fn returns.
func (s *Store) EachObservation(ctx context.Context, f medbot.Filter, fn func(medbot.Observation) error) error {
	q, args := observationsQuery(f)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return classify(err)
	}
	return s.eachRow(rows, fn)
}

// observationsQuery is the query Observations runs for f.
func observationsQuery(f medbot.Filter) (string, []any) {
	var where []string
	var args []any
	if !f.IncludeRetracted {
		where = append(where, "o.retracted = 0")
	}
	if !f.IncludePending {
		where = append(where, "o.pending = 0")
	}
	if f.Child != "" {
		where = append(where, "o.child = ?")
		args = append(args, f.Child)
	}
	if f.UnknownChild {
		where = append(where, "o.child IS NULL")
	}
	if len(f.Kinds) > 0 {
		where = append(where, "o.kind IN (?"+strings.Repeat(", ?", len(f.Kinds)-1)+")")
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	if f.Name != "" {
		where = append(where, "o.name = ?")
		args = append(args, f.Name)
	}
	if !f.From.IsZero() {
		where = append(where, "o.at_ms >= ?")
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		where = append(where, "o.at_ms < ?")
		args = append(args, f.To.UnixMilli())
	}
	cols := obsCols
	if f.MessageText {
		cols = obsColsText
	}
	q := `SELECT ` + cols + ` FROM observations o JOIN messages m ON m.id = o.message_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Latest > 0 {
		// the latest few, read from the end of the (child, kind, at_ms)
		// index and turned back oldest first (records of the same
		// millisecond: any of them)
		q = "SELECT * FROM (" + q + " ORDER BY o.at_ms DESC LIMIT ?) ORDER BY 5, 2, 1"
		args = append(args, f.Latest)
		return q, args
	}
	q += " ORDER BY o.at_ms, o.message_id, o.seq"
	return q, args
}

// LastDoses returns the latest dose of each medication for child, at or
// before end, by medication name.
func (s *Store) LastDoses(ctx context.Context, child string, end time.Time) (map[string]medbot.Observation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+obsCols+` FROM observations o JOIN messages m ON m.id = o.message_id
		WHERE o.retracted = 0 AND o.pending = 0 AND o.kind = 'medication' AND o.child = ? AND o.at_ms <= ?
		AND o.at_ms = (SELECT max(o2.at_ms) FROM observations o2 WHERE o2.retracted = 0 AND o2.pending = 0 AND o2.kind = 'medication' AND o2.child = o.child AND o2.name = o.name AND o2.at_ms <= ?)
		ORDER BY o.at_ms, o.id`, child, end.UnixMilli(), end.UnixMilli())
	if err != nil {
		return nil, classify(err)
	}
	obs, err := s.scanObservations(rows)
	if err != nil {
		return nil, err
	}
	out := map[string]medbot.Observation{}
	for _, o := range obs {
		out[o.Name] = o
	}
	return out, nil
}

// DoseCounts returns, per medication, how many doses child had in the 24
// hours up to and including end (real hours: a DST change does not make
// the day 23 or 25 hours long).
func (s *Store) DoseCounts(ctx context.Context, child string, end time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, count(*) FROM observations
		WHERE retracted = 0 AND pending = 0 AND kind = 'medication' AND child = ? AND at_ms > ? AND at_ms <= ? GROUP BY name`,
		child, end.Add(-24*time.Hour).UnixMilli(), end.UnixMilli())
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, classify(err)
		}
		out[name] = n
	}
	return out, classify(rows.Err())
}

// Reparse replaces the observations of every live message sent at or
// after since with read(message), in one transaction. It returns how many
// observations were added and removed.
func (s *Store) Reparse(ctx context.Context, since time.Time, read func(medbot.Stored) []medbot.Observation) (added, removed int, err error) {
	err = s.write(ctx, func(w *writer) error {
		tx := w.tx
		added, removed = 0, 0
		msgs, err := queryMessages(ctx, tx, `SELECT `+messageCols+` FROM messages WHERE retracted_ms IS NULL AND sent_ms >= ? ORDER BY sent_ms, id`, since.UnixMilli())
		if err != nil {
			return err
		}
		for _, m := range msgs {
			old, err := s.messageObservations(ctx, tx, m.ID)
			if err != nil {
				return err
			}
			m.Observations = old
			now := read(m)
			a, r := diffObservations(old, now)
			if a == 0 && r == 0 {
				continue
			}
			added += a
			removed += r
			if err := w.replace(ctx, m.ID, now); err != nil {
				return err
			}
		}
		return nil
	})
	return added, removed, err
}

// diffObservations counts the observations only in b (added) and only in a
// (removed), comparing what was recorded, not ids.
func diffObservations(a, b []medbot.Observation) (added, removed int) {
	key := func(o medbot.Observation) medbot.Observation {
		return medbot.Observation{Kind: o.Kind, Child: o.Child, At: time.UnixMilli(o.At.UnixMilli()).UTC(), Value: o.Value, Name: o.Name, Dose: o.Dose, HasDose: o.HasDose, Unit: o.Unit, Text: o.Text}
	}
	count := map[medbot.Observation]int{}
	for _, o := range a {
		count[key(o)]++
	}
	for _, o := range b {
		k := key(o)
		if count[k] > 0 {
			count[k]--
		} else {
			added++
		}
	}
	for _, n := range count {
		removed += n
	}
	return added, removed
}

// LastMessages returns the last n messages of author in group, newest
// first, retracted ones included (marked).
func (s *Store) LastMessages(ctx context.Context, group medbot.GroupID, author string, n int) ([]medbot.Stored, error) {
	out, err := queryMessages(ctx, s.db, `SELECT `+messageCols+` FROM messages WHERE group_id = ? AND author = ? ORDER BY received_ms DESC, sent_ms DESC LIMIT ?`, string(group), author, n)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Observations, err = s.messageObservations(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// queryMessages runs a query selecting messageCols and reads every row.
func queryMessages(ctx context.Context, q querier, query string, args ...any) ([]medbot.Stored, error) {
	return queryAll(ctx, q, scanMessage, query, args...)
}

// queryAll runs a query and reads every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, classify(err)
		}
		out = append(out, v)
	}
	return out, classify(rows.Err())
}

// Unconfirmed returns the live messages received since then that hold
// records but carry no reaction from medbot (it stopped between storing and
// confirming them), oldest first. Imported messages were never in the
// chat: nothing can confirm them.
func (s *Store) Unconfirmed(ctx context.Context, since time.Time) ([]medbot.Stored, error) {
	return queryMessages(ctx, s.db, unconfirmedQuery, since.UnixMilli(), medbot.ImportedAuthor)
}

// unconfirmedQuery is Unconfirmed's: through the received_ms index, so
// start-up reads the last day, not the years.
const unconfirmedQuery = `SELECT ` + messageCols + ` FROM messages m0
		WHERE reaction = '' AND retracted_ms IS NULL AND received_ms >= ?
		AND author NOT LIKE ? || '%'
		AND EXISTS (SELECT 1 FROM observations o WHERE o.message_id = m0.id AND o.retracted = 0)
		ORDER BY received_ms, id`

// Counts returns how many messages and live observations are stored.
func (s *Store) Counts(ctx context.Context) (messages, observations int, err error) {
	if err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages`).Scan(&messages); err != nil {
		return 0, 0, classify(err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM observations WHERE retracted = 0 AND pending = 0`).Scan(&observations)
	return messages, observations, classify(err)
}
