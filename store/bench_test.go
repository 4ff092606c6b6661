package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// BenchmarkSaveMessage stores one message with two observations per op, on
// disk, with synchronous=FULL (the default) and NORMAL.
func BenchmarkSaveMessage(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		b.Run(sync, func(b *testing.B) {
			s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{Synchronous: sync})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				at := base.Add(time.Duration(i) * time.Second)
				_, err := saveOne(ctx, s, msg("uuid-mum", at, "Rory 38.4 calpol 5ml"), []medbot.Observation{temp("Rory", at, 38.4), doseObs("Rory", "paracetamol", at, 5)})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkSaveBatch imports messages in batches of 1,000, as medbot import does.
func BenchmarkSaveBatch(b *testing.B) {
	s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		batch := make([]medbot.Stored, 1000)
		for j := range batch {
			at := base.Add(time.Duration(n) * time.Second)
			n++
			batch[j] = medbot.Stored{Message: msg("uuid-mum", at, fmt.Sprint("Rory 38.4 ", n)), Observations: []medbot.Observation{temp("Rory", at, 38.4)}}
		}
		if _, err := s.SaveMessages(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
