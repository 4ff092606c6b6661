package bot

import (
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// TestReadOnce: what intake read travels to the worker and is used as it
// is while the clock decision stands; only a moved clock reads the words
// again, keeping the command and answer readings.
func TestReadOnce(t *testing.T) {
	fam := medbot.DefaultFamily()
	fam.Children = []medbot.Child{{Name: "Rory"}}
	p, err := parse.New(fam)
	if err != nil {
		t.Fatal(err)
	}
	b := &Bot{Family: fam, Parser: p}
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	ev := Incoming{Kind: Text, Text: "Rory 38.4 10 mins ago", SentMS: now.UnixMilli()}
	rd := b.readMessage(ev, msgClock{at: now})
	if got := b.at(ev, rd, msgClock{at: now}); got != rd {
		t.Error("read again with the same clock")
	}
	later := b.at(ev, rd, msgClock{at: now.Add(time.Hour)})
	if later == rd || len(later.r.Observations) != 1 || !later.r.Observations[0].At.Equal(now.Add(50*time.Minute)) {
		t.Errorf("a moved clock: %+v", later.r.Observations)
	}
	if later.isCmd != rd.isCmd || later.isNames != rd.isNames {
		t.Error("the command and answer readings changed with the clock")
	}
}

// TestNothingDatedAfterItArrived: a phone ahead of Signal is dated at
// Signal's receipt, and a Signal clock ahead of this machine's at medbot's
// own receipt: never in the future, where "now" does not count it.
func TestNothingDatedAfterItArrived(t *testing.T) {
	b := &Bot{}
	b.init()
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	ev := Incoming{Kind: Text, SentMS: now.Add(time.Hour).UnixMilli(), ServerMS: now.Add(2 * time.Second).UnixMilli()}
	if c := b.clockOf(ev, nil, now); !c.at.Equal(now) {
		t.Errorf("dated %v, after it arrived at %v", c.at, now)
	}
	ev.ServerMS = now.Add(-time.Second).UnixMilli()
	if c := b.clockOf(ev, nil, now); !c.at.Equal(now.Add(-time.Second)) {
		t.Errorf("dated %v, want Signal's receipt", c.at)
	}
}
