package parse_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// corpusDirs are where the worked examples live: the project's shared
// corpus (authoritative, beside the checkout) and the copy kept in testdata.
var corpusDirs = []string{"../../shared/corpus", "testdata/corpus"}

type corpusCase struct {
	ID     string            `json:"id"`
	Text   string            `json:"text"`
	Expect []json.RawMessage `json:"expect"`
}

// corpusConfig names the configuration a corpus file is read with:
// messages.jsonl with medbot.toml, messages-NAME.jsonl with the .toml whose
// name starts with NAME.
func corpusConfig(t *testing.T, jsonl string) string {
	dir, base := filepath.Dir(jsonl), strings.TrimSuffix(filepath.Base(jsonl), ".jsonl")
	if base == "messages" {
		return filepath.Join(dir, "medbot.toml")
	}
	suffix := strings.TrimPrefix(base, "messages-")
	matches, _ := filepath.Glob(filepath.Join(dir, suffix+"*.toml"))
	if len(matches) != 1 {
		t.Fatalf("%s: want one %s*.toml beside it, found %v", jsonl, suffix, matches)
	}
	return matches[0]
}

func TestCorpus(t *testing.T) {
	ran := 0
	for _, dir := range corpusDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
		for _, f := range files {
			fam := corpusFamily(t, corpusConfig(t, f))
			p, err := parse.New(fam)
			if !parse.Reads(fam.Language) {
				// a language the parser does not read yet is refused
				// whole, never read with English rules
				if !errors.Is(err, parse.ErrLanguage) {
					t.Errorf("%s: language %q: New gave %v, want ErrLanguage", f, fam.Language, err)
				}
				t.Logf("%s: language %q is refused until the parser reads it", f, fam.Language)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			for sc.Scan() {
				line := sc.Bytes()
				if len(strings.TrimSpace(string(line))) == 0 {
					continue
				}
				var c corpusCase
				if err := json.Unmarshal(line, &c); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				ran++
				out := p.ParseLine(line)
				if out.Error != "" {
					t.Errorf("%s %s: error %s", f, c.ID, out.Error)
					continue
				}
				got := normalise(t, out.Observations)
				want := normaliseRaw(t, c.Expect)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s %s %q (-want +got):\n%s", filepath.Base(f), c.ID, c.Text, diff)
				}
			}
			fh.Close()
		}
	}
	if ran == 0 {
		t.Fatal("no corpus found in", corpusDirs)
	}
}

// normalise turns observations into generic JSON values, without the
// free-text field the spec says is never compared.
func normalise(t *testing.T, obs []parse.JSONObservation) []map[string]any {
	raws := make([]json.RawMessage, len(obs))
	for i, o := range obs {
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		raws[i] = b
	}
	return normaliseRaw(t, raws)
}

func normaliseRaw(t *testing.T, raws []json.RawMessage) []map[string]any {
	out := []map[string]any{}
	for _, r := range raws {
		var m map[string]any
		if err := json.Unmarshal(r, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "text")
		out = append(out, m)
	}
	return out
}

// corpusFamily reads a corpus configuration's family: its zone and
// children, with the default medicines and events (the corpus
// configurations set nothing else; medbot's own decoder, in cmd/medbot,
// checks that they load).
func corpusFamily(t *testing.T, path string) medbot.Family {
	t.Helper()
	var f struct {
		Timezone string
		Language string
		Child    []medbot.Child
	}
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("%s: %v: more than a zone and children; read it with the full decoder", path, und)
	}
	fam := medbot.DefaultFamily()
	fam.Medications, fam.Events = medbot.DefaultMedicationsFor(f.Language), medbot.DefaultEventsFor(f.Language)
	fam.AssignColours()
	fam.Children = f.Child
	fam.Language = f.Language
	if fam.Zone, err = time.LoadLocation(f.Timezone); err != nil {
		t.Fatal(err)
	}
	return fam
}
