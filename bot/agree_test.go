package bot_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
)

// doseSequences is how many random nights TestEveryScreenAgrees plays;
// .ci/run plays 10,000.
var doseSequences = flag.Int("dose-sequences", 300, "random dose sequences for TestEveryScreenAgrees")

var (
	nextRe   = regexp.MustCompile(`(?:next from|can have \w+ from) (\d\d:\d\d(?: tomorrow| yesterday)?)`)
	breachRe = regexp.MustCompile(`⚠️ \w+ at (\d\d:\d\d(?: yesterday)?): ([a-z0-9 ']+),`)
)

// TestEveryScreenAgrees plays random nights: doses of one medicine for
// Rory, each written with the time it was given and posted in random
// order (back-dated, late, out of turn). At the end the answer to "when
// can…", the handover and status all must state the same next time and
// the same doses outside the limits as medbot.JudgeDoses over the doses
// recorded, and every dose whose arrival broke a rule was told so.
func TestEveryScreenAgrees(t *testing.T) {
	n := *doseSequences
	if testing.Short() {
		n = 50
	}
	fam := safetyFamily()
	var c *clockBot
	r := rand.New(rand.NewPCG(7, 11))
	words := map[string]string{"paracetamol": "calpol", "ibuprofen": "nurofen", "amoxicillin": "amox"}
	names := []string{"paracetamol", "ibuprofen", "amoxicillin"}
	ctx := context.Background()
	// each night starts 12 days after the last: no dose or course of one
	// reaches another
	start := time.Date(2026, 1, 5, 18, 0, 0, 0, london)
	breached, nexts := 0, 0
	for k := 0; k < n; k++ {
		if k%500 == 0 {
			c = newClockBot(t, fam, medbot.Units{}, time.Time{}, nil) // a fresh store keeps the dates in range
		}
		night := start.Add(time.Duration(k%500) * 12 * 24 * time.Hour)
		name := names[k%len(names)]
		m, _ := fam.Medication(name)
		// 1 to 6 doses over 12 hours, at least 16 minutes apart (closer
		// is asked about as a double entry, not judged)
		var given []time.Time
		for len(given) < 1+r.IntN(6) {
			at := night.Add(time.Duration(r.IntN(12*60)) * time.Minute)
			if !slices.ContainsFunc(given, func(g time.Time) bool { return g.Sub(at).Abs() < 16*time.Minute }) {
				given = append(given, at)
			}
		}
		order := r.Perm(len(given))
		post := night.Add(12*time.Hour + 30*time.Minute) // after the last dose
		warned := 0
		for i, o := range order {
			c.now = post.Add(time.Duration(i) * time.Minute)
			before := len(c.tr.texts())
			c.say([]string{"Mum", "Dad"}[i%2], fmt.Sprintf("rory had %s 5ml at %s", words[name], given[o].In(london).Format("15:04")))
			if ts := c.tr.texts(); len(ts) > before && strings.HasPrefix(ts[len(ts)-1], "⚠️") {
				warned++
			}
		}
		c.now = post.Add(time.Hour)
		doses, err := c.st.Observations(ctx, medbot.Filter{Child: "Rory", Kinds: []medbot.Kind{medbot.Medication}, Name: name, From: night.Add(-time.Hour), To: c.now})
		if err != nil || len(doses) != len(given) {
			t.Fatalf("night %d: %d doses recorded of %d (%v); bot said %q", k, len(doses), len(given), err, tail(c.tr.texts()))
		}
		j := medbot.JudgeDoses(m, doses, c.now, london)
		when := func(tm time.Time) string { return c.b.Units.When(tm, c.now, london) }
		var wantBreach []string
		arrived := map[int64]bool{}
		for _, br := range j.Breaches {
			if c.now.Sub(br.Dose.At) < 24*time.Hour {
				wantBreach = append(wantBreach, when(br.Dose.At)+": "+br.Rule.String())
			}
			arrived[br.Dose.MessageID] = true
		}
		slices.Sort(wantBreach)
		if len(wantBreach) > 0 {
			breached++
		}
		if len(j.Breaches) > 0 && warned == 0 {
			t.Fatalf("night %d (%s at %v, posted in order %v): breaches %v but no dose was warned about: %q", k, name, given, order, wantBreach, tail(c.tr.texts()))
		}

		c.say("Mum", "when can rory have "+words[name]+" again")
		answer := c.lastSent()
		c.say("Mum", "status rory")
		handover := c.lastSent()
		c.say("Mum", "status all")
		all := c.lastSent()
		_, all, _ = strings.Cut(all, "Rory:")

		for screen, text := range map[string]string{"answer": answer, "status all": all} {
			var got []string
			for _, m := range breachRe.FindAllStringSubmatch(text, -1) {
				got = append(got, m[1]+": "+m[2])
			}
			slices.Sort(got)
			if !slices.Equal(got, wantBreach) {
				t.Fatalf("night %d (%s at %v): %s states breaches %q, the judgement %q:\n%s", k, name, given, screen, got, wantBreach, text)
			}
		}
		if n := strings.Count(handover, "⚠️"); (n > 0) != (len(wantBreach) > 0) {
			t.Fatalf("night %d: handover marks %d, the judgement %q:\n%s", k, n, wantBreach, handover)
		}
		if j.Course == nil && j.HasNext && j.Next.After(c.now) {
			want := when(j.Next)
			nexts++
			for screen, text := range map[string]string{"answer": answer, "handover": handover, "status all": all} {
				got := nextRe.FindAllStringSubmatch(text, -1)
				if len(got) == 0 || slices.ContainsFunc(got, func(m []string) bool { return m[1] != want }) {
					t.Fatalf("night %d (%s at %v): %s says next %q, the judgement %q:\n%s", k, name, given, screen, got, want, text)
				}
			}
		}
	} // the nights must try the screens: breaches and next times both
	if breached < n/5 || nexts < n/5 {
		t.Errorf("of %d nights, %d had breaches and %d a next time: the generator tries too little", n, breached, nexts)
	}
	t.Logf("%d nights: %d with breaches, %d with a next time", n, breached, nexts)
}

// tail is the last few of the bot's messages, for a failure.
func tail(ts []string) []string {
	return ts[max(0, len(ts)-8):]
}
