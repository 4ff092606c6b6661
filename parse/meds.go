package parse

import (
	"strings"

	"github.com/medbot/medbot"
)

// negations before a medication or event mean it did not happen.
var negations = map[string]bool{
	"no": true, "not": true, "didn't": true, "didnt": true, "hasn't": true, "hasnt": true, "haven't": true, "havent": true,
	"hadn't": true, "hadnt": true, "won't": true, "wont": true, "wouldn't": true, "wouldnt": true, "can't": true, "cant": true,
	"couldn't": true, "couldnt": true, "refused": true, "refuses": true, "refusing": true, "refuse": true, "skipped": true,
	"skip": true, "skipping": true, "spat": true, "spit": true, "spitting": true, "never": true, "without": true,
	"don't": true, "dont": true, "doesn't": true, "doesnt": true, "isn't": true, "isnt": true, "wasn't": true, "wasnt": true,
	"aren't": true, "declined": true, "rejected": true, "nothing": true, "none": true, "nor": true, "missed": true,
}

// medFillers may stand between a negation and the medication it negates:
// "didn't have any calpol", "spat out the nurofen".
var medFillers = map[string]bool{
	"have": true, "had": true, "take": true, "taken": true, "took": true, "any": true, "the": true, "his": true, "her": true,
	"their": true, "my": true, "yet": true, "more": true, "another": true, "want": true, "get": true, "given": true,
	"give": true, "a": true, "an": true, "some": true, "to": true, "out": true, "it": true, "of": true, "keep": true,
	"down": true, "swallow": true, "like": true, "him": true, "them": true, "dose": true, "been": true, "the's": true,
	"back": true, "up": true, "at": true, "all": true, "need": true, "needed": true, "for": true,
}

// eventFillers may stand between a negation and the event it negates:
// "not asleep yet", "no more vomiting", "still not been sick".
var eventFillers = map[string]bool{
	"been": true, "yet": true, "had": true, "any": true, "a": true, "an": true, "the": true, "more": true, "was": true,
	"is": true, "be": true, "gone": true, "to": true, "fallen": true, "got": true, "really": true, "still": true,
	"much": true, "very": true, "properly": true, "further": true, "new": true, "other": true, "signs": true, "of": true,
	"sign": true, "gotten": true, "done": true, "anything": true,
}

// postNegations after a medication mean it was not taken: "calpol refused".
var postNegations = map[string]bool{"refused": true, "spat": true, "spit": true, "declined": true, "rejected": true, "refuses": true, "refusing": true}

// givingWords say a dose was given: "gave calpol", "Rory had nurofen".
var givingWords = map[string]bool{"gave": true, "given": true, "giving": true, "had": true, "took": true, "taken": true, "done": true, "dosed": true, "administered": true, "gone": true, "swallowed": true}

// notYet are words that make a dose-less medication talk rather than a dose:
// "nearly out of calpol", "Rory can have nurofen at 6", "38.2 after calpol".
var notYet = map[string]bool{
	"due": true, "need": true, "needs": true, "needed": true, "can": true, "could": true, "should": true, "will": true,
	"next": true, "later": true, "soon": true, "want": true, "wants": true, "try": true, "until": true, "till": true,
	"if": true, "out": true, "buy": true, "bought": true, "get": true, "order": true, "after": true, "since": true,
	"from": true, "before": true, "left": true, "more": true, "pick": true, "shop": true, "pharmacy": true, "chemist": true,
	"may": true, "might": true, "allowed": true, "ok": true, "okay": true, "able": true, "waiting": true, "wait": true,
}

// futureWords make even a dose with an amount a plan, not a record:
// "Rory due 5ml calpol at 18:00".
var futureWords = map[string]bool{"due": true, "need": true, "needs": true, "should": true, "will": true, "next": true, "can": true, "could": true, "later": true, "allowed": true, "may": true}

func (s *state) negatedBefore(i int, fillers map[string]bool) bool {
	for k, steps := i-1, 0; k >= 0 && steps < 4; k, steps = k-1, steps+1 {
		t := &s.toks[k]
		if s.clause[k] != s.clause[i] {
			return false
		}
		if negations[t.s] {
			return true
		}
		if !fillers[t.s] && !s.mentionTok[k] {
			return false
		}
	}
	return false
}

func (s *state) negatedAfter(end int) bool {
	for k, steps := end, 0; k < len(s.toks) && steps < 4; k, steps = k+1, steps+1 {
		t := &s.toks[k]
		if postNegations[t.s] {
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
		if givingWords[s.toks[i].s] && s.toks[i].kind == tWord {
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
	for mi := range meds {
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
		givingHere := s.clauseHas(m.pos, givingWords)
		switch {
		case s.negatedBefore(m.pos, medFillers) || s.negatedAfter(m.end):
			continue
		case m.weak && !o.HasDose && !s.giving:
			continue // "her lips are blue"
		case !givingHere && s.clauseHas(m.pos, futureWords):
			continue // "due calpol 5ml at 6"
		case !o.HasDose && !givingHere && s.clauseHas(m.pos, notYet):
			continue // "nearly out of calpol"
		case !o.HasDose && !named && !s.giving:
			continue // talk: "we're nearly out of calpol"
		}
		s.addItem(m.pos, o)
	}
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

// findEvents finds the vocabulary's events, each at most once per clause.
func (s *state) findEvents() {
	type key struct{ clause, idx int }
	seen := map[key]bool{}
	for i := 0; i < len(s.toks); i++ {
		if s.used[i] || s.toks[i].kind == tPunct && s.toks[i].s != "&" {
			continue
		}
		idx, n := -1, 0
		if ph, ok := s.p.match(s.toks, i, pEvent); ok {
			idx, n = ph.idx, len(ph.words)
		} else if s.toks[i].kind == tWord {
			if f, ok := s.p.fuzzyMatch(s.toks[i].s); ok && f.kind == pEvent {
				idx, n = f.idx, 1
			}
		}
		if idx < 0 {
			continue
		}
		s.mark(i, i+n)
		if s.negatedBefore(i, eventFillers) {
			i += n - 1
			continue
		}
		k := key{s.clause[i], idx}
		if !seen[k] {
			seen[k] = true
			s.addItem(i, medbot.Observation{Kind: medbot.Event, Name: s.p.vocab.Events[idx].Name, Text: s.clauseText(i)})
		}
		i += n - 1
	}
}

// clauseText returns the original words of the clause holding toks[i],
// without the children's names ("Rory gone to sleep" -> "gone to sleep").
func (s *state) clauseText(i int) string {
	c := s.clause[i]
	from, to := i, i
	for from > 0 && s.clause[from-1] == c {
		from--
	}
	for to+1 < len(s.toks) && s.clause[to+1] == c {
		to++
	}
	var b strings.Builder
	start := -1 // start of the current run of words that are not names
	flush := func(end int) {
		if start >= 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.TrimSpace(s.text[start:end]))
			start = -1
		}
	}
	for k := from; k <= to; k++ {
		if s.mentionTok[k] {
			flush(s.toks[k].start)
			continue
		}
		if start < 0 {
			start = s.toks[k].start
		}
	}
	flush(s.toks[to].end)
	return strings.Trim(b.String(), " ,.;:!-()'")
}
