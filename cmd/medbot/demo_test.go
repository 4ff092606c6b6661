package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/parse"
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

// TestDemoGerman: demo -lang de is Mia and Jonas's family writing German,
// and medbot answers, draws and reports in German; every line of the
// German story but its questions is read as a record (or answers
// medbot's question).
func TestDemoGerman(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script.txt")
	os.WriteFile(script, []byte("Jonas 38,4\nNurofen 5 ml\nMia\nstatus Mia\nhilfe\ngrafik\nrückgängig\n"), 0o600)
	out, stderr, code := runCmd(t, "", "demo", "-lang", "de", "-dir", filepath.Join(dir, "demo"), "-script", script)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out = regexp.MustCompile(`medbot \[\d+\]: `).ReplaceAllString(out, "medbot: ")
	for _, want := range []string{
		"medbot-Demo: die Familiengruppe von Mia und Jonas",
		"Du: Jonas 38,4\n  medbot reacts 🌡️\n",
		"Du: Nurofen 5 ml\n  medbot reacts ❓\n  medbot: Für wen ist das, Mia oder Jonas?",
		"Du: status Mia\n  medbot: Mia: 37,6 °C um ",
		"Befehle: grafik, status, bericht, rückgängig.",
		"Entfernt: Mia Ibuprofen 5 ml um ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if n := len(regexp.MustCompile(`\[image/png\] `).FindAllString(out, -1)); n != 4 {
		t.Errorf("grafik wrote %d images:\n%s", n, out)
	}
	if strings.Contains(out, "ohne Namen") || strings.Contains(out, "ohne Ja") {
		t.Errorf("the German story left a question open:\n%s", out)
	}
	cfg, err := parseConfig(demoConfigDE, "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := parse.New(cfg.Family)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range storyDE {
		if l.text == "" || strings.Contains(l.text, "?") {
			continue // an answer, or a question: it may rightly record nothing
		}
		r := p.Read(strings.ReplaceAll(l.text, "{clock}", "03:00"), time.Date(2026, 11, 20, 4, 0, 0, 0, time.UTC))
		if len(r.Observations) == 0 && len(r.Doubts) == 0 {
			t.Errorf("the story's %q records nothing", l.text)
		}
	}
	if _, stderr, code := runCmd(t, "", "demo", "-lang", "fr", "-dir", filepath.Join(dir, "fr")); code == 0 || !strings.Contains(stderr, "en or de") {
		t.Errorf("-lang fr: exit %d, %q", code, stderr)
	}
}
