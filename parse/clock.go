package parse

import (
	"time"
)

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
	if i > 0 && s.l.clockPrefixes[s.toks[i-1].s] {
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
	if _, ok := s.l.unitWords[t.v]; ok {
		return true
	}
	return s.l.notClockAfter[t.s] || t.s == "%" || (t.kind == tWord && t.glued() && t.s != "ish" && t.s != "am" && t.s != "pm")
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
	prefixed := i > 0 && s.l.clockPrefixes[s.toks[i-1].s] && !s.used[i-1]
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
	if i > 0 && s.l.clockPrefixes[s.toks[i-1].s] && !s.used[i-1] {
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
		return time.Date(y, m, d-max(1, s.ydays), hour, minute, 0, 0, s.p.zone)
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
