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
		if s.word(i, "yesterday") || (s.word(i, "last") && s.wordIn(i+1, "night", "nite")) {
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
			continue
		}
		if (s.word(i, "just") || s.word(i, "right")) && s.word(i+1, "now") {
			// "nurofen 5ml just now": the message's own time, which keeps
			// an earlier clause's time from reaching it
			s.mark(i, i+2)
			s.times = append(s.times, timeExpr{pos: i, end: i + 2, at: s.sent})
			i++
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
func (s *state) undated() {
	if s.badTime != "" {
		s.silence(0, len(s.toks)) // "38.4 at 25:00": when is unknown
		return
	}
	if !s.yday {
		return
	}
	for k := range s.times {
		if !s.silent[s.times[k].pos] {
			return
		}
	}
	for i := range s.silent {
		s.silent[i] = true
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

// notClockAfter are words that make the number before them a count, not a
// time of day: "about 3 times", "around 2 bottles", "about 10 mins ago".
var notClockAfter = map[string]bool{
	"times": true, "time": true, "bottles": true, "cups": true, "cup": true, "sips": true, "mouthfuls": true, "spoons": true,
	"spoonfuls": true, "glasses": true, "pieces": true, "bites": true, "biscuits": true, "nappies": true, "wees": true,
	"poos": true, "doses": true, "dose": true, "days": true, "day": true, "weeks": true, "months": true, "years": true,
	"mins": true, "min": true, "minutes": true, "minute": true, "hours": true, "hour": true, "hrs": true, "hr": true,
	"h": true, "m": true, "x": true, "of": true, "degrees": true, "kg": true, "kgs": true, "lbs": true, "oz": true,
	"weeks'": true, "yrs": true, "year": true, "month": true, "week": true,
}

// clockPrefixes introduce a time of day: "at 3", "@14:30", "about 3",
// "around 3".
var clockPrefixes = map[string]bool{"at": true, "@": true, "around": true, "about": true, "approx": true, "roughly": true}

// spoken reads a time said the way people say it, starting at the word
// toks[i]: "half 5" and "half past 5" (5:30), "quarter past 3" (3:15),
// "quarter to 4" (3:45). It returns the token after it.
func (s *state) spoken(i int) (int, bool) {
	w := s.toks[i].s
	minute, h := 0, i+1
	switch {
	case w == "half" && s.word(i+1, "past"):
		minute, h = 30, i+2
	case w == "half":
		minute = 30
	case w == "quarter" && s.word(i+1, "past"):
		minute, h = 15, i+2
	case w == "quarter" && s.word(i+1, "to"):
		minute, h = -15, i+2
	default:
		return 0, false
	}
	if h >= len(s.toks) || s.toks[h].kind != tNum || s.toks[h].frac != "" || s.used[h] || len(s.toks[h].whole) > 2 {
		return 0, false
	}
	hour := atoiSmall(s.toks[h].whole)
	end := h + 1
	if hour < 1 || hour > 12 || s.countAfter(end) {
		return 0, false
	}
	if minute < 0 {
		minute, hour = 45, hour-1
		if hour == 0 {
			hour = 12
		}
	}
	ampm, end := s.ampm(end)
	start := i
	if i > 0 && clockPrefixes[s.toks[i-1].s] {
		start = i - 1
	}
	s.mark(start, end)
	s.times = append(s.times, timeExpr{pos: start, end: end, at: s.place(hour, minute, ampm, false)})
	return end, true
}

// minutesPast reads "10 past 3" and "20 to 4" at the number toks[i]; only
// after "at", "about" or "around" ("at 10 past 3"), so that counts ("5 to
// 10 puffs") are never times.
func (s *state) minutesPast(i int, prefixed bool) (int, bool) {
	t := &s.toks[i]
	if !prefixed || t.frac != "" || !s.wordIn(i+1, "past", "to") {
		return 0, false
	}
	h := i + 2
	if h >= len(s.toks) || s.toks[h].kind != tNum || s.toks[h].frac != "" || len(s.toks[h].whole) > 2 {
		return 0, false
	}
	minute, hour := atoiSmall(t.whole), atoiSmall(s.toks[h].whole)
	if minute < 1 || minute > 30 || len(t.whole) > 2 || hour < 1 || hour > 12 || s.countAfter(h+1) {
		return 0, false
	}
	if s.toks[i+1].s == "to" {
		minute, hour = 60-minute, hour-1
		if hour == 0 {
			hour = 12
		}
	}
	ampm, end := s.ampm(h + 1)
	s.mark(i-1, end)
	s.times = append(s.times, timeExpr{pos: i - 1, end: end, at: s.place(hour, minute, ampm, false)})
	return end, true
}

// countAfter reports whether toks[i] makes the number before it an amount
// rather than a time: a unit, a count noun, "%", or a word glued to it.
func (s *state) countAfter(i int) bool {
	if i >= len(s.toks) {
		return false
	}
	t := &s.toks[i]
	if _, ok := unitWords[t.s]; ok {
		return true
	}
	return notClockAfter[t.s] || t.s == "%" || (t.kind == tWord && t.glued() && t.s != "ish" && t.s != "am" && t.s != "pm")
}

// ampm reads "am", "pm", "a.m." or "p.m." at toks[end].
func (s *state) ampm(end int) (string, int) {
	if end >= len(s.toks) || s.toks[end].kind != tWord {
		return "", end
	}
	switch s.toks[end].s {
	case "am", "pm":
		return s.toks[end].s, end + 1
	case "a", "p":
		if s.punct(end+1, ".") && s.word(end+2, "m") {
			ampm := s.toks[end].s + "m"
			end += 3
			if s.punct(end, ".") {
				end++
			}
			return ampm, end
		}
	}
	return "", end
}

// place puts a time of day on the message's date. With am or pm, or on a
// 24-hour clock (h24: a leading zero, or an hour past 12), it is that
// time; otherwise it is the most recent past of the two 12-hour readings.
func (s *state) place(hour, minute int, ampm string, h24 bool) time.Time {
	switch {
	case ampm == "am":
		return s.resolve(hour%12, minute)
	case ampm == "pm":
		return s.resolve(hour%12+12, minute)
	case hour >= 1 && hour <= 12 && !h24:
		a, b := s.resolve(hour%12, minute), s.resolve(hour%12+12, minute)
		if b.After(a) {
			return b
		}
		return a
	}
	return s.resolve(hour, minute)
}

// clock reads a clock time starting at the number toks[i]: "14:30",
// "at 2pm", "2.30pm", "at 3", "3ish", "about 3", "at 1300". It returns
// the token after the expression.
func (s *state) clock(i int) (int, bool) {
	t := &s.toks[i]
	prefixed := i > 0 && clockPrefixes[s.toks[i-1].s] && !s.used[i-1]
	if end, ok := s.minutesPast(i, prefixed); ok {
		return end, true
	}
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
	case len(hourTok) == 4 && prefixed && (s.toks[i-1].s == "at" || s.toks[i-1].s == "@"):
		// at 1300
		hourTok, minute, hasMin = hourTok[:2], atoiSmall(hourTok[2:]), true
	}
	// "at 25:00", "14:75", "at 14.75": a time, but none that exists;
	// "38.75" alone is a temperature
	bad := hasMin && (t.frac == "" || prefixed)
	if len(hourTok) > 2 || minute > 59 || (bad && atoiSmall(hourTok) > 23) {
		if bad && s.badTime == "" {
			s.badTime = s.text[t.start:s.toks[end-1].end]
		}
		return 0, false
	}
	hour := atoiSmall(hourTok)
	ampm, end := s.ampm(end)
	// "3ish", "3-ish": about three o'clock
	if s.word(end, "ish") {
		prefixed, end = true, end+1
	} else if s.punct(end, "-") && s.word(end+1, "ish") {
		prefixed, end = true, end+2
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
	if !colon && ampm == "" && s.countAfter(end) {
		return 0, false // "at 5ml", "about 3 times"
	}
	at := s.place(hour, minute, ampm, len(hourTok) == 2 && hourTok[0] == '0')
	start := i
	if i > 0 && clockPrefixes[s.toks[i-1].s] && !s.used[i-1] {
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
