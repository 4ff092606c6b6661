package parse

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

type phraseKind uint8

const (
	pChild phraseKind = iota
	pGroup            // every child
	pMed
	pEvent
	pTemp  // temperature keyword
	pSpO2  // SpO2 keyword
	pHR    // heart-rate keyword
	pRR    // breathing-rate keyword
	pKg    // weight keyword
	pUnit  // dose unit
	pCount // "x" before or after a count
)

type phrase struct {
	words []string
	kind  phraseKind
	idx   int    // index into children, medications or events
	unit  string // for pUnit: the normalised unit
	weak  bool
}

// table maps a phrase's first token to its phrases, longest first.
type table map[string][]phrase

func (t table) add(p phrase) {
	first := p.words[0]
	ps := append(t[first], p)
	sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	t[first] = ps
}

// phraseWords tokenizes a vocabulary phrase the way messages are tokenized.
func (p *Parser) phraseWords(s string) []string {
	toks := tokenize(s, nil)
	p.l.forms(toks)
	out := make([]string, len(toks))
	for i := range toks {
		out[i] = toks[i].v
	}
	return out
}

// fuzzyWord is a single-word medication or event name long enough for
// typos to be forgiven.
type fuzzyWord struct {
	word string
	kind phraseKind
	idx  int
}

// Parser reads messages for one family. It is safe for concurrent use.
type Parser struct {
	l      *language // the family's language: its words
	vocab  medbot.Family
	zone   *time.Location
	phr    table
	fuzzy  []fuzzyWord
	single string // the only child's name when there is exactly one
}

// New compiles a Parser for the family v. It fails when two children, or
// two medications, or two events share a name or alias.
func New(v medbot.Family) (*Parser, error) {
	if !Reads(v.Language) {
		return nil, fmt.Errorf("%w: %q", ErrLanguage, v.Language)
	}
	p := &Parser{l: languageOf(v.Language), vocab: v, zone: v.Zone, phr: table{}}
	if p.zone == nil {
		p.zone = time.UTC
	}
	if len(v.Children) == 1 {
		p.single = v.Children[0].Name
	}
	seen := map[string]string{} // phrase -> owner, per class
	add := func(class, owner, s string, ph phrase) error {
		words := p.phraseWords(s)
		if len(words) == 0 {
			return fmt.Errorf("%s %q: empty name or alias", class, owner)
		}
		key := class + "\x00" + strings.Join(words, " ")
		if prev, ok := seen[key]; ok && prev != owner {
			return fmt.Errorf("%s alias %q is used by both %q and %q", class, s, prev, owner)
		}
		seen[key] = owner
		ph.words = words
		p.phr.add(ph)
		// typos are forgiven in medication names alone: no event is ever
		// read out of another word ("walking" is not "waking")
		if len(words) == 1 && len([]rune(words[0])) >= 6 && ph.kind == pMed {
			p.fuzzy = append(p.fuzzy, fuzzyWord{word: words[0], kind: ph.kind, idx: ph.idx})
		}
		return nil
	}
	for i, c := range v.Children {
		for _, s := range append([]string{c.Name}, c.Aliases...) {
			if err := add("child", c.Name, s, phrase{kind: pChild, idx: i}); err != nil {
				return nil, err
			}
		}
	}
	// possessives written without the apostrophe: "rorys temp"
	for i, c := range v.Children {
		for _, s := range append([]string{c.Name}, c.Aliases...) {
			ws := p.phraseWords(s)
			if len(ws) != 1 || len([]rune(ws[0])) < 3 || strings.HasSuffix(ws[0], "s") {
				continue
			}
			key := "child\x00" + ws[0] + "s"
			if _, taken := seen[key]; !taken {
				seen[key] = c.Name
				p.phr.add(phrase{words: []string{ws[0] + "s"}, kind: pChild, idx: i})
			}
		}
	}
	for i, m := range v.Medications {
		for _, s := range append([]string{m.Name}, m.Aliases...) {
			ws := p.phraseWords(s)
			weak := len(ws) == 1 && p.l.weakAliases[ws[0]]
			if err := add("medication", m.Name, s, phrase{kind: pMed, idx: i, weak: weak}); err != nil {
				return nil, err
			}
		}
	}
	for i, e := range v.Events {
		for _, s := range append([]string{e.Name}, e.Aliases...) {
			if err := add("event", e.Name, s, phrase{kind: pEvent, idx: i}); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range p.l.everyChild {
		p.phr.add(phrase{words: p.phraseWords(s), kind: pGroup})
	}
	for kind, words := range p.l.keywords {
		for _, s := range words {
			p.phr.add(phrase{words: p.phraseWords(s), kind: kind})
		}
	}
	for w, u := range p.l.unitWords {
		p.phr.add(phrase{words: []string{w}, kind: pUnit, unit: u})
	}
	return p, nil
}

// match returns the longest phrase of one of kinds starting at toks[i].
func (p *Parser) match(toks []token, i int, kinds ...phraseKind) (phrase, bool) {
	for _, ph := range p.phr[toks[i].v] {
		if !hasKind(kinds, ph.kind) || i+len(ph.words) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(ph.words); k++ {
			if toks[i+k].v != ph.words[k] {
				ok = false
				break
			}
		}
		if ok {
			return ph, true
		}
	}
	return phrase{}, false
}

func hasKind(kinds []phraseKind, k phraseKind) bool {
	for _, c := range kinds {
		if c == k {
			return true
		}
	}
	return false
}

// fuzzyMatch finds a medication or event name within one edit of w
// (a letter wrong, missing, extra, or two swapped), for names of six
// letters or more. An ambiguous match (two names) is no match.
func (p *Parser) fuzzyMatch(w string) (fuzzyWord, bool) {
	if len(w) < 5 {
		return fuzzyWord{}, false
	}
	var found fuzzyWord
	n := 0
	for _, f := range p.fuzzy {
		d := len(f.word) - len(w)
		if d < -1 || d > 1 {
			continue
		}
		if oneEdit(w, f.word) {
			if n > 0 && (found.kind != f.kind || found.idx != f.idx) {
				return fuzzyWord{}, false
			}
			found = f
			n++
		}
	}
	return found, n > 0
}

// oneEdit reports whether a and b differ by exactly one substitution,
// insertion, deletion or adjacent transposition (bytes; the names are ASCII).
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		// transposition
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	if lb-la != 1 {
		return false
	}
	return a[i:] == b[i+1:] // insertion into a
}

// ErrLanguage is New's error for a family whose language the parser does
// not read: it refuses rather than misread ("um halb 5" is 4:30 in German,
// "half 5" 5:30 in English).
var ErrLanguage = errors.New("parse: not a language medbot reads yet")

// Reads reports whether the parser reads messages in language ("" is
// English).
func Reads(language string) bool {
	_, ok := languages[strings.ToLower(language)]
	return ok
}
