package medbot_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// written collects every English text the code writes through Units.T,
// Units.F or the bot's say: the first argument, when it is a literal, of
// a call to a method of those names, in the packages the family reads.
func written(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{".", "bot", "charts", "charts/report", "timeline", "cmd/medbot"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			file, err := parser.ParseFile(fset, f, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				names := []string{"T", "F", "say"}
				if dir == "cmd/medbot" {
					names = names[:2] // the CLI's own prompts (say) stay English
				}
				if !ok || !slices.Contains(names, sel.Sel.Name) {
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out[s] = fset.Position(lit.Pos()).String()
				return true
			})
		}
	}
	// and the tables' words the family reads: the fields of composite
	// literals that hold them
	for file, fields := range map[string][]string{
		"kinds.go":         {"Name", "Label"},
		"family_de.go":     {"Name"},
		"flags.go":         {"Says", "Edition"},
		"parse/command.go": {"Name", "Usage", "Unclear"},
		"charts/vitals.go": {"label", "short"},
	} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok {
				return true
			}
			key, ok := kv.Key.(*ast.Ident)
			lit, isLit := kv.Value.(*ast.BasicLit)
			if !ok || !isLit || lit.Kind != token.STRING || !slices.Contains(fields, key.Name) {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			out[s] = fset.Position(lit.Pos()).String()
			return true
		})
	}
	for _, s := range append(append([]string{}, parse.HelpTopics...), "amber", "red", "help [topic]: this, or help "+strings.Join(parse.HelpTopics, ", help ")) {
		out[s] = "dynamic"
	}
	for _, src := range medbot.Sources {
		out[src.Edition] = "medbot.Sources"
	}
	for _, m := range medbot.DefaultMedicationsFor("de") {
		out[m.Name] = "medbot.DefaultMedicationsFor"
	}
	for _, e := range medbot.DefaultEventsFor("de") {
		out[e.Name] = "medbot.DefaultEventsFor"
	}
	return out
}

var verbs = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// TestCatalogue: every English text has a German one, with the same
// verbs in the same order, and each German text renders with sample
// values.
func TestCatalogue(t *testing.T) {
	texts := written(t)
	if len(texts) < 100 {
		t.Fatalf("only %d texts found: the scan is broken", len(texts))
	}
	var missing []string
	for en, at := range texts {
		de, ok := medbot.CatalogDE(en)
		if !ok {
			missing = append(missing, fmt.Sprintf("%s: %q", at, en))
			continue
		}
		var args []any
		for _, v := range verbs.FindAllString(en, -1) {
			switch v[len(v)-1] {
			case 'd':
				args = append(args, 2)
			case 'f':
				args = append(args, 38.5)
			case '%':
			default:
				args = append(args, "x")
			}
		}
		if strings.Contains(fmt.Sprintf(en, args...), "%!") {
			// not a format: a name or a source's words, written by T
			if de == "" {
				t.Errorf("%q: empty German", en)
			}
			continue
		}
		if v1, v2 := verbs.FindAllString(en, -1), verbs.FindAllString(de, -1); !slices.Equal(v1, v2) {
			t.Errorf("%q: verbs %v, German %q has %v", en, v1, de, v2)
		}
		if out := fmt.Sprintf(de, args...); strings.Contains(out, "%!") {
			t.Errorf("%q renders as %q", de, out)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no German for %s", m)
	}
}
