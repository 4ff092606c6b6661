package parse

func (s *state) silence(from, to int) {
	for i := from; i < to; i++ {
		s.silent[i] = true
	}
}

// reminder reports whether the sentence [from, to) reminds of what was said
// or done before: "he already had nurofen at 11 remember", "like I said
// she had calpol at 6", "as I said, 38.2 earlier". "remember" opening a
// sentence is advice ("remember to give her amox"), read before this.
func (s *state) reminder(from, to int) bool {
	for i := from; i < to; i++ {
		switch {
		case s.wordIn(i, "remember", "remembered", "recall") && i > s.opener(from, to) && !s.isWord(i-1, s.l.negations):
			return true
		case s.wordIn(i, "said", "mentioned", "told", "say") && s.wordIn(i-1, "i", "we") && s.wordIn(i-2, "like", "as"):
			return true
		case s.wordIn(i, "mentioned", "discussed") && s.wordIn(i-1, "as"):
			return true
		}
	}
	return false
}

// reportedFrom returns where what someone else said begins in the sentence
// [from, to): the one who said it ("the GP", "111", "pharmacist"), so that
// neither they nor what they said is recorded. -1 when nothing is reported.
// A device saying a reading is not reported speech ("oximeter says 96%").
func (s *state) reportedFrom(from, to int) int {
	for i := from; i < to; i++ {
		if !s.isWord(i, s.l.reporting) {
			continue
		}
		if s.isWord(i-1, s.l.devices) {
			continue
		}
		// who said it: up to six words before the verb ("the nurse on
		// the phone said"), never a child's name, a medicine or a word of
		// giving ("Rory had calpol, GP said fine" keeps the dose)
		k := i
		for k > from && k > i-6 && s.toks[k-1].kind == tWord && !s.l.clauseWords[s.toks[k-1].s] &&
			!s.mentionTok[k-1] && !s.l.givingWords[s.toks[k-1].s] && !s.startsMed(k-1) {
			k--
		}
		// "111 said", "111 on the phone said": a phone line's number is
		// who said it (never a reading: none is 100 or more and whole
		// before a word)
		if k > from && s.toks[k-1].kind == tNum && s.toks[k-1].frac == "" && s.toks[k-1].val >= 100 {
			k--
		}
		return k
	}
	return -1
}

// startsMed reports whether a medication's name starts at toks[i].
func (s *state) startsMed(i int) bool {
	_, ok := s.p.match(s.toks, i, pMed)
	return ok
}

// quietenClause silences the plans and suppositions of the clause [from, to).
func (s *state) quietenClause(from, to int) {
	given := false
	for i := from; i < to; i++ {
		switch {
		case s.isWord(i, s.l.conditions):
			s.silence(from, to)
			return
		case s.isWord(i, s.l.givingWords):
			given = true
		case s.isWord(i, s.l.planForward) && !s.toks[i].poss:
			if s.toks[i].s == "going" && !s.wordIn(i+1, "to") {
				continue // "going well"
			}
			if s.toks[i].s == "can" && !s.subjectAt(i+1, to, false) && !s.wordIn(i+1, "have", "give", "take", "get", "be") {
				continue
			}
			s.silence(i, to)
			return
		case s.isWord(i, s.l.planClause):
			if s.toks[i].s == "last" && s.isWord(i+1, s.l.notLast) {
				continue
			}
			if given {
				s.silence(i, to)
			} else {
				s.silence(from, to)
			}
			return
		}
	}
}

// negation marks in s.negated the tokens that a negation before them in
// their clause denies: "won't eat any of her tea", "not drinking much".
// "can't stop coughing" denies nothing.
func (s *state) negation() {
	for from := 0; from < len(s.toks); {
		to := nextRange(s.clause, from)
		on := false
		for i := from; i < to; i++ {
			if on {
				s.negated[i] = true
				continue
			}
			if !s.isWord(i, s.l.negations) || s.toks[i].poss {
				continue
			}
			k := i + 1
			if s.wordIn(k, "been", "be") {
				k++
			}
			if s.wordIn(k, "stop", "stopped", "stopping") {
				i = k // a denied stop: it goes on
				continue
			}
			if s.interjectionNo(i) {
				continue
			}
			on = true
		}
		from = to
	}
}

// interjectionNo reports whether toks[i] is a "no" answering someone ("no
// she had it at 2"), not denying what follows.
func (s *state) interjectionNo(i int) bool {
	if i != 0 || !s.wordIn(i, "no", "nope", "nah") {
		return false
	}
	n := i + 1
	if s.punct(n, ",") {
		return true
	}
	return n < len(s.toks) && (s.mentionTok[n] || (s.toks[n].kind == tWord && s.l.personal[s.toks[n].s]))
}
