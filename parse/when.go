package parse

import (
	"time"
)

// future is how far ahead of its message a clock time may lie and still be
// that day: a parent writing "at 14:05" at 14:03 means today.
const future = 5 * time.Minute

var agoUnits = map[string]time.Duration{
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute, "mn": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
}

// maxAgo bounds "N hours ago": older than this is not a reading of now.
const maxAgo = 48 * time.Hour

// findTimes finds the message's time expressions: "at 14:30", "2.30pm",
// "at 3", "10 mins ago", "half an hour ago".
func (s *state) findTimes() {
	for i := range s.toks {
		if s.word(i, "yesterday") {
			s.yday = true
			s.used[i] = true
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
		}
	}
}

// ago reads the amount before "ago" at toks[i].
func (s *state) ago(i int) {
	u := i - 1
	if u < 0 {
		return
	}
	unitTok := &s.toks[u]
	unit, ok := agoUnits[unitTok.s]
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
	case u >= 2 && s.word(u-1, "of") && s.word(u-2, "couple"):
		amount = 2
		start = u - 2
		if s.word(u-3, "a") {
			start = u - 3
		}
	default:
		return
	}
	d := time.Duration(amount * float64(unit))
	if d <= 0 || d > maxAgo {
		return
	}
	s.mark(start, i+1)
	s.times = append(s.times, timeExpr{pos: start, end: i + 1, at: s.sent.Add(-d)})
}

// clock reads a clock time starting at the number toks[i]. It returns the
// token after the expression.
func (s *state) clock(i int) (int, bool) {
	t := &s.toks[i]
	prefixed := s.word(i-1, "at") || s.punct(i-1, "@") || s.word(i-1, "around")
	hourTok := t.whole
	minute := 0
	end := i + 1
	hasMin := false
	switch {
	case t.frac != "":
		// 2.30pm, at 9.30
		if len(t.frac) != 2 {
			return 0, false
		}
		minute = atoiSmall(t.frac)
		hasMin = true
	case end+1 < len(s.toks) && s.punct(end, ":") && s.toks[end].glued() && s.toks[end+1].kind == tNum && s.toks[end+1].glued() && s.toks[end+1].frac == "" && len(s.toks[end+1].whole) == 2:
		minute = atoiSmall(s.toks[end+1].whole)
		hasMin = true
		end += 2
	}
	if len(hourTok) > 2 || minute > 59 {
		return 0, false
	}
	hour := atoiSmall(hourTok)
	ampm := ""
	if end < len(s.toks) && s.toks[end].kind == tWord {
		switch s.toks[end].s {
		case "am", "pm":
			ampm = s.toks[end].s
			end++
		case "a", "p":
			// "2 p.m."
			if s.punct(end+1, ".") && (s.word(end+2, "m")) {
				ampm = s.toks[end].s + "m"
				end += 3
				if s.punct(end, ".") {
					end++
				}
			}
		}
	}
	colon := hasMin && t.frac == ""
	switch {
	case ampm != "":
		if hour < 1 || hour > 12 {
			return 0, false
		}
	case colon, prefixed:
		if hour > 23 {
			return 0, false
		}
	default:
		return 0, false // a plain number is not a time
	}
	if !colon && ampm == "" && end < len(s.toks) {
		// "at 5ml", "at 38.4": a number with a unit is not a time
		if nt := &s.toks[end]; nt.kind == tWord && nt.glued() {
			return 0, false
		}
		if _, ok := unitWords[s.toks[end].s]; ok {
			return 0, false
		}
		if s.punct(end, "%") {
			return 0, false
		}
	}
	var at time.Time
	switch {
	case ampm == "am":
		at = s.resolve(hour%12, minute)
	case ampm == "pm":
		at = s.resolve(hour%12+12, minute)
	case hour >= 1 && hour <= 12 && !(len(hourTok) == 2 && hourTok[0] == '0'):
		// 12-hour with no am/pm: the most recent past of the two
		a, b := s.resolve(hour%12, minute), s.resolve(hour%12+12, minute)
		at = a
		if b.After(a) {
			at = b
		}
	default:
		at = s.resolve(hour, minute)
	}
	start := i
	if prefixed {
		start = i - 1
	}
	s.mark(start, end)
	s.times = append(s.times, timeExpr{pos: start, end: end, at: at})
	return end, true
}

// resolve places a time of day on the message's local date in the family's
// zone, or on the day before when that lies more than five minutes ahead of
// the message (or when the message said "yesterday"). Dates are stepped in
// local calendar days, so a DST change in between is counted right.
func (s *state) resolve(hour, minute int) time.Time {
	local := s.sent.In(s.p.zone)
	y, m, d := local.Date()
	if s.yday {
		return time.Date(y, m, d-1, hour, minute, 0, 0, s.p.zone)
	}
	at := time.Date(y, m, d, hour, minute, 0, 0, s.p.zone)
	if at.After(s.sent.Add(future)) {
		at = time.Date(y, m, d-1, hour, minute, 0, 0, s.p.zone)
	}
	return at
}

func atoiSmall(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 4; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// timeFor returns when the item at token pos happened: the nearest time
// expression in its clause, else the one time of its sentence ("calpol 5ml
// and nurofen 5ml at 2pm"), else the message's sent time. A time in a
// clause about a plan ("next due at 18:00") dates nothing.
func (s *state) timeFor(pos int) time.Time {
	var inClause, inSentence *timeExpr
	nSentence := 0
	for k := range s.times {
		te := &s.times[k]
		if s.clauseHas(te.pos, futureWords) {
			continue
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

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
