package parse

import (
	"sort"
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
	"stopped": true, "barely": true, "hardly": true, "nope": true, "nah": true,
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

// schedules make a medicine with an amount a rule, not a dose given:
// "calpol 5ml every 4h", "max 4 doses a day".
var schedules = map[string]bool{"every": true, "daily": true, "max": true, "maximum": true, "times": true, "per": true, "twice": true, "hourly": true}

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
		givingHere := s.clauseHas(m.pos, givingWords)
		switch {
		case s.negated[m.pos] || s.negatedAfter(m.end) || s.deniedInList(meds, mi, denied, picks, doses):
			denied[mi] = true
			continue // "refused amox", "won't take calpol or nurofen"
		case s.cameUp(m):
			continue // "brought up his amox": a vomit, not a dose
		case m.weak && !o.HasDose && !s.giving:
			continue // "her lips are blue"
		case !givingHere && s.clauseHas(m.pos, schedules):
			continue // "calpol 5ml every 4h"
		case !o.HasDose && !givingHere && s.clauseHas(m.pos, notYet):
			continue // "nearly out of calpol"
		case !o.HasDose && !named && !s.giving:
			continue // talk: "we're nearly out of calpol"
		}
		s.addItem(m.pos, o)
		recorded = append(recorded, item{pos: m.pos, obs: o})
	}
	s.carryOver(recorded, doses)
}

// listJoins may stand between two medicines of one list: "refused calpol
// and nurofen", "no calpol or the nurofen".
var listJoins = map[string]bool{"and": true, "or": true, "nor": true, ",": true, "&": true, "the": true, "any": true, "his": true, "her": true, "their": true, "+": true, "/": true}

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
		if !listJoins[s.toks[k].s] {
			return false
		}
	}
	return true
}

// vomitWords say something came back up; the ones in upWords do so only
// with "up" after them ("brought up his amox", "threw it up").
var (
	vomitWords = map[string]bool{"sick": true, "vomit": true, "vomited": true, "vomiting": true, "puked": true, "puke": true, "spewed": true, "sicked": true}
	upWords    = map[string]bool{"threw": true, "thrown": true, "brought": true, "bring": true, "came": true, "come": true, "coming": true, "throwing": true, "bringing": true}
)

// vomitAt reports whether toks[k] starts words saying something came up,
// and whether they name what came up with a pronoun ("threw it up",
// "it came back up"), so that it may be a medicine said earlier.
func (s *state) vomitAt(k int) (vomit, pronoun bool) {
	t := &s.toks[k]
	if t.kind != tWord || s.mentionTok[k] {
		return false, false
	}
	if vomitWords[t.s] {
		return true, s.wordIn(k+1, "it", "them") && s.wordIn(k+2, "up", "back")
	}
	if !upWords[t.s] {
		return false, false
	}
	for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
		if s.wordIn(j, "up") {
			pron := s.wordIn(k+1, "it", "them") || t.s == "came" || t.s == "come" || t.s == "coming"
			return true, pron
		}
		if s.toks[j].kind != tWord || s.startsMed(j) {
			break
		}
	}
	return false, false
}

// vomitIndex is where a message says something came up, found once per
// message so that asking of each medicine and drink costs no rescan
// (a pasted message of thousands of them once took minutes).
type vomitIndex struct {
	// inClause is the first word of vomiting of each clause (vomitAt),
	// inSentence the first vomit, word or event, of each sentence (-1:
	// none); pronouns the vomits that name what came up with a pronoun
	// ("threw it up"), in order; first the first vomit of the message.
	inClause, inSentence []int
	pronouns             []int
	first                int
	// drinking marks the sentences with a verb of drinking or eating.
	drinking []bool
}

// vomits returns the message's vomit index, found on first use.
func (s *state) vomits() *vomitIndex {
	if s.vx != nil {
		return s.vx
	}
	nc, ns := s.clause[len(s.clause)-1]+1, s.sentence[len(s.sentence)-1]+1
	firsts := make([]int, nc+ns)
	for i := range firsts {
		firsts[i] = -1
	}
	vx := &vomitIndex{inClause: firsts[:nc], inSentence: firsts[nc:], first: -1, drinking: make([]bool, ns)}
	for k := range s.toks {
		if s.isWord(k, drinkingVerbs) {
			vx.drinking[s.sentence[k]] = true
		}
		if s.negated[k] {
			continue
		}
		v, pron := s.vomitAt(k)
		if !v {
			if ph, ok := s.p.match(s.toks, k, pEvent); !ok || s.p.vocab.Events[ph.idx].Name != "vomit" {
				continue
			}
		}
		if c := s.clause[k]; v && vx.inClause[c] < 0 {
			vx.inClause[c] = k // a word of vomiting, as cameUp reads
		}
		if sn := s.sentence[k]; vx.inSentence[sn] < 0 {
			vx.inSentence[sn] = k
		}
		if v && pron {
			vx.pronouns = append(vx.pronouns, k)
		}
		if vx.first < 0 {
			vx.first = k
		}
	}
	s.vx = vx
	return vx
}

// cameUp reports whether the medicine m is what came back up: a word of
// vomiting in its clause ("sick straight after the nurofen", "calpol came
// back up"), or a pronoun for it later ("gave calpol but she threw it
// up"). It records the vomit when no event word names it.
func (s *state) cameUp(m *medHit) bool {
	vx := s.vomits()
	k := vx.inClause[s.clause[m.pos]]
	if k >= 0 && (k < m.pos || k >= m.end) {
		s.addVomit(k)
		return true
	}
	// the first pronoun vomit after the medicine
	i := sort.SearchInts(vx.pronouns, m.end)
	if i < len(vx.pronouns) {
		s.addVomit(vx.pronouns[i])
		return true
	}
	return false
}

// addVomit records a vomit at toks[k] unless an event word there will.
func (s *state) addVomit(k int) {
	if _, ok := s.p.match(s.toks, k, pEvent); ok && !s.used[k] {
		return // "threw up", "was sick": findEvents reads it
	}
	if k > 0 {
		if _, ok := s.p.match(s.toks, k-1, pEvent); ok && !s.used[k-1] {
			return
		}
	}
	for _, e := range s.p.vocab.Events {
		if e.Name == "vomit" {
			s.used[k] = true
			s.addItem(k, medbot.Observation{Kind: medbot.Event, Name: e.Name, Text: s.clauseText(k)})
			return
		}
	}
}

// beforeDose may stand between a child's name and the dose that is theirs:
// "Rory had 7.5ml", "and Rory: 7.5ml".
var beforeDose = map[string]bool{"had": true, "has": true, "got": true, "gets": true, "given": true, "took": true, ":": true, "-": true, "=": true}

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
	for j >= 0 && beforeDose[s.toks[j].s] && !s.mentionTok[j] {
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

// findEvents finds the vocabulary's events, whole words only. assign keeps
// one of each per child per message.
func (s *state) findEvents() {
	for i := 0; i < len(s.toks); i++ {
		if s.tooMany {
			break
		}
		if s.used[i] || s.toks[i].kind == tPunct && s.toks[i].s != "&" {
			continue
		}
		idx, n := -1, 0
		if ph, ok := s.p.match(s.toks, i, pEvent); ok {
			idx, n = ph.idx, len(ph.words)
		}
		if idx < 0 {
			continue
		}
		s.mark(i, i+n)
		name := s.p.vocab.Events[idx].Name
		if (name == "fluids" || name == "food") && s.cameBackUp(i) {
			i += n - 1
			continue // "bottle came back up", "threw up, mostly water": one vomit
		}
		if !s.negated[i] {
			text := s.clauseText(i)
			if name == "fluids" {
				text += s.amountAfter(i + n) // "drank his bottle at 23:50, 120ml"
			}
			s.addItem(i, medbot.Observation{Kind: medbot.Event, Name: name, Text: text})
		}
		i += n - 1
	}
}

// amountFillers may stand around an amount in a clause of its own: "about
// 120ml".
var amountFillers = set("about", "approx", "around", "roughly", "ish", "maybe", "of", "it", "drank", "so")

// amountAfter returns ", 120ml" when a clause after toks[from] holds only
// an amount in ml or oz ("drank his bottle at 23:50, 120ml"): the amount
// of the drink before it, which its own clause's text would lose. "" when
// there is none, or its own clause has one.
func (s *state) amountAfter(from int) string {
	if from <= 0 || from > len(s.toks) {
		return ""
	}
	own := s.clause[from-1]
	// the next clause with words in it: only it can hold the amount
	k := from
	for k < len(s.toks) && (s.clause[k] == own || s.toks[k].kind == tPunct) {
		k++
	}
	if k >= len(s.toks) {
		return ""
	}
	c := s.clause[k]
	num := -1
	for j := k; j < len(s.toks) && s.clause[j] == c; j++ {
		switch t := s.toks[j]; {
		case t.kind == tNum && num < 0 && j+1 < len(s.toks) && (unitWords[s.toks[j+1].s] == "ml" || s.toks[j+1].s == "oz"):
			num = j
			j++ // its unit
		case t.kind == tWord && !amountFillers[t.s]:
			return "" // the clause says more than an amount
		case t.kind == tNum:
			return ""
		}
	}
	if num < 0 {
		return ""
	}
	return ", " + s.text[s.toks[num].start:s.toks[num+1].end]
}

// drinkingVerbs say a child drank or ate; the other fluids and food words
// name what ("water", "bottle", "milk").
var drinkingVerbs = set("drank", "drink", "drinking", "drinks", "ate", "eating", "eat", "eats", "fluids", "feed", "fed", "feeding")

// cameBackUp reports whether the drink or food at toks[i] is what came
// back up: a word of vomiting in its sentence ("bottle came back up",
// "sick after his milk"), or earlier in the message when it names a drink
// with no verb of drinking of its own ("freya threw up too, mostly
// water"). It records the vomit when no event word names it.
func (s *state) cameBackUp(i int) bool {
	vx := s.vomits()
	if k := vx.inSentence[s.sentence[i]]; k >= 0 && k != i {
		s.addVomit(k)
		return true
	}
	if own := !s.isWord(i, drinkingVerbs); own && vx.first >= 0 && vx.first < i && !vx.drinking[s.sentence[i]] {
		s.addVomit(vx.first)
		return true
	}
	return false
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
