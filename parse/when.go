package parse

import (
	"time"
)

// future is how far ahead of its message a clock time may lie and still be
// that day: a parent writing "at 14:05" at 14:03 means today.
const future = 5 * time.Minute

// maxAgo bounds "N hours ago": older than this is not a reading of now.
const maxAgo = 48 * time.Hour

// findTimes finds the message's time expressions: "at 14:30", "2.30pm",
// "at 3", "10 mins ago", "half an hour ago".
func (s *state) findTimes() {
	for i := range s.toks {
		if s.word(i, "yesterday") || (s.word(i, "last") && s.wordIn(i+1, "night", "nite")) {
			s.yday = true
			s.used[i] = true
		}
		// "coughing all night", "up overnight": ongoing through the
		// night, told in the morning
		if (s.word(i, "all") || s.word(i, "through")) && s.wordIn(i+1, "night", "nite") || s.word(i, "overnight") ||
			(s.word(i, "through") && s.word(i+1, "the") && s.wordIn(i+2, "night", "nite")) {
			s.night = true
		}
	}
	for i := 0; i < len(s.toks); i++ {
		if s.used[i] {
			continue
		}
		if s.word(i, "ago") {
			s.ago(i)
			continue
		}
		if s.toks[i].kind == tNum {
			if end, ok := s.clock(i); ok {
				i = end - 1
			}
			continue
		}
		if (s.word(i, "just") || s.word(i, "right")) && s.word(i+1, "now") {
			// "nurofen 5ml just now": the message's own time, which keeps
			// an earlier clause's time from reaching it
			s.mark(i, i+2)
			s.times = append(s.times, timeExpr{pos: i, end: i + 2, at: s.sent, now: true})
			i++
			continue
		}
		if s.word(i, "now") && (s.yday || s.night) {
			// "coughing all night, 38.1 now": this clause has a time of
			// its own, the message's
			s.times = append(s.times, timeExpr{pos: i, end: i + 1, at: s.sent, now: true})
			continue
		}
		if s.word(i, "half") || s.word(i, "quarter") {
			if end, ok := s.spoken(i); ok {
				i = end - 1
			}
		}
	}
}

// undated silences a message that writes an impossible clock time ("at
// 25:00", "14:75"), and what a message says happened yesterday or last
// night without a clock time: its moment is unknown, and a reading stored at the
// wrong time is worse than none ("39.2 last night").
func (s *state) undated() { s.unknownTimes(true) }

// unknownTimes silences what cannot be dated: everything, after an
// impossible clock time; with yesterday or the night and no clock time,
// every clause but those that say now. keepNight keeps what went on all
// night at the message's time when nothing is said of now (English
// "coughing all night"; German records nothing of "die ganze Nacht").
func (s *state) unknownTimes(keepNight bool) {
	if s.badTime != "" {
		s.silence(0, len(s.toks)) // "38.4 at 25:00": when is unknown
		return
	}
	if !s.yday && !s.night {
		return
	}
	nows := map[int]bool{} // clauses with a time of their own that is now
	for k := range s.times {
		t := &s.times[k]
		if s.silent[t.pos] {
			continue
		}
		if !t.now {
			return // a clock time: yesterday's, read as such
		}
		nows[s.clause[t.pos]] = true
	}
	// what was ongoing all night is kept at the message's time when the
	// message says nothing of now ("coughing all night"); set against
	// now, the night's clauses are unknown in time and only the clause
	// that says "now" keeps its records ("coughing all night, 38.1 now",
	// "38.8 last night, 37.9 now")
	if keepNight && !s.yday && len(nows) == 0 {
		return
	}
	for i := range s.silent {
		if !nows[s.clause[i]] {
			s.silent[i] = true
		}
	}
}

// ago reads the amount before "ago" at toks[i]: "10 mins ago", "an hour
// ago", "half an hour ago", "an hour and a half ago", "1.5 hours ago",
// "2 and a half hours ago".
func (s *state) ago(i int) {
	u := i - 1
	extra := 0.0
	if s.word(u, "half") && s.word(u-1, "a") && s.word(u-2, "and") {
		extra, u = 0.5, u-3 // "an hour and a half ago"
	}
	if u < 0 {
		return
	}
	unitTok := &s.toks[u]
	unit, ok := s.l.agoUnits[unitTok.s]
	if !ok || unitTok.kind != tWord {
		return
	}
	start := u
	var amount float64
	switch {
	case u >= 1 && s.toks[u-1].kind == tNum && !s.used[u-1]:
		amount = s.toks[u-1].val
		start = u - 1
	case u >= 1 && (s.word(u-1, "an") || s.word(u-1, "a")):
		amount = 1
		start = u - 1
		if s.word(u-2, "half") {
			amount = 0.5
			start = u - 2
		}
	case u >= 1 && s.word(u-1, "half"):
		amount = 0.5
		start = u - 1
		// "2 and a half hours ago"
		if s.word(u-2, "a") && s.word(u-3, "and") && u >= 4 && s.toks[u-4].kind == tNum && !s.used[u-4] {
			amount = s.toks[u-4].val + 0.5
			start = u - 4
		}
	case u >= 2 && s.word(u-1, "of") && s.word(u-2, "couple"):
		amount = 2
		start = u - 2
		if s.word(u-3, "a") {
			start = u - 3
		}
	default:
		return
	}
	amount += extra
	d := time.Duration(amount * float64(unit))
	if d <= 0 || d > maxAgo {
		return
	}
	s.mark(start, i+1)
	s.times = append(s.times, timeExpr{pos: start, end: i + 1, at: s.sent.Add(-d)})
}

// timeFor returns when the item at token pos happened: the nearest time
// expression in its clause, else the one time of its sentence ("calpol 5ml
// and nurofen 5ml at 2pm"), else the message's sent time. A time in a
// clause about a plan ("next due at 18:00") dates nothing.
func (s *state) timeFor(pos int) time.Time {
	if len(s.times) <= 8 {
		return s.timeForFew(pos) // a message's few times: no index to build
	}
	if s.tx == nil {
		s.indexTimes()
	}
	var inClause *timeExpr
	for _, k := range s.tx.byClause[s.clause[pos]] {
		te := &s.times[k]
		if inClause == nil || absInt(te.pos-pos) < absInt(inClause.pos-pos) {
			inClause = te
		}
	}
	inSentence := s.tx.bySentence[s.sentence[pos]]
	switch {
	case inClause != nil:
		return inClause.at
	case len(inSentence) == 1:
		return s.times[inSentence[0]].at
	}
	return s.sent
}

// timeForFew is timeFor by looking at each of a few times.
func (s *state) timeForFew(pos int) time.Time {
	var inClause, inSentence *timeExpr
	nSentence := 0
	for k := range s.times {
		te := &s.times[k]
		if s.silent[te.pos] {
			continue // "next due at 18:00" dates nothing
		}
		if s.clause[te.pos] == s.clause[pos] || s.clause[te.end-1] == s.clause[pos] {
			if inClause == nil || absInt(te.pos-pos) < absInt(inClause.pos-pos) {
				inClause = te
			}
		}
		if s.sentence[te.pos] == s.sentence[pos] {
			inSentence = te
			nSentence++
		}
	}
	switch {
	case inClause != nil:
		return inClause.at
	case nSentence == 1:
		return inSentence.at
	}
	return s.sent
}

// timeIndex is where the message's times stand, by clause and by
// sentence (those that date something: not silenced), found once: asking
// it for each finding costs no rescan of every time.
type timeIndex struct {
	byClause, bySentence map[int][]int
}

func (s *state) indexTimes() {
	tx := &timeIndex{byClause: map[int][]int{}, bySentence: map[int][]int{}}
	for k := range s.times {
		te := &s.times[k]
		if s.silent[te.pos] {
			continue // "next due at 18:00" dates nothing
		}
		c1, c2 := s.clause[te.pos], s.clause[te.end-1]
		tx.byClause[c1] = append(tx.byClause[c1], k)
		if c2 != c1 {
			tx.byClause[c2] = append(tx.byClause[c2], k)
		}
		tx.bySentence[s.sentence[te.pos]] = append(tx.bySentence[s.sentence[te.pos]], k)
	}
	s.tx = tx
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
