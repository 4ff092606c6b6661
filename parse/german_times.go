package parse

import (
	"time"
)

// German times (messages-de.md, "Times"): clock times, spoken times,
// "vor …" and the parts of the day.

// germanAgoUnits are the units of "vor 20 Minuten".
var germanAgoUnits = map[string]time.Duration{
	"minute": time.Minute, "minuten": time.Minute, "min": time.Minute, "min.": time.Minute, "minutchen": time.Minute,
	"stunde": time.Hour, "stunden": time.Hour, "std": time.Hour, "h": time.Hour,
}

// germanDayParts move a 12-hour time: morning, afternoon, night.
var germanDayParts = map[string]string{"morgens": "am", "fruh": "am", "fruh.": "am", "vormittags": "am", "nachmittags": "pm", "abends": "pm", "mittags": "noon", "nachts": "night"}

// germanTimes finds the message's times: "um 14:30", "14.30 Uhr", "14
// Uhr", "um 2", "halb 5" (4:30), "viertel nach 3", "dreiviertel 4", "5 vor
// halb 4", "vor 20 Minuten", "vor anderthalb Stunden", "jetzt", "gestern
// um 23 Uhr", "um 11 nachts"; and whether the night or yesterday leaves a
// time unknown.
func (s *state) germanTimes() {
	for i := range s.toks {
		switch {
		case s.wordIn(i, "gestern", "vorgestern") && s.word(i-1, "seit"):
			s.used[i] = true // "seit gestern" dates nothing
		case s.wordIn(i, "gestern", "vorgestern"):
			s.yday = true
			s.used[i] = true
			if s.word(i, "vorgestern") {
				s.ydays = 2
			}
		case s.word(i, "letzte") && s.word(i+1, "nacht"), s.word(i, "heute") && s.word(i+1, "nacht"),
			s.word(i, "in") && s.word(i+1, "der") && s.word(i+2, "nacht"):
			s.yday = true
		case s.word(i, "ganze") && s.word(i+1, "nacht"), s.word(i, "nachts") && !s.clockBefore(i):
			s.night = true
		}
	}
	for i := 0; i < len(s.toks); i++ {
		if s.used[i] {
			continue
		}
		switch {
		case s.word(i, "vor") && i+1 < len(s.toks):
			if end, ok := s.germanAgo(i); ok {
				i = end - 1
			}
		case s.wordIn(i, "jetzt", "gerade", "grad", "grade", "eben", "soeben"):
			end := i + 1
			if s.word(i, "gerade") && s.word(i+1, "eben") {
				end++
			}
			s.times = append(s.times, timeExpr{pos: i, end: end, at: s.sent, now: true})
			s.mark(i, end)
			i = end - 1
		case s.wordIn(i, "halb", "viertel", "dreiviertel") || s.toks[i].kind == tNum || s.l.numWords[s.toks[i].v] > 0 || s.word(i, "mitternacht"):
			if end, ok := s.germanClock(i); ok {
				i = end - 1
			}
		}
	}
}

// clockBefore reports whether a clock time stands just before toks[i]
// ("um 11 nachts").
func (s *state) clockBefore(i int) bool {
	return i > 0 && (s.toks[i-1].kind == tNum || s.word(i-1, "uhr"))
}

// germanHour reads an hour at toks[i]: a number 0-24 or a number word.
func (s *state) germanHour(i int) (int, bool) {
	if i >= len(s.toks) || s.used[i] {
		return 0, false
	}
	t := &s.toks[i]
	if t.kind == tNum && len(t.whole) <= 2 {
		return atoiSmall(t.whole), atoiSmall(t.whole) <= 24
	}
	if v := s.l.numWords[t.v]; v >= 1 && v == float64(int(v)) {
		return int(v), true
	}
	return 0, false
}

// germanClock reads a clock time starting at toks[i].
func (s *state) germanClock(i int) (int, bool) {
	start := i
	prefixed := false
	if i > 0 && s.wordIn(i-1, "um", "gegen", "ca", "circa", "etwa", "ab") && !s.used[i-1] {
		start, prefixed = i-1, true
		if i > 1 && s.wordIn(i-2, "so", "etwa") {
			start = i - 2
		}
	}
	hour, minute := -1, 0
	end := i
	h24 := false
	spoken := false
	switch {
	case s.word(i, "mitternacht"):
		hour, end, h24 = 0, i+1, true
	case s.word(i, "halb"):
		h, ok := s.germanHour(i + 1)
		if !ok || h < 1 || h > 12 {
			return 0, false
		}
		hour, minute, end, spoken = h-1, 30, i+2, true
	case s.word(i, "viertel") && s.wordIn(i+1, "nach", "vor"):
		h, ok := s.germanHour(i + 2)
		if !ok || h > 24 {
			return 0, false
		}
		hour, minute, end, spoken = h, 15, i+3, true
		if s.word(i+1, "vor") {
			hour, minute = h-1, 45
		}
	case s.word(i, "viertel"):
		h, ok := s.germanHour(i + 1)
		if !ok || h < 1 || h > 12 {
			return 0, false
		}
		hour, minute, end, spoken = h-1, 15, i+2, true
	case s.word(i, "dreiviertel"):
		h, ok := s.germanHour(i + 1)
		if !ok || h < 1 || h > 12 {
			return 0, false
		}
		hour, minute, end, spoken = h-1, 45, i+2, true
	default:
		t := &s.toks[i]
		if t.kind == tNum && t.frac == "" && s.wordIn(i+1, "nach", "vor") && (prefixed || s.toks[i].val <= 30) {
			// "10 nach 3", "5 vor 4", "5 nach halb 4", "5 vor halb 4"
			m := atoiSmall(t.whole)
			k := i + 2
			half := s.word(k, "halb")
			if half {
				k++
			}
			h, ok := s.germanHour(k)
			if !ok || m > 29 || h < 1 || h > 24 {
				return 0, false
			}
			base := h
			offset := 0
			if half {
				base, offset = h-1, 30
			}
			if s.word(i+1, "nach") {
				hour, minute = base, offset+m
			} else {
				hour, minute = base, offset-m
				if minute < 0 {
					hour, minute = hour-1, minute+60
				}
			}
			end, spoken = k+1, true
			break
		}
		if s.germanBadClock(i, prefixed) {
			return 0, false
		}
		h, ok := s.germanHour(i)
		if !ok {
			return 0, false
		}
		hour, end = h, i+1
		hasMin := false
		// "14:30", "14.30"
		if t.kind == tNum && t.frac != "" && len(t.frac) == 2 && len(t.whole) <= 2 && t.fracSep == '.' {
			hour, minute, hasMin = atoiSmall(t.whole), atoiSmall(t.frac), true
		} else if s.punct(end, ":") && end+1 < len(s.toks) && s.toks[end+1].kind == tNum && len(s.toks[end+1].whole) == 2 && s.toks[end+1].glued() {
			minute, hasMin, end = atoiSmall(s.toks[end+1].whole), true, end+2
		}
		uhr := s.word(end, "uhr") || (s.word(end, "h") && s.toks[end].glued())
		if uhr {
			end++
		}
		if t.kind == tNum && t.frac != "" && !(hasMin && (uhr || prefixed)) {
			return 0, false // "38,5": a reading; a bare "14.30" only with Uhr or um
		}
		if !uhr && !prefixed && !(hasMin && t.frac == "") {
			return 0, false // a plain number is no time
		}
		if t.kind != tNum && !prefixed {
			return 0, false // "zwei" alone is a count
		}
		if !uhr && !hasMin && s.germanCountAfter(end) {
			return 0, false // "um 1 Grad", "um 5 ml"
		}
		if hour > 23 || minute > 59 {
			return 0, false
		}
		h24 = hasMin && t.kind == tNum && len(t.whole) == 2 && t.whole[0] == '0' || hour == 0 || hour > 12
	}
	if hour < 0 || hour > 23 {
		if hour == -1 {
			hour = 23
		} else {
			return 0, false
		}
	}
	part := ""
	if end < len(s.toks) {
		part = germanDayParts[s.toks[end].v]
		if part == "" && s.word(end, "in") && s.word(end+1, "der") && s.word(end+2, "nacht") {
			part, end = "night", end+3
		} else if part != "" {
			end++
		}
	}
	at := s.germanPlace(hour, minute, part, h24 && !spoken)
	s.mark(start, end)
	s.times = append(s.times, timeExpr{pos: start, end: end, at: at})
	return end, true
}

// germanBadClock reports whether the number toks[i] opens a clock time
// that does not exist ("25:00", "um 14.75", "23:60 Uhr"), and keeps it as
// the message's bad time: its readings are then asked about, never dated
// now (as in English).
func (s *state) germanBadClock(i int, prefixed bool) bool {
	t := &s.toks[i]
	if t.kind != tNum || len(t.whole) > 2 {
		return false
	}
	minute, end := -1, i+1
	switch {
	case t.frac != "" && len(t.frac) == 2 && t.fracSep == '.' && (prefixed || s.word(i+1, "uhr")):
		minute = atoiSmall(t.frac)
	case t.frac == "" && s.punct(i+1, ":") && s.toks[i+1].glued() && i+2 < len(s.toks) && s.toks[i+2].kind == tNum && s.toks[i+2].glued() && s.toks[i+2].frac == "" && len(s.toks[i+2].whole) == 2:
		minute, end = atoiSmall(s.toks[i+2].whole), i+3
	}
	if minute < 0 || (atoiSmall(t.whole) <= 23 && minute <= 59) {
		return false
	}
	if s.badTime == "" {
		s.badTime = s.text[t.start:s.toks[end-1].end]
	}
	return true
}

// germanCountAfter reports whether the token at end makes the number
// before it a count, not a time.
func (s *state) germanCountAfter(end int) bool {
	if end >= len(s.toks) {
		return false
	}
	t := &s.toks[end]
	if _, ok := s.l.unitWords[t.v]; ok {
		return true
	}
	return t.s == "°" || t.s == "%" || s.wordIn(end, "grad", "mal", "x", "min", "minuten", "stunden", "std", "tage", "kg", "er")
}

// germanPlace puts a time of day on the message's date, by the part of
// the day when one was said.
func (s *state) germanPlace(hour, minute int, part string, h24 bool) time.Time {
	switch part {
	case "am":
		return s.resolve(hour%12, minute)
	case "pm":
		return s.resolve(hour%12+12, minute)
	case "noon":
		if hour < 12 {
			hour += 12
		}
		if hour > 14 {
			hour -= 12
		}
		return s.resolve(hour, minute)
	case "night":
		if hour >= 8 && hour <= 11 {
			return s.resolve(hour+12, minute)
		}
		return s.resolve(hour%12, minute)
	}
	return s.place(hour, minute, "", h24)
}

// germanAgo reads "vor 20 Minuten", "vor einer halben Stunde", "vor ner
// Stunde", "vor anderthalb Stunden", "vor 1,5 Std", "vor einer
// Viertelstunde", "vor ein paar Minuten" at the "vor" toks[i].
func (s *state) germanAgo(i int) (int, bool) {
	k := i + 1
	amount := -1.0
	switch {
	case s.wordIn(k, "ein", "einer", "ner", "eine") && s.wordIn(k+1, "viertelstunde"):
		amount, k = 15, k+2
		return s.agoAt(i, k, time.Duration(amount)*time.Minute)
	case s.wordIn(k, "einer", "ner", "eine") && s.wordIn(k+1, "dreiviertelstunde"):
		return s.agoAt(i, k+2, 45*time.Minute)
	case s.wordIn(k, "einer", "ner", "eine") && s.wordIn(k+1, "halben", "halbe"):
		amount, k = 0.5, k+2
	case s.wordIn(k, "ein") && s.word(k+1, "paar"):
		if _, ok := germanAgoUnits[s.tokV(k+2)]; ok {
			return s.agoAt(i, k+3, 0)
		}
		return 0, false
	case s.wordIn(k, "einer", "ner", "eine", "ein"):
		amount, k = 1, k+1
	case k < len(s.toks) && s.toks[k].kind == tNum:
		amount, k = s.toks[k].val, k+1
	case k < len(s.toks) && s.l.numWords[s.toks[k].v] > 0:
		amount, k = s.l.numWords[s.toks[k].v], k+1
	default:
		return 0, false
	}
	unit, ok := germanAgoUnits[s.tokV(k)]
	if !ok {
		// "vor 20min": the unit glued to the number
		return 0, false
	}
	k++
	if s.punct(k, ".") && s.toks[k].glued() {
		k++
	}
	d := time.Duration(amount * float64(unit))
	if d <= 0 || d > maxAgo {
		return 0, false
	}
	return s.agoAt(i, k, d)
}

func (s *state) tokV(i int) string {
	if i >= len(s.toks) {
		return ""
	}
	return s.toks[i].v
}

func (s *state) agoAt(from, end int, d time.Duration) (int, bool) {
	s.mark(from, end)
	s.times = append(s.times, timeExpr{pos: from, end: end, at: s.sent.Add(-d), now: d == 0})
	return end, true
}
