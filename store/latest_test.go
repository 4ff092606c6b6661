package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// TestLatestAndEach: Filter.Latest keeps the latest records, oldest
// first; EachObservation yields what Observations returns, one at a time,
// and stops at its callback's error. Every reading kind keeps its value.
func TestLatestAndEach(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	for i, k := range medbot.Readings {
		m := msg("uuid-mum", at.Add(time.Duration(i)*time.Minute), "reading")
		v := k.Info().Min + 1
		if _, err := saveOne(ctx, s, m, []medbot.Observation{{Kind: k, Child: "Rory", At: m.Key.Sent(), Value: v}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Observations(ctx, medbot.Filter{Child: "Rory"})
	if err != nil || len(all) != len(medbot.Readings) {
		t.Fatalf("%v %+v", err, all)
	}
	for i, o := range all {
		if o.Kind != medbot.Readings[i] || o.Value != o.Kind.Info().Min+1 {
			t.Errorf("%s stored as %v", o.Kind, o.Value)
		}
	}
	last2, err := s.Observations(ctx, medbot.Filter{Child: "Rory", Latest: 2})
	if err != nil || len(last2) != 2 || last2[0].Kind != all[len(all)-2].Kind || last2[1].Kind != all[len(all)-1].Kind {
		t.Errorf("latest 2: %v %+v", err, last2)
	}
	before, err := s.Observations(ctx, medbot.Filter{Child: "Rory", To: all[2].At, Latest: 1})
	if err != nil || len(before) != 1 || before[0].Kind != all[1].Kind {
		t.Errorf("the one before the third: %v %+v", err, before)
	}
	var each []medbot.Kind
	if err := s.EachObservation(ctx, medbot.Filter{Child: "Rory"}, func(o medbot.Observation) error {
		each = append(each, o.Kind)
		return nil
	}); err != nil || len(each) != len(all) {
		t.Errorf("each: %v %v", err, each)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.EachObservation(ctx, medbot.Filter{}, func(medbot.Observation) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("stopping: %v after %d", err, n)
	}
}
