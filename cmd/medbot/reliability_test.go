package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
	"github.com/medbot/medbot/store"
)

// child is a real medbot run process.
type child struct {
	cmd  *exec.Cmd
	logs *syncBuf
}

func startChild(t testing.TB, d *signalclitest.Daemon, cfg string, level string) *child {
	t.Helper()
	c := &child{logs: &syncBuf{}}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), childArgsEnv+"=run\x1f-config\x1f"+cfg, "MEDBOT_LOG_LEVEL="+level)
	c.cmd.Stderr = c.logs
	before := d.Accepted()
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for d.Accepted() == before || d.Connected() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("medbot did not connect:\n%s", c.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	})
	return c
}

// procKB reads a field (VmRSS, VmHWM) of /proc/PID/status, in kB.
func procKB(pid int, field string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

func reactedSet(d *signalclitest.Daemon) map[int64]time.Time {
	out := map[int64]time.Time{}
	for _, c := range d.Calls("sendReaction") {
		ts := c.Int("targetTimestamp")
		if _, ok := out[ts]; !ok {
			out[ts] = c.At
		}
	}
	return out
}

func dbFor(cfg string) string { return filepath.Join(filepath.Dir(cfg), "medbot.db") }

// TestKilledMidBurst SIGKILLs medbot during a burst of 1,000 messages and
// restarts it, several times: every message that got a reaction is in the
// database, and the database passes an integrity check.
func TestKilledMidBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: starts and kills medbot processes (runs in .ci/run without -short)")
	}
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	c := startChild(t, d, cfg, "warn")
	const n, kills = 1000, 4
	next := 0
	for k := 0; k < kills; k++ {
		before := len(reactedSet(d))
		for ; next < (k+1)*n/kills; next++ {
			d.Deliver(d.Text(familyID, mumP, fmt.Sprintf("Rory 38.%d", next%10)))
		}
		// kill at a moment inside the burst
		deadline := time.Now().Add(10 * time.Second)
		for len(reactedSet(d)) < before+40+k*17 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		c.cmd.Process.Signal(syscall.SIGKILL)
		c.cmd.Wait()
		if st, err := store.Open(dbFor(cfg), store.Options{}); err == nil {
			m, _, _ := st.Counts(context.Background())
			st.Close()
			t.Logf("kill %d: delivered %d, %d reacted, %d stored, %d waiting", k+1, next, len(reactedSet(d)), m, d.Waiting())
		}
		c = startChild(t, d, cfg, "warn")
	}
	// the last run stores what signal-cli still holds and confirms what
	// earlier runs stored: wait until every stored message has its reaction
	watch, err := store.Open(dbFor(cfg), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		stored, _, _ := watch.Counts(context.Background())
		if d.Waiting() == 0 && stored > 0 && len(reactedSet(d)) >= stored {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("after 60 s: %d stored, %d reacted, %d waiting", stored, len(reactedSet(d)), d.Waiting())
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	watch.Close()
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()

	st, err := store.Open(dbFor(cfg), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	reacted := reactedSet(d)
	for ts := range reacted {
		if _, err := st.Message(context.Background(), medbot.MessageKey{Group: familyID, Author: mumP.UUID, SentMS: ts}); err != nil {
			t.Errorf("message %d got a reaction but is not stored: %v", ts, err)
		}
	}
	msgs, _, _ := st.Counts(context.Background())
	t.Logf("%d kills: %d of %d messages stored and %d reacted; %d lost (handed over by signal-cli, not yet stored when killed)", kills, msgs, n, len(reacted), n-msgs)
	if msgs < n/2 {
		t.Errorf("only %d of %d messages stored: medbot reads too far ahead of what it stores", msgs, n)
	}
	// a message stored but not confirmed before a kill is confirmed after the restart
	if len(reacted) != msgs {
		t.Errorf("%d messages stored but %d confirmed", msgs, len(reacted))
	}
}

// TestIdleRSS checks an idle medbot run stays under 30 MB resident.
func TestIdleRSS(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	c := startChild(t, d, cfg, "info")
	time.Sleep(1500 * time.Millisecond)
	rss := procKB(c.cmd.Process.Pid, "VmRSS")
	t.Logf("idle RSS %d kB", rss)
	limit := 30 << 10
	if raceEnabled {
		limit *= 4 // the race detector's shadow memory
	}
	if rss <= 0 || rss > limit {
		t.Errorf("idle RSS %d kB, want under %d kB", rss, limit)
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("medbot did not exit cleanly on SIGTERM: %v\n%s", err, c.logs.String())
	}
	if !strings.Contains(c.logs.String(), "medbot stopped") {
		t.Errorf("logs:\n%s", c.logs.String())
	}
}

// TestWarnsReadable: medbot run warns when its files are readable by others.
func TestWarnsReadable(t *testing.T) {
	d := fakeDaemon(t, signalclitest.Options{})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	os.Chmod(cfg, 0o644)
	c := startChild(t, d, cfg, "info")
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	if !strings.Contains(c.logs.String(), "the configuration is readable by other users") {
		t.Errorf("no warning:\n%s", c.logs.String())
	}
	if strings.Contains(c.logs.String(), "the database is readable") {
		t.Errorf("database created readable:\n%s", c.logs.String())
	}
	fi, err := os.Stat(dbFor(cfg))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("database %v %v", fi, err)
	}
}

// TestBurst10k sends 10,000 messages in about a second: all are stored and
// reacted to, and medbot's peak RSS stays under 100 MB.
func TestBurst10k(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 10,000 messages through a medbot process (runs in .ci/run without -short)")
	}
	lat, total, hwm := runBurst(t, 10000)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("10,000 messages: %.0f msg/s, latency p50 %v p99 %v, peak RSS %d kB", 10000/total.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100], hwm)
	if hwm <= 0 || hwm > 100<<10 {
		t.Errorf("peak RSS %d kB, want under 100 MB", hwm)
	}
}

func runBurst(t testing.TB, n int) ([]time.Duration, time.Duration, int) {
	d := fakeDaemon(t, signalclitest.Options{MaxDelay: -1})
	cfg := writeConfig(t, d.Network(), d.Addr(), "Family health")
	c := startChild(t, d, cfg, "warn")
	delivered := make(map[int64]time.Time, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		e := d.Text(familyID, mumP, fmt.Sprintf("Rory 38.%d", i%10))
		delivered[e.Timestamp()] = time.Now()
		d.Deliver(e)
	}
	t.Logf("delivered %d in %v", n, time.Since(start))
	deadline := time.Now().Add(180 * time.Second)
	var hwm int
	for {
		if v := procKB(c.cmd.Process.Pid, "VmHWM"); v > hwm {
			hwm = v
		}
		if len(d.Calls("sendReaction")) >= n || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	reacted := reactedSet(d)
	if len(reacted) != n {
		t.Fatalf("%d of %d reacted", len(reacted), n)
	}
	var last time.Time
	lat := make([]time.Duration, 0, n)
	for ts, at := range reacted {
		lat = append(lat, at.Sub(delivered[ts]))
		if at.After(last) {
			last = at
		}
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	st, err := store.Open(dbFor(cfg), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if msgs, _, _ := st.Counts(context.Background()); msgs != n {
		t.Errorf("%d of %d stored", msgs, n)
	}
	return lat, last.Sub(start), hwm
}

// BenchmarkBurst10k reports throughput, notification-to-reaction latency
// and peak RSS for 10,000 messages through a medbot process (one op is the
// whole burst).
func BenchmarkBurst10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		lat, total, hwm := runBurst(b, 10000)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(10000/total.Seconds(), "msgs/s")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(hwm)/1024, "peak-rss-MB")
	}
}
