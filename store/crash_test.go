package store_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// crashWriterEnv, when set to a database path, makes the test binary a
// writer: it stores messages in a loop and prints each one's number on
// stdout after its commit returned. With MEDBOT_STORE_CRASH_STOP=n it
// stores n and then waits to be killed, so a test knows exactly what was
// committed before the kill.
const crashWriterEnv = "MEDBOT_STORE_CRASH_WRITER"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashWriterEnv); path != "" {
		crashWriter(path)
		return
	}
	os.Exit(m.Run())
}

func crashWriter(path string) {
	s, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	start, _ := strconv.Atoi(os.Getenv("MEDBOT_STORE_CRASH_START"))
	stop, _ := strconv.Atoi(os.Getenv("MEDBOT_STORE_CRASH_STOP"))
	w := bufio.NewWriter(os.Stdout)
	for i := start; ; i++ {
		if stop > 0 && i == start+stop {
			time.Sleep(time.Hour) // killed here, its log not folded
		}
		at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		m := msg("uuid-mum", at, fmt.Sprintf("Rory 38.%d", i%10))
		if _, err := saveOne(ctx, s, m, []medbot.Observation{temp("Rory", at, 38+float64(i%10)/10)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Fprintln(w, i)
		w.Flush()
	}
}

// TestCrashSafety kills a writing process with SIGKILL at random moments:
// every write it reported committed must be there, and the file must pass
// an integrity check.
func TestCrashSafety(t *testing.T) {
	path := t.TempDir() + "/crash.db"
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	committed := map[int]bool{}
	next := 0
	rounds := 5
	if testing.Short() {
		rounds = 2
	}
	for round := 0; round < rounds; round++ {
		cmd, out := startWriter(t, path, next)
		sc := bufio.NewScanner(out)
		want := 20 + rng.Intn(200)
		got := 0
		for sc.Scan() {
			n, err := strconv.Atoi(sc.Text())
			if err != nil {
				t.Fatalf("writer said %q", sc.Text())
			}
			committed[n] = true
			if n >= next {
				next = n + 1
			}
			got++
			if got == want {
				// kill at a random moment inside the next writes
				time.Sleep(time.Duration(rng.Intn(3000)) * time.Microsecond)
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		cmd.Wait()
		if got < want {
			t.Fatalf("round %d: writer stopped after %d writes", round, got)
		}

		s, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for n := range committed {
			at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Second)
			st, err := s.Message(ctx, medbot.MessageKey{Group: group, Author: "uuid-mum", SentMS: at.UnixMilli()})
			if err != nil || len(st.Observations) != 1 {
				t.Fatalf("round %d: committed write %d missing: %v", round, n, err)
			}
		}
		s.Close()
		next += 1000 // writes after the last reported one may or may not be there
	}
	if len(committed) < rounds*20 {
		t.Errorf("only %d committed writes checked", len(committed))
	}
}

// startWriter starts this test binary as the crash writer on path, its
// messages numbered from start; it prints each number once committed.
func startWriter(t *testing.T, path string, start int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	return startWriterStopping(t, path, start, 0)
}

// startWriterStopping starts a writer that stores stop messages (0: no
// end) and then waits to be killed.
func startWriterStopping(t *testing.T, path string, start, stop int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWriterEnv+"="+path, "MEDBOT_STORE_CRASH_START="+strconv.Itoa(start), "MEDBOT_STORE_CRASH_STOP="+strconv.Itoa(stop))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}
