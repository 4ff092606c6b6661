package parse

import (
	"sort"
	"strings"

	"github.com/medbot/medbot"
)

// vomitWords say something came back up; the ones in upWords do so only
// with "up" after them ("brought up his amox", "threw it up").
// vomitAt reports whether toks[k] starts words saying something came up,
// and whether they name what came up with a pronoun ("threw it up",
// "it came back up"), so that it may be a medicine said earlier.
func (s *state) vomitAt(k int) (vomit, pronoun bool) {
	t := &s.toks[k]
	if t.kind != tWord || s.mentionTok[k] {
		return false, false
	}
	if s.l.vomitWords[t.s] {
		// "threw it up"; German: "gleich wieder ausgebrochen"
		return true, s.wordIn(k+1, "it", "them") && s.wordIn(k+2, "up", "back") || s.isWord(k-1, s.l.vomitBack)
	}
	if !s.l.upWords[t.s] {
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
		if s.isWord(k, s.l.drinkingVerbs) {
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
		if name == "fluids" && s.notADrink(i) {
			i += n - 1
			continue // "hot water bottle", "a bottle of calpol"
		}
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

// notADrink reports whether the fluids word at toks[i] names a thing,
// not a drink: a hot water bottle ("water" or "bottle" in it), a bottle of
// a medicine ("a new bottle of calpol").
func (s *state) notADrink(i int) bool {
	switch {
	case s.word(i, "water") && s.word(i-1, "hot") && s.wordIn(i+1, "bottle", "bottles"):
		s.mark(i, i+2)
		return true
	case s.wordIn(i, "bottle", "bottles") && s.word(i-1, "water") && s.word(i-2, "hot"):
		return true
	case s.wordIn(i, "bottle", "bottles") && s.word(i+1, "of") && i+2 < len(s.toks) && s.startsMed(i+2):
		return true
	case s.isWord(i, s.l.bottleWords) && i+1 < len(s.toks) && s.startsMed(i+1):
		return true // German: "Flasche ben-u-ron gekauft"
	}
	return false
}

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
		case t.kind == tNum && num < 0 && j+1 < len(s.toks) && (s.l.unitWords[s.toks[j+1].v] == "ml" || s.toks[j+1].s == "oz"):
			num = j
			j++ // its unit
		case t.kind == tWord && !s.l.amountFillers[t.s]:
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
	if own := !s.isWord(i, s.l.drinkingVerbs); own && vx.first >= 0 && vx.first < i && !vx.drinking[s.sentence[i]] {
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
