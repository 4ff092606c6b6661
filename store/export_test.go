package store

import (
	"context"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// SetRestoreStep lets tests stop a restore between two of its steps.
func SetRestoreStep(f func(step string)) { restoreStep = f }

// PlanObservations is SQLite's plan for Observations(f).
func PlanObservations(s *Store, f medbot.Filter) (string, error) {
	q, args := observationsQuery(f)
	return s.plan(q, args...)
}

// PlanUnconfirmed is SQLite's plan for Unconfirmed(since).
func PlanUnconfirmed(s *Store, since time.Time) (string, error) {
	return s.plan(unconfirmedQuery, since.UnixMilli(), medbot.ImportedAuthor)
}

func (s *Store) plan(q string, args ...any) (string, error) {
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
