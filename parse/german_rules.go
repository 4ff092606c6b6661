package parse

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/medbot/medbot"
)

// German's own rules (messages-de.md), where its grammar is not
// English's: spellings and compounds, every-child words, times, and what
// records nothing (questions with the verb first, instructions with the
// infinitive last, plans, what someone said, negation over the whole
// clause).

// germanForms gives each word its two spellings: s for the grammar rules
// (ä as ae: "hätte" is "haette", never "hatte"), v for the vocabulary (ä =
// ae = a: "schläft", "schlaeft", "schlaft").
func germanForms(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.kind != tWord {
			t.v = t.s
			continue
		}
		t.s = germanSpelling(t.s)
		t.v = germanFold(t.s)
	}
}

// germanForms' forms of a medicine joined to a form word: "Ibusaft",
// "Nurofensaft", "Benuronzäpfchen".
var formSuffixes = []string{"saft", "zapfchen", "sirup", "tropfen", "tabletten", "tablette", "spray", "suspension"}

// germanCompounds reads the words the vocabulary knows in parts: a
// child's name with the genitive s ("Mias Temperatur"; "Jonas" stays
// Jonas), and a medicine joined to a form word ("Ibusaft").
func (p *Parser) germanCompounds(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.kind != tWord || len(t.v) < 4 {
			continue
		}
		if _, ok := p.match(toks, i, pChild, pMed, pEvent, pGroup); ok {
			continue
		}
		if strings.HasSuffix(t.v, "s") && p.single1(t.v[:len(t.v)-1], pChild) {
			t.v = t.v[:len(t.v)-1]
			t.poss = true
			continue
		}
		for _, f := range formSuffixes {
			if stem := strings.TrimSuffix(strings.TrimSuffix(t.v, f), "-"); stem != t.v && len(stem) >= 3 && p.single1(stem, pMed) {
				t.v = stem
				break
			}
		}
	}
}

// single1 reports whether w alone is a phrase of kind.
func (p *Parser) single1(w string, kind phraseKind) bool {
	for _, ph := range p.phr[w] {
		if ph.kind == kind && len(ph.words) == 1 {
			return true
		}
	}
	return false
}

// germanGroupOK reports whether a word for every child at toks[i] is one:
// never "alle" before a number or a time word ("alle 6 Stunden") or used
// up at the end of a clause ("der Saft ist alle"), nor "beide" before a
// plural noun other than Kinder or Kids ("beide Säfte").
func (s *state) germanGroupOK(i int, ph phrase) bool {
	w := ph.words[0]
	n := i + len(ph.words)
	switch {
	case w == "alle" || w == "allen":
		if n < len(s.toks) && (s.toks[n].kind == tNum || s.rawIn(n, "paar", "zwei", "drei", "vier", "sechs", "acht", "stunden", "std", "minuten", "tage")) {
			return false
		}
		if i > 0 && s.rawIn(i-1, "ist", "sind", "war", "waren") && (n >= len(s.toks) || s.clause[n] != s.clause[i]) {
			return false
		}
	case w == "beide" && len(ph.words) == 1:
		if n < len(s.toks) && s.toks[n].kind == tWord && upperAt(s.text, s.toks[n].start) && !s.rawIn(n, "kinder", "kids") {
			return false
		}
	}
	return true
}

// rawIn reports whether toks[i] is one of words (before the children's
// names are known).
func (s *state) rawIn(i int, words ...string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tWord {
		return false
	}
	for _, w := range words {
		if s.toks[i].s == w {
			return true
		}
	}
	return false
}

// upperAt reports whether the word at byte i of text is capitalised (a
// German noun).
func upperAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsUpper(r)
}

// germanUndated: a sentence with "gestern", "letzte Nacht" or "die ganze
// Nacht" and no clock time records nothing, except clauses with their own
// time ("hat die ganze Nacht gehustet, jetzt 38,1").
func (s *state) germanUndated() { s.unknownTimes(false) }

// germanTimeFor is when a finding at pos happened: its clause's own time;
// else the one time of its sentence when that comes before the
// sentence's first child's name ("14 Uhr: Mia 5 ml, Jonas 7,5 ml"), or
// stands in a clause of the same child ("Mia um 0:30 Nurofen 5 ml, Jonas
// schläft" dates only Mia's); else the message's time.
func (s *state) germanTimeFor(pos int) time.Time {
	var inClause, only *timeExpr
	n := 0
	sent := s.realSentence(pos)
	for k := range s.times {
		te := &s.times[k]
		if s.silent[te.pos] {
			continue
		}
		if s.realSentence(te.pos) != sent {
			continue // an emoji ends a sentence though not a clause
		}
		if s.clause[te.pos] == s.clause[pos] || s.clause[te.end-1] == s.clause[pos] {
			if inClause == nil || absInt(te.pos-pos) < absInt(inClause.pos-pos) {
				inClause = te
			}
		}
		{
			only = te
			n++
		}
	}
	switch {
	case inClause != nil:
		return inClause.at
	case n == 1:
		first := -1
		for k := range s.toks {
			if s.mentionTok[k] && s.realSentence(k) == sent {
				first = k
				break
			}
		}
		if first < 0 || only.pos < first || s.childAt(only.pos) == s.childAt(pos) {
			return only.at
		}
	}
	return s.sent
}

// realSentence is the number of the sentence (ended by . ! ? a new line
// or an emoji) toks[i] stands in.
func (s *state) realSentence(i int) int {
	if s.real == nil {
		s.real = make([]int, len(s.toks))
		for n, sn := range s.germanSentences() {
			for k := sn[0]; k < sn[1]; k++ {
				s.real[k] = n
			}
		}
	}
	return s.real[i]
}

// childAt is the first token of the nearest child's name before toks[i]
// in its sentence (-1: none).
func (s *state) childAt(i int) int {
	for k := i; k >= 0 && s.realSentence(k) == s.realSentence(i); k-- {
		if s.mentionTok[k] {
			for k > 0 && s.mentionTok[k-1] {
				k--
			}
			return k
		}
	}
	return -1
}

// --- amounts and readings German writes its own way ---------------------

var (
	deSuppository     = gset("zäpfchen", "zapfchen", "zäpfli", "zapfli", "fieberzäpfchen", "fieberzapfchen")
	deSuppositoryOnly = gset("infectocortikrupp", "rectodelt", "klismacort")
	deHas             = gset("hat", "hatte")
	deBetweenHas      = gset("jetzt", "wieder", "noch", "schon", "auch", "immer", "nun", "gerade", "grad")
)

// germanDoses reads a suppository's or tablet's strength as its dose
// ("ben-u-ron Zäpfchen 125", "125er Zäpfchen", "Infectocortikrupp 100"),
// a count with a strength as count × strength mg ("ein halbes Zäpfchen
// ben-u-ron 250"), and any other bare number after a medicine as its
// strength, never a dose ("InfectoMox 250 5 ml", "ben-u-ron 125").
func (s *state) germanDoses(ds []dose) []dose {
	bare := func(j int) bool {
		if j >= len(s.toks) || s.used[j] || s.toks[j].kind != tNum || s.toks[j].val <= 0 || s.toks[j].val > 10000 {
			return false // a strength is a plausible amount
		}
		if j+1 < len(s.toks) {
			n := &s.toks[j+1]
			if _, unit := s.l.unitWords[n.v]; unit && n.v != "mg" {
				return false
			}
			if n.s == "%" || n.s == "x" || n.s == "/" || n.s == "er" && n.glued() {
				return false
			}
		}
		return true
	}
	mgAfter := func(j int) int {
		if s.tokV(j+1) == "mg" {
			return j + 2
		}
		return j + 1
	}
	// a count of suppositories or tablets with a strength
	for k := range ds {
		d := &ds[k]
		if d.unit != "suppositories" && d.unit != "tablets" {
			continue
		}
		if d.val > 10 {
			d.unit = "mg" // "ben-u-ron 125 Zäpfchen": no one gives 125 of them; it is the strength
			continue
		}
		for j := d.end; j < len(s.toks) && j <= d.end+6; j++ {
			if ph, ok := s.p.match(s.toks, j, pMed); ok {
				j += len(ph.words) - 1 // "ein halbes Zäpfchen ben-u-ron 250"
				continue
			}
			if bare(j) {
				end := mgAfter(j)
				d.val, d.unit = d.val*s.toks[j].val, "mg"
				s.mark(j, end) // the dose keeps its place, next to its medicine
				break
			}
			if s.toks[j].kind == tPunct || s.toks[j].kind == tNum {
				break
			}
		}
	}
	for j := range s.toks {
		if s.used[j] {
			continue
		}
		switch {
		case s.toks[j].kind == tWord && deSuppository[s.toks[j].v]:
			// "Zäpfchen 125", "125er Zäpfchen"
			if bare(j + 1) {
				end := mgAfter(j + 1)
				ds = append(ds, dose{pos: j, end: end, val: s.toks[j+1].val, unit: "mg"})
				s.mark(j, end)
			} else if j >= 2 && s.toks[j-2].kind == tNum && !s.used[j-2] && s.tokV(j-1) == "er" && s.toks[j-1].glued() {
				ds = append(ds, dose{pos: j - 2, end: j + 1, val: s.toks[j-2].val, unit: "mg"})
				s.mark(j-2, j+1)
			}
		default:
			ph, ok := s.p.match(s.toks, j, pMed)
			if !ok {
				continue
			}
			k := j + len(ph.words)
			if !bare(k) {
				continue
			}
			if deSuppositoryOnly[s.toks[j].v] {
				end := mgAfter(k)
				ds = append(ds, dose{pos: k, end: end, val: s.toks[k].val, unit: "mg"})
				s.mark(k, end)
			} else {
				s.mark(k, k+1) // the product's strength: no dose, no reading
			}
		}
	}
	slicesSortDoses(ds)
	return ds
}

// germanReadings reads a whole number 34-43 that a child has ("die Mia
// hat 40", "Jonas hatte wieder 40"; "jetzt", "wieder", "noch", "schon" may
// come between) with only the end of its clause after it.
func (s *state) germanReadings() {
	for i := range s.toks {
		t := &s.toks[i]
		if s.used[i] || t.kind != tNum || t.frac != "" || t.val < 34 || t.val > 43 || s.threshold(i) {
			continue
		}
		k := i - 1
		for k >= 0 && s.isWord(k, deBetweenHas) {
			k--
		}
		if !s.isWord(k, deHas) {
			continue
		}
		if i+1 < len(s.toks) && s.clause[i+1] == s.clause[i] && s.toks[i+1].kind != tPunct {
			continue
		}
		s.addItem(i, medbotTemperature(t.val))
		s.mark(i, i+1)
	}
}

func medbotTemperature(v float64) medbot.Observation {
	return medbot.Observation{Kind: medbot.Temperature, Value: v}
}

// slicesSortDoses puts doses in the order of their words.
func slicesSortDoses(ds []dose) {
	sort.SliceStable(ds, func(a, b int) bool { return ds[a].pos < ds[b].pos })
}
