package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medbot/medbot/store"
)

const corpusConfig = "../../parse/testdata/corpus/medbot.toml"

func runCmd(t testing.TB, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMain(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

func TestParseCommand(t *testing.T) {
	in := `{"id":"a","sender":"Mum","at":"2026-11-20T14:05:00Z","text":"Rory 38.4"}
this is not json
{"id":2,"at":"2026-11-20T14:05:00Z","text":"ok thanks","unknown":[1,2]}

{"id":"c","at":"2026-11-20T14:05:00Z","text":"both had calpol 5ml"}
`
	out, stderr, code := runCmd(t, in, "parse", "-config", corpusConfig)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(got) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(got), out)
	}
	wantPrefix := []string{`{"id":"a","observations":[{"kind":"temperature","child":"Rory"`, `{"id":null,"error":"not a JSON message`, `{"id":2,"observations":[]}`, `{"id":"c","observations":[{"kind":"medication","child":"Freya"`}
	for i, w := range wantPrefix {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("line %d: %s\nwant prefix %s", i+1, got[i], w)
		}
		if !json.Valid([]byte(got[i])) {
			t.Errorf("line %d is not JSON", i+1)
		}
	}
}

func TestParseCommandBadConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(cfg, []byte("timezone = \"Nowhere/Land\"\n[[child]]\nname = \"A\"\n"), 0o600)
	_, stderr, code := runCmd(t, "", "parse", "-config", cfg)
	if code != 1 || !strings.Contains(stderr, "bad.toml: timezone: unknown zone") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func writeMessages(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	texts := []string{"Rory 38.4", "calpol 5ml Freya", "Rory sats 94 hr 130", "Roo blue inhaler x4", "Freya woke up coughing", "ok thanks", "both had calpol 5ml", "note: GP says fluids"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"id":"m%d","sender":"%s","at":"%s","text":%q}`+"\n", i, []string{"Mum", "Dad"}[i%2], base.Add(time.Duration(i)*time.Second).Format(time.RFC3339), texts[i%len(texts)])
	}
	path := filepath.Join(t.TempDir(), "msgs.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportIdempotent(t *testing.T) {
	in := writeMessages(t, 500)
	db := filepath.Join(t.TempDir(), "m.db")
	out, stderr, code := runCmd(t, "", "import", "-config", corpusConfig, "-db", db, in)
	if code != 0 || !strings.Contains(out, "imported 500 new messages") {
		t.Fatalf("first import: exit %d %q %q", code, out, stderr)
	}
	out, _, code = runCmd(t, "", "import", "-config", corpusConfig, "-db", db, in)
	if code != 0 || !strings.Contains(out, "imported 0 new messages (500 already stored") {
		t.Fatalf("second import: exit %d %q", code, out)
	}
	// a bad line is reported with its number; the rest are stored
	bad := `{"id":"x","at":"2026-11-21T00:00:00Z","text":"Rory 39.1"}` + "\n{oops\n"
	out, stderr, code = runCmd(t, bad, "import", "-config", corpusConfig, "-db", db)
	if code != 1 || !strings.Contains(out, "imported 1 new message (") || !strings.Contains(stderr, "-:2: not a JSON message") {
		t.Fatalf("bad line: exit %d %q %q", code, out, stderr)
	}
	// reparse with the same vocabulary changes nothing
	out, _, code = runCmd(t, "", "reparse", "-config", corpusConfig, "-db", db)
	if code != 0 || !strings.Contains(out, "read 501 messages again: 0 records added, 0 removed") {
		t.Fatalf("reparse: exit %d %q", code, out)
	}
}

func TestReparseNewVocabulary(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	in := `{"id":"1","sender":"Mum","at":"2026-11-20T10:00:00Z","text":"Rory telfast 30mg"}` + "\n"
	if _, stderr, code := runCmd(t, in, "import", "-config", corpusConfig, "-db", db); code != 0 {
		t.Fatal(stderr)
	}
	cfg, _ := os.ReadFile(corpusConfig)
	newCfg := filepath.Join(dir, "new.toml")
	os.WriteFile(newCfg, append(cfg, []byte("\n[[medication]]\nname = \"fexofenadine\"\naliases = [\"telfast\"]\n")...), 0o600)
	out, stderr, code := runCmd(t, "", "reparse", "-config", newCfg, "-db", db, "-since", "3650d")
	if code != 0 || !strings.Contains(out, "1 record added, 0 removed") {
		t.Fatalf("reparse: exit %d %q %q", code, out, stderr)
	}
}

func TestInit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "medbot.toml")
	if _, stderr, code := runCmd(t, "", "init", "-o", path); code != 0 {
		t.Fatal(stderr)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", fi, err)
	}
	if _, stderr, code := runCmd(t, "", "init", "-o", path); code != 1 || !strings.Contains(stderr, "not overwriting") {
		t.Errorf("second init: %d %q", code, stderr)
	}
	// no pretend family: check fails until the children are written, and
	// the zone is this machine's
	out, _, code := runCmd(t, "", "check", "-config", path)
	if code != 1 || !strings.Contains(out, "✗ configuration") || !strings.Contains(out, "no children configured: add a [[child]] with a name") {
		t.Errorf("check of the starter: exit %d\n%s", code, out)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `timezone = "`+machineZone()+`"`) || strings.Contains(string(raw), "\nname = ") {
		t.Errorf("the starter:\n%s", raw)
	}
	// with a child written in, it loads with the defaults
	os.WriteFile(path, append(raw, []byte("\n[[child]]\nname = \"Rory\"\n")...), 0o600)
	if _, stderr, code := runCmd(t, "", "parse", "-config", path); code != 0 {
		t.Errorf("starter with a child does not load: %s", stderr)
	}
}

// BenchmarkImport100k imports 100,000 messages into a new database; the
// target is under 10 s per op on a 2-core machine.
func BenchmarkImport100k(b *testing.B) {
	in := writeMessages(b, 100000)
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "m.db")
		if _, stderr, code := runCmd(b, "", "import", "-config", corpusConfig, "-db", db, in); code != 0 {
			b.Fatal(stderr)
		}
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var ctxBG = context.Background()

func openStoreForTest(path string) (*store.Store, error) { return store.Open(path, store.Options{}) }

// TestMissingDatabase checks a mistyped -db is an
// error for the commands that read, and check creates no file.
func TestMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "medbot.toml")
	if err := os.WriteFile(cfg, []byte("timezone = \"Europe/London\"\n[[child]]\nname = \"Rory\"\n[signal]\nsocket = \"/nonexistent/socket\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	typo := filepath.Join(dir, "medbto.db")
	for _, args := range [][]string{
		{"export", "-config", cfg, "-db", typo},
		{"graphs", "-config", cfg, "-db", typo, "-out", dir},
		{"report", "-config", cfg, "-db", typo, "-o", filepath.Join(dir, "r.pdf")},
		{"reparse", "-config", cfg, "-db", typo},
	} {
		_, stderr, code := runCmd(t, "", args...)
		if code == 0 || !strings.Contains(stderr, "no database at "+typo) {
			t.Errorf("%s: exit %d, stderr %q", args[0], code, stderr)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%s created %s", args[0], typo)
		}
	}
	stdout, _, _ := runCmd(t, "", "check", "-config", cfg)
	if !strings.Contains(stdout, "no database at "+filepath.Join(dir, "medbot.db")+" yet") {
		t.Errorf("check: %s", stdout)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("check left files behind: %v", entries)
	}
}
