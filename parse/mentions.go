package parse

// allChildren reports whether the "all" at toks[i] stands for the
// children ("all asleep", "all had calpol"), never in "all night", "all
// over", "at all", "all good" or "drank it all".
func (s *state) allChildren(i int) bool {
	if i > 0 && s.l.notAllBefore[s.toks[i-1].s] {
		return false
	}
	n := i + 1
	if n >= len(s.toks) || s.toks[n].kind != tWord {
		return false
	}
	if s.l.allBefore[s.toks[n].s] {
		return true
	}
	_, ok := s.p.match(s.toks, n, pEvent, pMed)
	return ok
}

// englishGroupOK reports whether a word for every child at toks[i] is
// one: "all" only where allChildren says.
func (s *state) englishGroupOK(i int, ph phrase) bool {
	return ph.words[0] != "all" || len(ph.words) != 1 || s.allChildren(i)
}

func (s *state) findMentions() {
	all := make([]int, len(s.p.vocab.Children))
	for i := range all {
		all[i] = i
	}
	for i := 0; i < len(s.toks); i++ {
		if s.toks[i].kind == tPunct {
			continue
		}
		ph, ok := s.p.match(s.toks, i, pChild, pGroup)
		if !ok {
			continue
		}
		if ph.kind == pGroup && !s.l.groupOK(s, i, ph) {
			continue
		}
		m := mention{start: i, end: i + len(ph.words)}
		if ph.kind == pGroup {
			m.children = all
		} else {
			m.children = []int{ph.idx}
		}
		s.mark(m.start, m.end)
		// "Freya and Rory": joined to the mention before (see segments).
		if n := len(s.mentions); n > 0 {
			prev := &s.mentions[n-1]
			m.joined = prev.end < i
			for k := prev.end; k < i; k++ {
				if !s.l.mentionJoin[s.toks[k].s] {
					m.joined = false
					break
				}
			}
		}
		s.mentions = append(s.mentions, m)
		i = m.end - 1
	}
	s.mentionsBefore = make([]int, len(s.toks)+1)
	s.mentionTok = make([]bool, len(s.toks))
	for _, m := range s.mentions {
		s.mentionsBefore[m.start+1]++
		for k := m.start; k < m.end; k++ {
			s.mentionTok[k] = true
		}
	}
	for i := 1; i <= len(s.toks); i++ {
		s.mentionsBefore[i] += s.mentionsBefore[i-1]
	}
}
