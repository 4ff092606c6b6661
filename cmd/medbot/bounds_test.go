package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/bot/signalcli/signalclitest"
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

// BenchmarkRunPeakRSS (issue 19): the peak RSS of a medbot run process
// with a year of a heavy illness stored, asked for ten "report 90d" and
// ten "graphs 90d" at once. Target: under 150 MB. One op is the whole
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
			d.Deliver(d.Text(familyID, mumP, "report 90d"))
			d.Deliver(d.Text(familyID, mumP, "graphs 90d"))
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
