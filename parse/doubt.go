package parse

import (
	"math"
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
)

// Doubt is one reading not taken as written.
type Doubt struct {
	Kind DoubtKind
	// Written is what the parent wrote: "3.84", "48.4", "37", "25:00".
	Written string
	// Meant is the reading it probably is, with its child and time, not
	// recorded (Misplaced, WholeNumber); for OutOfRange its Value is the
	// number as written, in °C; for BadTime only its Child is set.
	Meant medbot.Observation
}

// DoseQuestion is a question about doses: for these children (none named:
// every child) and these medicines (none named: any given recently).
type DoseQuestion struct {
	Children  []string
	Medicines []string
}

// doubtAt reads the number toks[i], rejected as a temperature, as a
// doubt when it was written as one: with a unit or keyword (scale or
// keyword), or right after a child's name. It reports whether it did.
func (s *state) doubtAt(i int, scale byte, keyword bool) bool {
	n := &s.toks[i]
	if s.silent[i] || s.threshold(i) || len(n.frac) > 2 || scale == 'F' {
		return false
	}
	if !keyword && scale == 0 && !(i > 0 && s.mentionTok[i-1]) {
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
	case (n.frac != "" || scale != 0 || keyword) && (v >= 25 && v < 34 || v > 43 && v < 60):
		kind, meant = OutOfRange, v
	default:
		return false
	}
	s.used[i] = true
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
		return r
	case s.noted != nil:
		r.Observations = s.noted
		return r
	}
	r.Observations = s.assign()
	r.Doubts = s.doubts
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

// doseWords make a question without a medicine's name a dose question:
// "when is the next dose due".
var doseWords = set("dose", "doses", "due", "meds", "medicine", "medicines", "calpol")

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
		any = any || s.isWord(i, doseWords)
	}
	if len(q.Medicines) == 0 && !any {
		return nil
	}
	for _, c := range s.namedChildren() {
		q.Children = append(q.Children, s.p.vocab.Children[c].Name)
	}
	return q
}
