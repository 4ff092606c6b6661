package parse

import (
	"github.com/medbot/medbot"
)

func (s *state) negatedAfter(end int) bool {
	for k, steps := end, 0; k < len(s.toks) && steps < 4; k, steps = k+1, steps+1 {
		t := &s.toks[k]
		if s.l.postNegations[t.s] {
			return true
		}
		if t.s == "not" && (s.word(k+1, "given") || s.word(k+1, "taken") || s.word(k+1, "had")) {
			return true
		}
		if !(t.s == "-" || t.s == ":" || t.s == "it" || t.s == "was" || t.s == "is" || t.s == "out" || t.s == "all" || t.s == "back" || t.s == "up" || t.s == "the" || t.s == "dose") {
			return false
		}
	}
	return false
}

// clauseHas reports whether the clause of toks[i] holds a word of set.
func (s *state) clauseHas(i int, set map[string]bool) bool {
	c := s.clause[i]
	for k := i; k >= 0 && s.clause[k] == c; k-- {
		if set[s.toks[k].s] && s.toks[k].kind == tWord {
			return true
		}
	}
	for k := i + 1; k < len(s.toks) && s.clause[k] == c; k++ {
		if set[s.toks[k].s] && s.toks[k].kind == tWord {
			return true
		}
	}
	return false
}

// mentionBetween reports whether a dose and a medicine at tokens a and b
// belong to different children: a child's name lies between them that
// starts a new stretch of the message ("calpol 5ml Rory, Freya 5ml
// nurofen"). The first name starts none (the text before it is its
// child's: "calpol Rory 5ml"), and with one name nothing is split.
func (s *state) mentionBetween(a, b int) bool {
	if len(s.mentions) < 2 {
		return false
	}
	if a > b {
		a, b = b, a
	}
	n := s.mentionsBefore[b] - s.mentionsBefore[a]
	if first := s.mentions[0].start; first >= a && first < b {
		n--
	}
	return n > 0
}

// findMedications finds medication names, pairs each with its dose and
// drops the ones negated, refused or only talked about.
func (s *state) findMedications(doses []dose) {
	var meds []medHit
	for i := 0; i < len(s.toks); i++ {
		if s.used[i] || s.toks[i].kind == tPunct {
			continue
		}
		if len(meds) > MaxFindings {
			s.tooMany = true // more medicines than a message records: no more work on it
			return
		}
		if ph, ok := s.p.match(s.toks, i, pMed); ok {
			meds = append(meds, medHit{pos: i, end: i + len(ph.words), idx: ph.idx, weak: ph.weak})
			s.mark(i, i+len(ph.words))
			i += len(ph.words) - 1
			continue
		}
		if s.toks[i].kind == tWord {
			if f, ok := s.p.fuzzyMatch(s.toks[i].s); ok && f.kind == pMed {
				meds = append(meds, medHit{pos: i, end: i + 1, idx: f.idx})
				s.used[i] = true
			}
		}
	}
	if len(meds) == 0 {
		return
	}
	for i := range s.toks {
		if s.l.givingWords[s.toks[i].s] && s.toks[i].kind == tWord {
			s.giving = true
		}
	}
	doseStart := make([]int, len(s.toks)+1)
	doseEnd := make([]int, len(s.toks)+1)
	for i := range doseStart {
		doseStart[i], doseEnd[i] = -1, -1
	}
	for di, d := range doses {
		doseStart[d.pos] = di
		doseEnd[d.end] = di
	}
	doseFirst := len(doses) > 0 && doses[0].pos < meds[0].pos
	named := len(s.mentions) > 0
	// pair each medicine with its dose: first never across a name that
	// starts another child's stretch, then, for what is left unpaired on
	// both sides, across it ("nurofen Freya 5ml" read name-last)
	picks := make([]int, len(meds))
	for pass := 0; pass < 2; pass++ {
		for mi := range meds {
			if pass == 0 {
				picks[mi] = -1
			} else if picks[mi] >= 0 {
				continue
			}
			picks[mi] = s.pairDose(meds, mi, doses, doseStart, doseEnd, doseFirst, pass == 0)
			if picks[mi] >= 0 {
				doses[picks[mi]].paired = true
			}
		}
	}
	denied := make([]bool, len(meds))
	recorded := make([]item, 0, len(meds))
	for mi := range meds {
		if s.tooMany {
			break
		}
		m := &meds[mi]
		pick := picks[mi]
		med := s.p.vocab.Medications[m.idx]
		o := medbot.Observation{Kind: medbot.Medication, Name: med.Name}
		if pick >= 0 {
			d := &doses[pick]
			o.Dose, o.HasDose, o.Unit = d.val, true, d.unit
			if o.Unit == "" {
				o.Unit = med.Unit
			}
		}
		givingHere := s.clauseHas(m.pos, s.l.givingWords)
		switch {
		case s.negated[m.pos] || s.negatedAfter(m.end) || s.deniedInList(meds, mi, denied, picks, doses):
			denied[mi] = true
			continue // "refused amox", "won't take calpol or nurofen"
		case s.cameUp(m):
			continue // "brought up his amox": a vomit, not a dose
		case m.weak && !o.HasDose && !s.giving:
			continue // "her lips are blue"
		case !givingHere && s.clauseHas(m.pos, s.l.schedules):
			continue // "calpol 5ml every 4h"
		case !o.HasDose && !givingHere && s.clauseHas(m.pos, s.l.notYet):
			continue // "nearly out of calpol"
		case !o.HasDose && !named && !s.giving:
			continue // talk: "we're nearly out of calpol"
		}
		s.addItem(m.pos, o)
		recorded = append(recorded, item{pos: m.pos, obs: o})
	}
	s.carryOver(recorded, doses)
}

// deniedInList reports whether meds[mi] continues a list whose medicine
// before it was denied: "refused calpol and nurofen" refuses both.
func (s *state) deniedInList(meds []medHit, mi int, denied []bool, picks []int, doses []dose) bool {
	if mi == 0 || !denied[mi-1] {
		return false
	}
	from := meds[mi-1].end
	if p := picks[mi-1]; p >= 0 && doses[p].pos >= from {
		from = doses[p].end
	}
	for k := from; k < meds[mi].pos; k++ {
		if !s.l.listJoins[s.toks[k].s] {
			return false
		}
	}
	return true
}

// carryOver reads a dose written after another child's name with no
// medicine of its own as the medicine named before it: "calpol 5ml Freya
// and 7.5ml Rory" is paracetamol for both.
func (s *state) carryOver(recorded []item, doses []dose) {
	for di := range doses {
		d := &doses[di]
		if d.paired || s.negated[d.pos] || s.silent[d.pos] {
			continue
		}
		var from *item
		for k := range recorded {
			if recorded[k].pos < d.pos {
				from = &recorded[k]
			}
		}
		if from == nil || s.mentionsBefore[d.pos] == s.mentionsBefore[from.pos+1] || !s.nextToName(d) {
			continue
		}
		o := from.obs
		o.Dose, o.HasDose, o.Unit = d.val, true, d.unit
		if o.Unit == "" {
			o.Unit = from.obs.Unit
		}
		d.paired = true
		s.addItem(d.pos, o)
	}
}

// nextToName reports whether a dose stands right after or right before a
// child's name ("Rory 7.5ml", "7.5ml for Rory").
func (s *state) nextToName(d *dose) bool {
	j := d.pos - 1
	for j >= 0 && s.l.beforeDose[s.toks[j].s] && !s.mentionTok[j] {
		j--
	}
	if j >= 0 && s.mentionTok[j] {
		return true
	}
	k := d.end
	for k < len(s.toks) && (s.toks[k].s == "for" || s.toks[k].s == "to" || s.toks[k].s == "-") {
		k++
	}
	return k < len(s.toks) && s.mentionTok[k]
}

// pairDose finds the unpaired dose of meds[mi]: the one just after it or
// just before it (within three tokens, not past a neighbouring medicine),
// preferring the side the message writes doses on. guard keeps doses from
// crossing into another child's stretch.
func (s *state) pairDose(meds []medHit, mi int, doses []dose, doseStart, doseEnd []int, doseFirst, guard bool) int {
	m := &meds[mi]
	lo, hi := 0, len(s.toks)
	if mi > 0 {
		lo = meds[mi-1].end
	}
	if mi+1 < len(meds) {
		hi = meds[mi+1].pos
	}
	after, before := -1, -1
	for k := m.end; k <= m.end+3 && k < hi; k++ {
		if di := doseStart[k]; di >= 0 && !doses[di].paired && !(guard && s.mentionBetween(m.end, k)) {
			after = di
			break
		}
	}
	for k := m.pos; k >= m.pos-3 && k >= lo && k > 0; k-- {
		if di := doseEnd[k]; di >= 0 && !doses[di].paired && !(guard && s.mentionBetween(k, m.pos)) {
			before = di
			break
		}
	}
	switch {
	case doseFirst && before >= 0, after < 0:
		return before
	}
	return after
}
