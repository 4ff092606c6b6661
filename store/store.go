// Package store keeps medbot's records in one SQLite file (through the
// pure-Go modernc.org/sqlite): every message seen in a family group, with
// its edits, and the observations read from it.
//
// Messages are identified by (group, author, sent timestamp), so storing
// the same message twice changes nothing. Retracted messages (deleted for
// everyone, or undone) are kept for audit and left out of every query.
// The schema is migrated on Open; a file from a newer medbot is refused.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/medbot/medbot"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Sentinels for conditions the bot can act on (errors.Is).
var (
	ErrDiskFull    = fmt.Errorf("sqlite: %w", medbot.ErrDiskFull)
	ErrBusy        = errors.New("sqlite: database busy")
	ErrReadOnly    = errors.New("sqlite: database read-only")
	ErrCorrupt     = errors.New("sqlite: database corrupt")
	ErrNewerSchema = errors.New("sqlite: database written by a newer medbot")
	ErrNotFound    = fmt.Errorf("sqlite: %w", medbot.ErrNotFound)
)

// classify wraps a driver error with the sentinel of its condition.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: %w", ErrDiskFull, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%w: %w", ErrBusy, err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return fmt.Errorf("%w: %w", ErrReadOnly, err)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		case sqlite3.SQLITE_IOERR:
			if strings.Contains(strings.ToLower(se.Error()), "no space") {
				return fmt.Errorf("%w: %w", ErrDiskFull, err)
			}
		}
	}
	if errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return fmt.Errorf("sqlite: %w", err)
}

// Store is the SQLite store. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	// fast commits without waiting for the disk (synchronous=NORMAL: safe
	// against medbot crashing, not against power loss), for medbot's own
	// bookkeeping that it can redo: which reaction it put on a message.
	fast *sql.DB
	zone *time.Location
	// Now is the clock (for received and retracted times).
	Now func() time.Time
	// path and ident are the database file and its identity at Open:
	// Gone compares them with what is at path now.
	path  string
	ident os.FileInfo
	// setAside is where Open put a write-ahead log that was not this
	// file's ("" when none).
	setAside string
}

// SetAside returns where Open set aside a write-ahead log that did not
// belong to the database file beside it (left by a crash before the file
// was replaced), or "" when it set none aside. Nothing in it was applied.
func (s *Store) SetAside() string { return s.setAside }

// Options tune Open.
type Options struct {
	// Zone is the zone observations' times are returned in (default UTC).
	Zone *time.Location
	// Synchronous is SQLite's synchronous pragma: "FULL" (the default:
	// every commit survives a power cut) or "NORMAL" (survives a crash of
	// medbot, not of the machine; faster on SD cards).
	Synchronous string
	// BusyTimeout is how long a write waits for another writer (default 5 s).
	BusyTimeout time.Duration
	// MaxPageCount, when set, caps the file at that many pages: writes
	// beyond fail as if the disk were full (ErrDiskFull).
	MaxPageCount int
}

// Open opens (creating if needed) the database at path and migrates it.
// A new file is created readable by its owner only (0600), in a directory
// created 0700; SQLite gives its -wal and -shm files the same mode.
func Open(path string, o Options) (*Store, error) {
	if o.Zone == nil {
		o.Zone = time.UTC
	}
	switch strings.ToUpper(o.Synchronous) {
	case "":
		o.Synchronous = "FULL"
	case "FULL", "NORMAL":
	default:
		return nil, fmt.Errorf("sqlite: synchronous must be FULL or NORMAL, not %q", o.Synchronous)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, classify(err)
		}
	}
	// a write-ahead log left by a crash is applied only to its own file
	aside, err := settleWAL(path, time.Now())
	if err != nil {
		return nil, fmt.Errorf("sqlite: looking at %s-wal: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, classify(err)
	}
	ident, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, classify(err)
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(" + strconv.FormatInt(o.BusyTimeout.Milliseconds(), 10) + ")&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(" + strings.ToUpper(o.Synchronous) + ")"
	if o.MaxPageCount > 0 {
		dsn += "&_pragma=max_page_count(" + strconv.Itoa(o.MaxPageCount) + ")"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, classify(err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db, zone: o.Zone, Now: time.Now, path: path, ident: ident, setAside: aside}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	if err := recordOwner(path); err != nil {
		db.Close()
		return nil, classify(err)
	}
	s.fast, err = sql.Open("sqlite", strings.Replace(dsn, "synchronous("+strings.ToUpper(o.Synchronous)+")", "synchronous(NORMAL)", 1))
	if err != nil {
		db.Close()
		return nil, classify(err)
	}
	s.fast.SetMaxOpenConns(1)
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.fast.Close()
	return s.db.Close()
}

// Migrations returns the number of schema migrations this medbot knows.
func Migrations() int {
	ms, _ := migrations()
	return len(ms)
}

func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// SchemaVersion returns the database's schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, classify(err)
}

func (s *Store) migrate(ctx context.Context) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v > len(names) {
		return fmt.Errorf("%w: schema version %d, this medbot knows up to %d: upgrade medbot", ErrNewerSchema, v, len(names))
	}
	for i := v; i < len(names); i++ {
		body, err := migrationFS.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return classify(err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", filepath.Base(names[i]), classify(err))
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return classify(err)
		}
		if err := tx.Commit(); err != nil {
			return classify(err)
		}
	}
	return nil
}

// Writable checks that a write could proceed now: it takes the write lock
// and lets it go, writing nothing (no wear on an SD card). It is the
// watchdog's test that intake is not stuck.
func (s *Store) Writable(ctx context.Context) error {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return classify(err)
	}
	_, err = c.ExecContext(ctx, `ROLLBACK`)
	return err
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless ok.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrity(ctx, s.db)
}

// integrity runs SQLite's integrity check on q: nil when it passes, else
// ErrCorrupt in one line: how many problems it found (up to 100), and the
// first.
func integrity(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, "PRAGMA integrity_check(100)")
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return classify(err)
		}
		// a row may hold several lines, the first a "*** in database
		// main ***" heading (SQLite puts the heading and the problem
		// after it in one row): each line but a heading is a problem
		for _, l := range strings.Split(r, "\n") {
			if l = strings.TrimSpace(l); l != "" && l != "ok" && !strings.HasPrefix(l, "***") {
				problems = append(problems, l)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err)
	}
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%w: %w: %s", ErrCorrupt, errProblems, problems[0])
	}
	return fmt.Errorf("%w: %w: %d problems, the first: %s", ErrCorrupt, errProblems, len(problems), problems[0])
}

// errProblems marks a file SQLite could read and check, and found damaged
// (not one it could not read as a database at all).
var errProblems = errors.New("integrity check")

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// withTx runs f in one transaction.
func (s *Store) withTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return classify(tx.Commit())
}

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

// ErrGone is the database file medbot opened no longer being the one at
// its path: removed, or replaced (a restore by mv). What is written after
// goes to a file nobody will open again.
var ErrGone = errors.New("the database file was removed or replaced")

// Gone reports ErrGone when the file at the store's path is not the one
// it opened (a stat: a few microseconds).
func (s *Store) Gone() error {
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w: %s is not there", ErrGone, s.path)
	case err != nil:
		return nil // cannot tell: the writes themselves will say
	case !os.SameFile(fi, s.ident):
		return fmt.Errorf("%w: %s is another file now", ErrGone, s.path)
	}
	return nil
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

// SetReaction records the reaction medbot has on message id.
// It is bookkeeping medbot can redo, so it does not wait for the disk.
func (s *Store) SetReaction(ctx context.Context, id int64, emoji string) error {
	_, err := s.fast.ExecContext(ctx, `UPDATE messages SET reaction = ? WHERE id = ?`, emoji, id)
	return classify(err)
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

// Counts returns how many messages and live observations are stored.
func (s *Store) Counts(ctx context.Context) (messages, observations int, err error) {
	if err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages`).Scan(&messages); err != nil {
		return 0, 0, classify(err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM observations WHERE retracted = 0 AND pending = 0`).Scan(&observations)
	return messages, observations, classify(err)
}
