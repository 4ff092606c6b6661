package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot/bot/signalcli/signalclitest"
	"github.com/medbot/medbot/store"
)

// heavyYear writes a year of a heavy illness ending now as import JSON
// lines: a message every 20 minutes, day and night (26,280), readings,
// doses, vitals and events for two children, with longer notes.
func heavyYear(tb testing.TB) string {
	tb.Helper()
	texts := []string{"Rory 38.4", "calpol 5ml Freya", "Rory sats 94 hr 130", "Roo blue inhaler x4", "Freya woke up coughing",
		"Freya 39.1 after nurofen 5ml", "both had calpol 5ml", "note: GP says fluids, keep an eye on the rash, call 111 if over 40 or floppy or not drinking",
		"Rory 37.9 sleeping now", "Freya sick twice, 38.7"}
	var b strings.Builder
	now := time.Now()
	n := 365 * 24 * 3
	for i := 0; i < n; i++ {
		at := now.Add(-time.Duration(n-i) * 20 * time.Minute)
		fmt.Fprintf(&b, `{"id":"y%d","sender":"%s","at":"%s","text":%q}`+"\n", i, []string{"Mum", "Dad"}[i%2], at.UTC().Format(time.RFC3339), texts[i%len(texts)])
	}
	path := filepath.Join(tb.TempDir(), "year.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkRunPeakRSS: the peak RSS of a medbot run process
// with a year of a heavy illness stored, asked for ten reports and ten
// graphs of 81 to 90 days at once. Target: under 150 MB. One op is the whole
// run; use -benchtime 1x.
func BenchmarkRunPeakRSS(b *testing.B) {
	year := heavyYear(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := fakeDaemon(b, signalclitest.Options{})
		cfg := writeConfig(b, d.Network(), d.Addr(), "Family health")
		if _, stderr, code := runCmd(b, "", "import", "-config", cfg, year); code != 0 {
			b.Fatal(stderr)
		}
		c := startChild(b, d, cfg, "warn")
		b.StartTimer()
		start := time.Now()
		for k := 0; k < 10; k++ {
			// windows of 90 down to 81 days: one command repeated within
			// half a minute is answered once (👆), so each is its own
			d.Deliver(d.Text(familyID, mumP, fmt.Sprintf("report %dd", 90-k)))
			d.Deliver(d.Text(familyID, mumP, fmt.Sprintf("graphs %dd", 90-k)))
		}
		for deadline := time.Now().Add(5 * time.Minute); ; {
			files := 0
			for _, s := range d.Calls("send") {
				if s.Params["attachments"] != nil {
					files++
				}
			}
			if files == 20 {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("%d of 20 answered:\n%s", files, c.logs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		b.StopTimer()
		b.ReportMetric(float64(procKB(c.cmd.Process.Pid, "VmHWM"))/1024, "peak-rss-MB")
		b.ReportMetric(time.Since(start).Seconds(), "s-for-20")
		c.cmd.Process.Kill()
		c.cmd.Wait()
	}
}

// BenchmarkKillWindow measures what a SIGKILL loses:
// signal-cli hands over 4,000 messages, as fast as the socket takes them
// (flood: the worst case) or one every 2 ms (steady: still far more than
// a family writes); medbot is SIGKILLed four times while they arrive, and
// restarted. A message is lost when signal-cli handed it over (it is not
// waiting for a client) but it is not in the database once the last run
// has drained everything. Reports lost-per-kill; use -benchtime 1x.
func BenchmarkKillWindow(b *testing.B) {
	b.Run("flood", func(b *testing.B) { killWindow(b, 0) })
	b.Run("steady", func(b *testing.B) { killWindow(b, 2*time.Millisecond) })
}

func killWindow(b *testing.B, pace time.Duration) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := fakeDaemon(b, signalclitest.Options{})
		cfg := writeConfig(b, d.Network(), d.Addr(), "Family health")
		c := startChild(b, d, cfg, "warn")
		const n, kills = 4000, 4
		var sent atomic.Int64
		delivered := make(chan struct{})
		go func() {
			defer close(delivered)
			for k := 0; k < n; k++ {
				d.Deliver(d.Text(familyID, mumP, fmt.Sprintf("Rory 38.%d", k%10)))
				sent.Add(1)
				if pace > 0 {
					time.Sleep(pace)
				}
			}
		}()
		b.StartTimer()
		for k := 0; k < kills; k++ {
			for sent.Load() < int64((k+1)*n/(kills+1)) {
				time.Sleep(100 * time.Microsecond)
			}
			c.cmd.Process.Signal(syscall.SIGKILL)
			c.cmd.Wait()
			c = startChild(b, d, cfg, "warn")
		}
		<-delivered
		b.StopTimer()
		// the last run stores what waited and what it is handed: until
		// nothing more arrives for two seconds
		st, err := store.Open(dbFor(cfg), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		msgs, last, since := 0, -1, time.Now()
		for time.Since(since) < 2*time.Second {
			msgs, _, _ = st.Counts(context.Background())
			if msgs != last {
				last, since = msgs, time.Now()
			}
			time.Sleep(20 * time.Millisecond)
		}
		st.Close()
		c.cmd.Process.Signal(syscall.SIGTERM)
		c.cmd.Wait()
		b.ReportMetric(float64(n-msgs)/kills, "lost-per-kill")
	}
}
