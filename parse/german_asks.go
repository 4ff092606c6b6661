package parse

import "strings"

// What asks in German: a question mark, a question word first, the verb
// first with its subject after it, a tag last, wondering; and an answer
// to someone ("ne, …").

// germanAnswerOpening: "ne, nur ein paar Schluck Wasser", "ja, hat
// ein bisschen Brei gegessen": an answer to someone, hours back maybe.
func (s *state) germanAnswerOpening(from, to int) bool {
	return to-from > 2 && s.isWord(from, deAnswers) && s.punct(from+1, ",")
}

// germanOpener is the first word that counts: "und", "aber", "ok", "hey",
// "na", "sag mal" before it do not.
func (s *state) germanOpener(from, to int) int {
	i := from
	for i < to && (s.toks[i].kind == tPunct || s.isWord(i, deOpeners)) {
		i++
	}
	if i >= to {
		return -1
	}
	return i
}

// germanAsksLater reports whether a sentence of the message asks.
func (s *state) germanAsksLater() bool {
	for _, sn := range s.germanSentences() {
		if s.germanAsks(sn[0], sn[1]) {
			return true
		}
	}
	return false
}

// germanAsks reports whether a sentence asks: a question mark, a question
// word first, a verb first with its subject after it, a tag last, or
// wondering.
func (s *state) germanAsks(from, to int) bool {
	last := to - 1
	for last > from && s.toks[last].kind == tPunct && !isQuestionMark(s.toks[last].s) {
		last--
	}
	if last >= from && isQuestionMark(s.toks[last].s) {
		return true
	}
	if s.isWord(last, deTags) && last > from && !s.mentionTok[last] {
		if !s.word(last, "oder") || last == to-1 || s.toks[last+1].kind == tPunct {
			return true
		}
	}
	if s.word(last, "wahr") && s.word(last-1, "nicht") {
		return true
	}
	if s.anyWord(from, to, deWondering) {
		return true
	}
	i := s.germanOpener(from, to)
	if i < 0 || s.mentionTok[i] {
		return false
	}
	w := s.toks[i].s
	if deQuestionWords[w] {
		return true
	}
	return s.verbFirst(i, to)
}

// verbFirst reports whether toks[i] is a verb with its subject after it:
// a pronoun that fits the verb, a child's name or a person after a verb
// of the third person, or a number after ist, sind, wäre, muss, braucht.
func (s *state) verbFirst(i, to int) bool {
	w := s.toks[i].s
	if s.toks[i].kind != tWord || i+1 >= to {
		return false
	}
	verb := deFinite[w] || deModals[w] || strings.HasSuffix(w, "st") || strings.HasSuffix(w, "t")
	if !verb || deNow[w] {
		return false
	}
	j := i + 1
	// a verb of the third person: "hat", "ist", "schläft", "kann"; never
	// "hab", "bin", "gebe" ("Hab Jonas grad Nurofen gegeben": Jonas is
	// the object)
	third := (strings.HasSuffix(w, "t") || deThird[w]) && !deFirst[w]
	switch {
	case s.toks[j].kind == tNum:
		return deNumberAfter[w]
	case s.mentionTok[j]:
		return third && !dePresentGiving[w]
	case s.wordIn(j, "ich"):
		return deModals[w] || strings.HasSuffix(w, "e") || w == "hab" || w == "bin" || w == "war" || w == "geb" || w == "mach"
	case s.wordIn(j, "du"):
		return strings.HasSuffix(w, "st")
	case s.wordIn(j, "er", "es", "man", "das"):
		return third
	case s.wordIn(j, "sie"):
		return third || strings.HasSuffix(w, "en")
	case s.wordIn(j, "wir"):
		return strings.HasSuffix(w, "en")
	case s.wordIn(j, "ihr"):
		return strings.HasSuffix(w, "t") && w != "hat" && w != "gibt" && w != "bekommt" && w != "kriegt"
	case s.wordIn(j, "die", "der") && s.wordIn(j+1, "kleine", "kleiner", "kleinen"):
		return third
	case s.isWord(j, dePersons):
		return third
	}
	return false
}
