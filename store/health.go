package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/medbot/medbot"
)

// healthKey keys medbot.Health in the meta table.
const healthKey = "health.signal"

// SetHealth records what medbot run last saw of Signal, for medbot check
// (another process) to read. It is bookkeeping medbot redoes every minute,
// so it does not wait for the disk.
func (s *Store) SetHealth(ctx context.Context, h medbot.Health) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	_, err = s.fast.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, healthKey, string(b))
	return classify(err)
}

// Health returns what medbot run last recorded of Signal (zero when it
// never ran).
func (s *Store) Health(ctx context.Context) (medbot.Health, error) {
	var h medbot.Health
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, healthKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil
	}
	if err != nil {
		return h, classify(err)
	}
	return h, json.Unmarshal([]byte(v), &h)
}
