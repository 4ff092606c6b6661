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
