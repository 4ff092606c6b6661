package parse

import "strings"

// A message records only what it says happened. This file gives the parser
// its notion of mood: which stretches of a message are statements of what
// happened, and which are questions, advice, wishes, plans, conditions or
// what someone else said (shared/spec/messages.md, "What records nothing").
//
// The units are the ones clauses() numbers: a sentence is a stretch between
// punctuation marks or new lines ("Rory 38.4, should I give calpol" is two);
// a clause is a stretch of a sentence between joining words ("and", "but",
// "then"). Each rule below says which unit it silences.

// set builds a word set from its arguments.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func isQuestionMark(p string) bool { return p == "?" || p == "\uff1f" || p == "¿" }

// nextRange returns the end of the run of tokens numbered like nums[from]:
// the sentence or clause starting at from is [from, nextRange(nums, from)).
func nextRange(nums []int, from int) int {
	to := from + 1
	for to < len(nums) && nums[to] == nums[from] {
		to++
	}
	return to
}

// isWord reports whether toks[i] is the word w and not a child's name
// ("Will", "May").
func (s *state) isWord(i int, words map[string]bool) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tWord && words[s.toks[i].s] && !s.mentionTok[i]
}

// wordIn reports whether toks[i] is one of words and not a child's name.
func (s *state) wordIn(i int, words ...string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tWord || s.mentionTok[i] {
		return false
	}
	for _, w := range words {
		if s.toks[i].s == w {
			return true
		}
	}
	return false
}

// opener returns the first token of [from, to) that says how the stretch
// opens: past punctuation, children's names and interjections. -1 if none.
func (s *state) opener(from, to int) int {
	for i := from; i < to; i++ {
		t := &s.toks[i]
		if t.kind == tPunct || s.mentionTok[i] || (s.l.interjections[t.s] && !t.poss) {
			continue
		}
		return i
	}
	return -1
}

// subjectAt reports whether toks[i] is a subject: a pronoun, a determiner
// with its noun, a child's name, or a number judged by a word after it
// ("is 38.6 too high").
func (s *state) subjectAt(i, to int, dets bool) bool {
	if i >= to {
		return false
	}
	if s.mentionTok[i] {
		return true
	}
	t := &s.toks[i]
	if t.kind == tWord && !t.poss && ((dets && s.l.subjects[t.s]) || s.l.personal[t.s]) {
		return true
	}
	if t.kind == tNum && dets {
		for k := i + 1; k < to && k <= i+4; k++ {
			if s.isWord(k, s.l.evaluative) {
				return true
			}
		}
	}
	return false
}

// questionOpening reports whether [from, to) opens the way questions open:
// an auxiliary with its subject after it ("does she need more calpol"), or
// a question word asking ("when was the last dose", "how much can she
// have"), or a contraction of one ("what's her temp").
func (s *state) questionOpening(from, to int) bool {
	i := s.opener(from, to)
	if i < 0 {
		return false
	}
	t := &s.toks[i]
	if t.kind != tWord || s.mentionTok[i] {
		return false
	}
	switch {
	case s.l.auxiliaries[t.s] && !t.poss:
		// "does 38.6 need calpol": an auxiliary that never opens a
		// statement with its subject dropped, then a number
		if s.l.doModal[t.s] && i+1 < to && s.toks[i+1].kind == tNum {
			return true
		}
		return s.subjectAt(i+1, to, true)
	case s.l.whWords[t.s]:
		if t.poss {
			return true // what's, how's, when's
		}
		switch t.s {
		case "why", "who", "whose", "which", "whats", "hows", "whens", "wheres", "whos":
			return true
		case "when", "where":
			return s.isWord(i+1, s.l.auxiliaries)
		case "what":
			if s.wordIn(i+1, "a", "an") {
				return false // "what a night"
			}
		case "how":
			if s.wordIn(i+1, "much", "many", "long", "often", "about", "soon", "come") {
				return true
			}
		}
		for k := i + 1; k < to && k <= i+3; k++ {
			if s.toks[k].kind == tNum {
				return false
			}
			if s.isWord(k, s.l.auxiliaries) {
				return true
			}
		}
	}
	return false
}

// inverted returns where [from, to) turns into a question by word order:
// an auxiliary followed by a personal pronoun ("Rory 39.1 should I be
// worried", "38.6 is that too high"), or -1. What comes before it was
// said as a statement. "so did she" and "as was he" are statements.
func (s *state) inverted(from, to int) int {
	for i := from; i+1 < to; i++ {
		if !s.isWord(i, s.l.auxiliaries) || s.toks[i].poss {
			continue
		}
		n := &s.toks[i+1]
		if n.kind != tWord || n.poss || !(s.l.personal[n.s] || n.s == "that" || n.s == "this") || s.mentionTok[i+1] {
			continue
		}
		if s.wordIn(i-1, "so", "neither", "nor", "as", "than", "that", "what", "how", "when", "where") {
			continue
		}
		if s.wordIn(i-1, "when", "what", "how", "why", "where", "who", "which") {
			return i - 1 // "38.4, what should I give"
		}
		return i
	}
	return -1
}

// endsWithTag reports whether [from, to) ends with a question tag: "isn't
// it", "right", "yeah". Trailing punctuation, kisses and emoji are passed
// over.
func (s *state) endsWithTag(from, to int) bool {
	last := to - 1
	for last >= from && (s.toks[last].kind == tPunct || s.wordIn(last, "x", "xx", "xxx", "lol", "haha", "thanks", "thx", "ta")) {
		last--
	}
	if last < from {
		return false
	}
	t := &s.toks[last]
	if t.kind != tWord || s.mentionTok[last] {
		return false
	}
	if s.l.tags[t.s] && !t.poss {
		// "all right" and "just right" are no tags
		return !s.wordIn(last-1, "all", "just", "about", "alright")
	}
	// "isn't it", "does she", "or not"
	if last-1 >= from && s.l.personal[t.s] && !t.poss && s.isWord(last-1, s.l.auxiliaries) {
		return !s.wordIn(last-2, "so", "neither", "nor", "as", "and", "than")
	}
	return t.s == "not" && s.wordIn(last-1, "or")
}

// questionMessage reports whether the whole message is a question: it ends
// with "?", opens the way questions open, or ends with a tag. Such a
// message records nothing, whatever numbers and words it holds.
func (s *state) questionMessage() bool {
	last := len(s.toks) - 1
	for last >= 0 && s.toks[last].kind == tPunct && !isQuestionMark(s.toks[last].s) {
		last--
	}
	if last >= 0 && isQuestionMark(s.toks[last].s) {
		return true
	}
	// the opening of the message, up to its first sentence break
	end := 0
	for end < len(s.toks) && s.sentence[end] == s.sentence[0] {
		end++
	}
	return s.questionOpening(0, end) || s.endsWithTag(0, len(s.toks))
}

// quieten marks in s.silent the tokens whose findings record nothing:
// sentences that ask, advise, wish or wonder; the question a sentence
// turns into, and what someone else said; clauses that plan or suppose.
func (s *state) quieten() {
	s.answerOpening()
	for from := 0; from < len(s.toks); {
		to := nextRange(s.sentence, from)
		if s.askingSentence(from, to) {
			s.silence(from, to)
		} else if s.reminder(from, to) {
			// "as I said, 38.2 earlier": a marker standing alone
			// reminds of the sentence after it
			if to-from <= 4 && to < len(s.toks) {
				to = nextRange(s.sentence, to)
			}
			for i := from; i < to; i++ {
				s.recall[i] = true
			}
		} else if k := s.inverted(from, to); k >= 0 {
			s.silence(k, to)
		} else if k := s.reportedFrom(from, to); k >= 0 {
			s.silence(k, to)
		}
		from = to
	}
	for from := 0; from < len(s.toks); {
		to := nextRange(s.clause, from)
		s.quietenClause(from, to)
		from = to
	}
}

// answerOpening silences the first sentence of a message that opens with
// a yes or a no and a comma ("no, just sips of water", "yes, a bit of
// toast"): it answers a question in the chat that may lie hours back, so
// when it happened is not known.
func (s *state) answerOpening() {
	if len(s.toks) < 3 || !s.isWord(0, s.l.answerWords) || s.toks[1].s != "," {
		return
	}
	end := len(s.toks)
	for k := 2; k < len(s.toks); k++ {
		t := s.toks[k]
		if t.s == "." || t.s == "!" || t.s == "?" || t.s == "\n" || strings.ContainsRune(s.text[s.toks[k-1].end:t.start], '\n') {
			end = k
			break
		}
	}
	s.silence(0, end)
}

// askingSentence reports whether the sentence [from, to) asks, advises,
// wishes or wonders rather than tells.
func (s *state) askingSentence(from, to int) bool {
	for i := to - 1; i >= from && s.toks[i].kind == tPunct; i-- {
		if isQuestionMark(s.toks[i].s) {
			return true
		}
	}
	if s.questionOpening(from, to) || s.endsWithTag(from, to) {
		return true
	}
	for i := from; i < to; i++ {
		if s.isWord(i, s.l.uncertain) {
			return true
		}
	}
	o := s.opener(from, to)
	if s.wordIn(o, "you", "u") && (s.isWord(o+1, s.l.imperatives) || s.wordIn(o+1, "lie", "rest", "nap", "relax")) {
		return true // advice between the parents: "you get some sleep"
	}
	if o < 0 || !s.isWord(o, s.l.imperatives) || s.toks[o].poss {
		return false
	}
	if objs, ok := s.l.needObject[s.toks[o].s]; ok {
		return o+1 < to && (objs[s.toks[o+1].s] || s.mentionTok[o+1])
	}
	return true
}
