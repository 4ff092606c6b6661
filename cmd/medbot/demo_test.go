package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo drives the demo with a script and checks the transcript.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script.txt")
	os.WriteFile(script, []byte("Rory 38.4\ncalpol 5ml\nFreya\n/as Dad\nstatus Rory\ngraphs\nnurofen 5ml Rory\nundo\n/delete\n"), 0o600)
	demoDir := filepath.Join(dir, "demo")
	out, stderr, code := runCmd(t, "", "demo", "-dir", demoDir, "-script", script)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "  medbot [1]: Who is this for") {
		t.Errorf("medbot's messages are not numbered for /reply:\n%s", out)
	}
	out = regexp.MustCompile(`medbot \[\d+\]: `).ReplaceAllString(out, "medbot: ")
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	for _, want := range []string{
		"You: Rory 38.4\n  medbot reacts 🌡️\n",
		"You: calpol 5ml\n  medbot reacts ❓\n  medbot: Who is this for, Freya or Rory?",
		"You: Freya\n  medbot reacts 💊\n",
		"(now writing as Dad)",
		"Dad: status Rory\n  medbot: Rory: 38.4 °C at ",
		"Amoxicillin: ",
		"Dad: nurofen 5ml Rory\n  medbot reacts 💊\n",
		"Dad: undo\n  (medbot takes back its 💊)\n  medbot: Removed: Rory ibuprofen 5 ml at ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`with \d{2} messages and \d{2} records`).MatchString(out) {
		t.Errorf("no pre-filled illness:\n%s", out)
	}
	// the graphs reply's pictures are written and decode
	files := regexp.MustCompile(`\[image/png\] (\S+)`).FindAllStringSubmatch(out, -1)
	if len(files) != 4 {
		t.Fatalf("graphs wrote %d images:\n%s", len(files), out)
	}
	for _, f := range files {
		b, err := os.ReadFile(f[1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", f[1], err)
		}
	}
	// the database is reused: a second run does not pre-fill again
	out2, _, _ := runCmd(t, "", "demo", "-dir", demoDir, "-script", script)
	first := regexp.MustCompile(`with (\d+) messages`).FindStringSubmatch(out)[1]
	second := regexp.MustCompile(`with (\d+) messages`).FindStringSubmatch(out2)[1]
	if first == second {
		t.Errorf("second run did not reuse the database (%s then %s messages)", first, second)
	}
	fi, _ := os.Stat(filepath.Join(demoDir, "medbot.db"))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("demo database mode %v", fi.Mode().Perm())
	}
}

// TestDemoReply: /reply N quotes medbot's message [N], so a family in the
// demo can answer one of two open questions, as a phone's reply does.
func TestDemoReply(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script.txt")
	os.WriteFile(script, []byte("calpol 5ml\nwoke up crying\n/reply 1 Rory\n/reply 9 Rory\n"), 0o600)
	out, stderr, code := runCmd(t, "", "demo", "-dir", filepath.Join(dir, "demo"), "-script", script)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"You: calpol 5ml\n  medbot reacts ❓\n  medbot [1]: Who is this for",
		"You: woke up crying\n  medbot reacts ❓\n  medbot [2]: Who is this for",
		"You: /reply 1 Rory\n  medbot reacts 💊\n",
		"You: /reply 9 Rory\n  (say which message of medbot's and what: /reply 3 Rory)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
}
