package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestFilterMatchesAsTheQuery: medbot.Filter.Matches (the bot's reading of
// records it holds while the store cannot be written) selects exactly what
// Observations selects from the same records.
func TestFilterMatchesAsTheQuery(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var batch []medbot.Stored
	for i := 0; i < 24; i++ {
		at := base.Add(time.Duration(i) * 30 * time.Minute)
		o := []medbot.Observation{temp([]string{"Rory", "Freya", ""}[i%3], at, 38), doseObs([]string{"Rory", "Freya"}[i%2], []string{"paracetamol", "ibuprofen"}[i%4/2], at, 5)}
		o[1].Pending = i%5 == 0
		batch = append(batch, medbot.Stored{Message: msg("mum", at, fmt.Sprint(i)), Observations: o})
	}
	if _, err := s.SaveMessages(ctx, batch); err != nil {
		t.Fatal(err)
	}
	all, err := s.Observations(ctx, medbot.Filter{IncludePending: true, IncludeRetracted: true})
	if err != nil || len(all) != 48 {
		t.Fatalf("%d records, %v", len(all), err)
	}
	for _, f := range []medbot.Filter{
		{},
		{IncludePending: true},
		{Child: "Rory"},
		{UnknownChild: true},
		{Kinds: []medbot.Kind{medbot.Medication}, Name: "ibuprofen", IncludePending: true},
		{Kinds: []medbot.Kind{medbot.Temperature, medbot.Medication}, Child: "Freya"},
		{From: base.Add(3 * time.Hour), To: base.Add(7 * time.Hour)},
		{From: base.Add(3 * time.Hour), To: base.Add(3 * time.Hour)},
	} {
		want, err := s.Observations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, o := range all {
			if f.Matches(o) {
				got++
			}
		}
		if got != len(want) {
			t.Errorf("%+v: Matches selects %d, the query %d", f, got, len(want))
		}
	}
}
