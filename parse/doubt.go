package parse

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// Reading is everything Read makes of a message: what it records, what it
// seems to say but cannot be recorded as written, and whether it asks
// about doses.
type Reading struct {
	Observations []medbot.Observation
	// Doubts are readings medbot could not take as written ("Rory 3.84",
	// "Rory 48.4", "Rory 37", "at 25:00"): nothing is recorded for them;
	// the bot asks or says why.
	Doubts []Doubt
	// Question is set when the message asks about doses ("is rory due his
	// amox?", "when was the last nurofen").
	Question *DoseQuestion
	// TooMany is set when the message holds more than MaxFindings
	// findings: it records nothing.
	TooMany bool
}

// DoubtKind is why a reading was not taken as written.
type DoubtKind int

// The kinds of doubt.
const (
	// Misplaced is a temperature plausible with its decimal point moved:
	// "3.84", "384", "3802".
	Misplaced DoubtKind = iota + 1
	// OutOfRange is a temperature no child can have: "48.4".
	OutOfRange
	// WholeNumber is a whole number after a child's name that would be a
	// temperature: "Rory 37".
	WholeNumber
	// BadTime is a clock time that does not exist: "at 25:00".
	BadTime
	// Queried is a reading written with nothing but "?" after it and no
	// question words ("Rory 38.4?", "sats 88 now??"): not recorded, but
	// silence is never the answer to a reading, so the bot asks.
	Queried
	// Fahrenheit is a number of 93.0–109.9 right after a child's name
	// with no unit ("rory 100.4"): probably °F, but not written so.
	Fahrenheit
	// Symptom is health news medbot half-recognised and cannot record as
	// written: a child named with a symptom word ("freya sick", "rory
	// floppy and not himself", "rory breathing fast"). Meant is a vomit
	// for a bare "sick", else a note of the message; the bot asks.
	Symptom
	// Recalled is what a reminder of an earlier dose or reading says
	// ("he already had nurofen at 11 remember", "as I said, 38.2
	// earlier"): not recorded again; the bot looks for the record it
	// recalls and asks only when there is none.
	Recalled
)

// Doubt is one reading not taken as written.
type Doubt struct {
	Kind DoubtKind
	// Written is what the parent wrote: "3.84", "48.4", "37", "25:00".
	Written string
	// Meant is the reading it probably is, with its child and time, not
	// recorded (Misplaced, WholeNumber, Queried, Recalled); for OutOfRange
	// its Value is the number as written, in °C; for BadTime only its
	// Child is set.
	Meant medbot.Observation
}

// DoseQuestion is a question about doses: for these children (none named:
// every child) and these medicines (none named: any given recently).
type DoseQuestion struct {
	Children  []string
	Medicines []string
	// Pronoun is set when it names no child but speaks of one ("should i
	// give him nurofen"): the bot answers for the child the chat was
	// about.
	Pronoun bool
}

// doubtAt reads the number toks[i], rejected as a temperature, as a
// doubt when it was written as one: with a unit or keyword (scale or
// keyword), or right after a child's name. It reports whether it did.
func (s *state) doubtAt(i int, scale byte, keyword bool) bool {
	n := &s.toks[i]
	if s.silent[i] || s.threshold(i) || len(n.frac) > 2 || scale == 'F' {
		return false
	}
	if !keyword && scale == 0 && !(i > 0 && s.mentionTok[i-1]) && !s.aloneOrSaid(i) {
		return false
	}
	v := n.val
	kind, meant := DoubtKind(0), 0.0
	switch {
	case n.frac != "" && v >= 3.4 && v <= 4.3:
		kind, meant = Misplaced, v*10
	case n.frac == "" && len(n.whole) == 3 && v >= 340 && v <= 430:
		kind, meant = Misplaced, v/10
	case n.frac == "" && len(n.whole) == 4 && v >= 3400 && v <= 4300:
		kind, meant = Misplaced, v/100
	case n.frac == "" && len(n.whole) == 2 && v >= 34 && v <= 43:
		kind, meant = WholeNumber, v
	case n.frac != "" && v >= 93 && v <= 109.9 && scale == 0 && !keyword:
		kind, meant = Fahrenheit, fahrenheitToC(v)
	case (n.frac != "" || scale != 0 || keyword) && (v >= 25 && v < 34 || v > 43 && v < 60):
		kind, meant = OutOfRange, v
	default:
		return false
	}
	s.used[i] = true
	if len(s.items) >= MaxFindings {
		s.tooMany = true
		return true
	}
	s.items = append(s.items, item{pos: i, obs: medbot.Observation{Kind: medbot.Temperature, Value: math.Round(meant*10) / 10}, doubt: kind, written: s.text[n.start:n.end]})
	return true
}

// Read reads a message as Parse does, and also returns what it could not
// record as written and the dose question it asks, if any. Parse's result
// is Read's Observations.
func (p *Parser) Read(text string, sent time.Time) Reading {
	var r Reading
	s := p.read(text, sent)
	if s == nil {
		return r
	}
	switch {
	case s.asked:
		r.Question = s.doseQuestion()
		if r.Question == nil {
			r.Doubts = p.queried(text, sent, s, nil)
		}
		return r
	case s.noted != nil:
		r.Observations = s.noted
		return r
	}
	if s.tooMany {
		r.TooMany = true
		return r
	}
	r.Observations = s.assign()
	r.Doubts = s.doubts
	r.Doubts = append(r.Doubts, p.queried(text, sent, s, r.Observations)...)
	if len(r.Observations) == 0 && s.l.asksLater(s) {
		r.Question = s.doseQuestion() // "oh no. when can rory have calpol again"
	}
	if len(r.Observations) == 0 && len(r.Doubts) == 0 && r.Question == nil {
		if d := s.symptom(); d != nil {
			r.Doubts = append(r.Doubts, *d)
		}
	}
	if s.badTime != "" {
		d := Doubt{Kind: BadTime, Written: s.badTime}
		if named := s.namedChildren(); len(named) == 1 {
			d.Meant.Child = p.vocab.Children[named[0]].Name
		} else if p.single != "" {
			d.Meant.Child = p.single
		}
		r.Doubts = append(r.Doubts, d)
	}
	return r
}

// namedChildren returns the indexes of the children the message names.
func (s *state) namedChildren() []int {
	var named []int
	for _, m := range s.mentions {
		for _, c := range m.children {
			if !containsInt(named, c) {
				named = append(named, c)
			}
		}
	}
	return named
}

// doseQuestion returns the dose question the message asks, or nil.
func (s *state) doseQuestion() *DoseQuestion {
	q := &DoseQuestion{}
	any := false
	for i := 0; i < len(s.toks); i++ {
		if ph, ok := s.p.match(s.toks, i, pMed); ok {
			name := s.p.vocab.Medications[ph.idx].Name
			if !ph.weak && !containsString(q.Medicines, name) {
				q.Medicines = append(q.Medicines, name)
			}
			i += len(ph.words) - 1
			continue
		}
		if s.toks[i].kind == tWord {
			if f, ok := s.p.fuzzyMatch(s.toks[i].s); ok && f.kind == pMed {
				if name := s.p.vocab.Medications[f.idx].Name; !containsString(q.Medicines, name) {
					q.Medicines = append(q.Medicines, name)
				}
				continue
			}
		}
		any = any || s.isWord(i, s.l.doseWords)
	}
	if len(q.Medicines) == 0 && !any {
		return nil
	}
	for _, c := range s.namedChildren() {
		q.Children = append(q.Children, s.p.vocab.Children[c].Name)
	}
	if len(q.Children) == 0 {
		for i := range s.toks {
			q.Pronoun = q.Pronoun || s.wordIn(i, s.l.pronouns...)
		}
	}
	return q
}

// queried returns the readings of the sentences that ask only by the "?"
// after them ("Rory 38.4?", "sats 88 now?? breathing looks fast"), as
// Queried doubts: read without the marks, they are what the parent would
// have recorded. A sentence with question words, a tag or an inversion
// asks a real question and gives none; have are the records the message
// makes anyway.
func (p *Parser) queried(text string, sent time.Time, s *state, have []medbot.Observation) []Doubt {
	var out []Doubt
	for from := 0; from < len(s.toks); from = nextRange(s.sentence, from) {
		to := nextRange(s.sentence, from)
		end := to
		for end > from && s.toks[end-1].kind == tPunct && isQuestionMark(s.toks[end-1].s) {
			end--
		}
		if end == to || end == from || !s.onlyMarked(from, end) {
			continue
		}
		r := p.Read(text[:s.toks[end-1].end], sent)
		for _, o := range r.Observations {
			if o.Kind.Reading() && !slices.ContainsFunc(have, func(h medbot.Observation) bool { return h == o }) {
				out = append(out, Doubt{Kind: Queried, Written: o.Describe(), Meant: o})
				have = append(have, o)
			}
		}
	}
	return out
}

// onlyMarked reports whether [from, to) asks nothing by its words: no
// question word, wondering, judgement, question opening, tag or inversion.
func (s *state) onlyMarked(from, to int) bool {
	for i := from; i < to; i++ {
		if s.isWord(i, s.l.whWords) || s.isWord(i, s.l.uncertain) || s.isWord(i, s.l.evaluative) {
			return false
		}
	}
	return !s.questionOpening(from, to) && !s.endsWithTag(from, to) && s.inverted(from, to) < 0
}

// asksLater reports whether a sentence after the first opens the way
// questions open ("oh no. when can rory have calpol again"): such a
// message asks, though its opening does not.
func (s *state) asksLater() bool {
	for from := nextRange(s.sentence, 0); from < len(s.toks); from = nextRange(s.sentence, from) {
		if s.questionOpening(from, nextRange(s.sentence, from)) {
			return true
		}
	}
	return false
}

// aloneOrSaid reports whether the number toks[i] is all the message says
// ("38", "38 now") or follows a stand-in for a child ("baby's 38 now").
func (s *state) aloneOrSaid(i int) bool {
	said := func(k int) bool { return s.toks[k].kind != tPunct && !s.wordIn(k, "now", "atm", "again") }
	if s.said < 0 {
		// counted once: asked of every bare number, a recount each time
		// made a long message quadratic
		s.said = 0
		for k := range s.toks {
			if said(k) {
				s.said++
			}
		}
	}
	rest := s.said
	if said(i) {
		rest--
	}
	return rest == 0 || s.isWord(i-1, s.l.standIns) || (s.wordIn(i-1, "is", "s") && s.isWord(i-2, s.l.standIns))
}

// symptom returns the doubt a message that records nothing deserves when
// it names a child with a symptom word ("freya sick", "rory floppy and not
// himself"): nil when it names no child, or the words are silenced
// (asked, advised, denied).
func (s *state) symptom() *Doubt {
	named := s.namedChildren()
	child := ""
	switch {
	case s.p.single != "":
		child = s.p.single
	case len(named) == 1 && len(s.mentions) > 0 && len(s.mentions[0].children) == 1:
		child = s.p.vocab.Children[named[0]].Name
	default:
		return nil
	}
	found, sick := false, false
	for i := range s.toks {
		notSelf := s.wordIn(i, "himself", "herself") && s.wordIn(i-1, "not")
		if (s.isWord(i, s.l.symptoms) || notSelf) && !s.silent[i] && (!s.negated[i] || notSelf) {
			found = true
			sick = sick || s.toks[i].s == "sick"
		}
	}
	if !found {
		return nil
	}
	meant := medbot.Observation{Kind: medbot.Note, Child: child, At: s.sent.In(s.p.zone), Text: strings.TrimSpace(s.text)}
	words := 0
	for _, t := range s.toks {
		if t.kind == tWord {
			words++
		}
	}
	if sick && words <= 3 {
		// "freya sick": in a British family's chat, a vomit
		for _, e := range s.p.vocab.Events {
			if e.Name == "vomit" {
				meant = medbot.Observation{Kind: medbot.Event, Name: e.Name, Child: child, At: s.sent.In(s.p.zone), Text: strings.TrimSpace(s.text)}
			}
		}
	}
	return &Doubt{Kind: Symptom, Written: strings.TrimSpace(s.text), Meant: meant}
}
