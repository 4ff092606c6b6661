package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// years fills a database with n years of a busy family's records: a
// message every 20 minutes, for two children, up to end.
func years(tb testing.TB, path string, n int, end time.Time) {
	tb.Helper()
	s, err := store.Open(path, store.Options{Synchronous: "NORMAL"})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	total := n * 365 * 24 * 3
	start := end.Add(-time.Duration(total) * 20 * time.Minute)
	for i := 0; i < total; {
		batch := make([]medbot.Stored, 0, 2000)
		for ; i < total && len(batch) < cap(batch); i++ {
			at := start.Add(time.Duration(i) * 20 * time.Minute)
			child := []string{"Rory", "Freya"}[i%2]
			m := msg("uuid-mum", at, "x")
			obs := []medbot.Observation{temp(child, at, 37.5)}
			if i%5 == 0 {
				obs = append(obs, doseObs(child, "paracetamol", at, 5))
			}
			batch = append(batch, medbot.Stored{Message: m, Observations: obs, Reaction: "🌡️"})
		}
		if _, err := s.SaveMessages(ctx, batch); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkWindowQueries: the queries of a status, a graphs
// window and start-up, on five years of history; each should cost what its
// window holds, not what the years hold.
func BenchmarkWindowQueries(b *testing.B) {
	end := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(b.TempDir(), "five.db")
	years(b, path, 5, end)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"status-child-24h", func() error {
			_, err := s.Observations(ctx, medbot.Filter{Child: "Rory", From: end.Add(-24 * time.Hour), To: end})
			return err
		}},
		{"graphs-72h", func() error {
			_, err := s.Observations(ctx, medbot.Filter{From: end.Add(-72 * time.Hour), To: end})
			return err
		}},
		{"unconfirmed-24h", func() error {
			_, err := s.Unconfirmed(ctx, end.Add(-24*time.Hour))
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWindowQueriesUseAnIndex: the window queries are answered through an
// index on the time, never by reading every row.
func TestWindowQueriesUseAnIndex(t *testing.T) {
	s, _ := open(t)
	end := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for name, f := range map[string]medbot.Filter{
		"child":       {Child: "Rory", From: end.Add(-24 * time.Hour), To: end},
		"child kinds": {Child: "Rory", Kinds: []medbot.Kind{medbot.Temperature}, From: end.Add(-24 * time.Hour), To: end},
		"all":         {From: end.Add(-72 * time.Hour), To: end},
	} {
		plan, err := store.PlanObservations(s, f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "at_ms") || strings.Contains(plan, "SCAN o\n") || strings.Contains(plan, "SCAN o ") || strings.HasSuffix(plan, "SCAN o") {
			t.Errorf("%s: %s", name, plan)
		}
	}
	// the reading before a new one (flags on arrival): read from the end
	// of the index, never sorted (a sort of every earlier reading made a
	// burst of 10,000 readings three times slower)
	plan, err := store.PlanObservations(s, medbot.Filter{Child: "Rory", Kinds: []medbot.Kind{medbot.SpO2}, To: end, Latest: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "observations_child_kind_at") || strings.Contains(plan, "TEMP B-TREE FOR LAST") {
		t.Errorf("latest: %s", plan)
	}
	plan, err = store.PlanUnconfirmed(s, end)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "received_ms") || strings.Contains(plan, "SCAN m0") {
		t.Errorf("unconfirmed: %s", plan)
	}
}

// TestIntegrityCheckReadsEveryLine: SQLite may return a problem in the
// same row as its "*** in database main ***" heading; a damaged file is
// damaged however the rows are cut.
func TestIntegrityCheckReadsEveryLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	years(t, path, 1, time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(raw); i += 4096 {
		for j := i + 8; j < i+64 && j < len(raw); j++ {
			raw[j] = 0xA5 // page headers trampled
		}
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		if !errors.Is(err, store.ErrCorrupt) {
			t.Fatalf("open: %v", err)
		}
		return
	}
	defer s.Close()
	if err := s.IntegrityCheck(ctx); !errors.Is(err, store.ErrCorrupt) || strings.Contains(err.Error(), "***") {
		t.Errorf("integrity check of a trampled file: %v", err)
	}
}

// peakHeap runs f and returns the most heap it held above what was held
// before, sampled every few milliseconds.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	<-stopped
	return peak - base
}

// BenchmarkExportFiveYears: every record of five years, read whole
// (Observations, as the export did) and streamed (EachObservation, as it
// does): the streamed export holds one record at a time.
func BenchmarkExportFiveYears(b *testing.B) {
	end := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(b.TempDir(), "five.db")
	years(b, path, 5, end)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f := medbot.Filter{IncludeRetracted: true, MessageText: true}
	b.Run("whole", func(b *testing.B) {
		var peak uint64
		for i := 0; i < b.N; i++ {
			peak = max(peak, peakHeap(func() {
				obs, err := s.Observations(ctx, f)
				if err != nil || len(obs) == 0 {
					b.Fatal(err)
				}
			}))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
	b.Run("streamed", func(b *testing.B) {
		var peak uint64
		for i := 0; i < b.N; i++ {
			peak = max(peak, peakHeap(func() {
				n := 0
				if err := s.EachObservation(ctx, f, func(medbot.Observation) error { n++; return nil }); err != nil || n == 0 {
					b.Fatal(err)
				}
			}))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
}
