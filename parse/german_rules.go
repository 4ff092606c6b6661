package parse

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/medbot/medbot"
)

// German's own rules (messages-de.md), where its grammar is not
// English's: spellings and compounds, every-child words, times, and what
// records nothing (questions with the verb first, instructions with the
// infinitive last, plans, what someone said, negation over the whole
// clause).

// germanForms gives each word its two spellings: s for the grammar rules
// (ä as ae: "hätte" is "haette", never "hatte"), v for the vocabulary (ä =
// ae = a: "schläft", "schlaeft", "schlaft").
func germanForms(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.kind != tWord {
			t.v = t.s
			continue
		}
		t.s = germanSpelling(t.s)
		t.v = germanFold(t.s)
	}
}

// germanForms' forms of a medicine joined to a form word: "Ibusaft",
// "Nurofensaft", "Benuronzäpfchen".
var formSuffixes = []string{"saft", "zapfchen", "sirup", "tropfen", "tabletten", "tablette", "spray", "suspension"}

// germanCompounds reads the words the vocabulary knows in parts: a
// child's name with the genitive s ("Mias Temperatur"; "Jonas" stays
// Jonas), and a medicine joined to a form word ("Ibusaft").
func (p *Parser) germanCompounds(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.kind != tWord || len(t.v) < 4 {
			continue
		}
		if _, ok := p.match(toks, i, pChild, pMed, pEvent, pGroup); ok {
			continue
		}
		if strings.HasSuffix(t.v, "s") && p.single1(t.v[:len(t.v)-1], pChild) {
			t.v = t.v[:len(t.v)-1]
			t.poss = true
			continue
		}
		for _, f := range formSuffixes {
			if stem := strings.TrimSuffix(strings.TrimSuffix(t.v, f), "-"); stem != t.v && len(stem) >= 3 && p.single1(stem, pMed) {
				t.v = stem
				break
			}
		}
	}
}

// single1 reports whether w alone is a phrase of kind.
func (p *Parser) single1(w string, kind phraseKind) bool {
	for _, ph := range p.phr[w] {
		if ph.kind == kind && len(ph.words) == 1 {
			return true
		}
	}
	return false
}

// germanGroupOK reports whether a word for every child at toks[i] is one:
// never "alle" before a number or a time word ("alle 6 Stunden") or used
// up at the end of a clause ("der Saft ist alle"), nor "beide" before a
// plural noun other than Kinder or Kids ("beide Säfte").
func (s *state) germanGroupOK(i int, ph phrase) bool {
	w := ph.words[0]
	n := i + len(ph.words)
	switch {
	case w == "alle" || w == "allen":
		if n < len(s.toks) && (s.toks[n].kind == tNum || s.rawIn(n, "paar", "zwei", "drei", "vier", "sechs", "acht", "stunden", "std", "minuten", "tage")) {
			return false
		}
		if i > 0 && s.rawIn(i-1, "ist", "sind", "war", "waren") && (n >= len(s.toks) || s.clause[n] != s.clause[i]) {
			return false
		}
	case w == "beide" && len(ph.words) == 1:
		if n < len(s.toks) && s.toks[n].kind == tWord && upperAt(s.text, s.toks[n].start) && !s.rawIn(n, "kinder", "kids") {
			return false
		}
	}
	return true
}

// rawIn reports whether toks[i] is one of words (before the children's
// names are known).
func (s *state) rawIn(i int, words ...string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tWord {
		return false
	}
	for _, w := range words {
		if s.toks[i].s == w {
			return true
		}
	}
	return false
}

// upperAt reports whether the word at byte i of text is capitalised (a
// German noun).
func upperAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsUpper(r)
}

// --- times -------------------------------------------------------------

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

// germanUndated: a sentence with "gestern", "letzte Nacht" or "die ganze
// Nacht" and no clock time records nothing, except clauses with their own
// time ("hat die ganze Nacht gehustet, jetzt 38,1").
func (s *state) germanUndated() { s.unknownTimes(false) }

// germanTimeFor is when a finding at pos happened: its clause's own time;
// else the one time of its sentence when that comes before the
// sentence's first child's name ("14 Uhr: Mia 5 ml, Jonas 7,5 ml"), or
// stands in a clause of the same child ("Mia um 0:30 Nurofen 5 ml, Jonas
// schläft" dates only Mia's); else the message's time.
func (s *state) germanTimeFor(pos int) time.Time {
	var inClause, only *timeExpr
	n := 0
	sent := s.realSentence(pos)
	for k := range s.times {
		te := &s.times[k]
		if s.silent[te.pos] {
			continue
		}
		if s.realSentence(te.pos) != sent {
			continue // an emoji ends a sentence though not a clause
		}
		if s.clause[te.pos] == s.clause[pos] || s.clause[te.end-1] == s.clause[pos] {
			if inClause == nil || absInt(te.pos-pos) < absInt(inClause.pos-pos) {
				inClause = te
			}
		}
		{
			only = te
			n++
		}
	}
	switch {
	case inClause != nil:
		return inClause.at
	case n == 1:
		first := -1
		for k := range s.toks {
			if s.mentionTok[k] && s.realSentence(k) == sent {
				first = k
				break
			}
		}
		if first < 0 || only.pos < first || s.childAt(only.pos) == s.childAt(pos) {
			return only.at
		}
	}
	return s.sent
}

// realSentence is the number of the sentence (ended by . ! ? a new line
// or an emoji) toks[i] stands in.
func (s *state) realSentence(i int) int {
	if s.real == nil {
		s.real = make([]int, len(s.toks))
		for n, sn := range s.germanSentences() {
			for k := sn[0]; k < sn[1]; k++ {
				s.real[k] = n
			}
		}
	}
	return s.real[i]
}

// childAt is the first token of the nearest child's name before toks[i]
// in its sentence (-1: none).
func (s *state) childAt(i int) int {
	for k := i; k >= 0 && s.realSentence(k) == s.realSentence(i); k-- {
		if s.mentionTok[k] {
			for k > 0 && s.mentionTok[k-1] {
				k--
			}
			return k
		}
	}
	return -1
}

// --- amounts and readings German writes its own way ---------------------

var (
	deSuppository     = gset("zäpfchen", "zapfchen", "zäpfli", "zapfli", "fieberzäpfchen", "fieberzapfchen")
	deSuppositoryOnly = gset("infectocortikrupp", "rectodelt", "klismacort")
	deHas             = gset("hat", "hatte")
	deBetweenHas      = gset("jetzt", "wieder", "noch", "schon", "auch", "immer", "nun", "gerade", "grad")
)

// germanDoses reads a suppository's or tablet's strength as its dose
// ("ben-u-ron Zäpfchen 125", "125er Zäpfchen", "Infectocortikrupp 100"),
// a count with a strength as count × strength mg ("ein halbes Zäpfchen
// ben-u-ron 250"), and any other bare number after a medicine as its
// strength, never a dose ("InfectoMox 250 5 ml", "ben-u-ron 125").
func (s *state) germanDoses(ds []dose) []dose {
	bare := func(j int) bool {
		if j >= len(s.toks) || s.used[j] || s.toks[j].kind != tNum || s.toks[j].val <= 0 || s.toks[j].val > 10000 {
			return false // a strength is a plausible amount
		}
		if j+1 < len(s.toks) {
			n := &s.toks[j+1]
			if _, unit := s.l.unitWords[n.v]; unit && n.v != "mg" {
				return false
			}
			if n.s == "%" || n.s == "x" || n.s == "/" || n.s == "er" && n.glued() {
				return false
			}
		}
		return true
	}
	mgAfter := func(j int) int {
		if s.tokV(j+1) == "mg" {
			return j + 2
		}
		return j + 1
	}
	// a count of suppositories or tablets with a strength
	for k := range ds {
		d := &ds[k]
		if d.unit != "suppositories" && d.unit != "tablets" {
			continue
		}
		if d.val > 10 {
			d.unit = "mg" // "ben-u-ron 125 Zäpfchen": no one gives 125 of them; it is the strength
			continue
		}
		for j := d.end; j < len(s.toks) && j <= d.end+6; j++ {
			if ph, ok := s.p.match(s.toks, j, pMed); ok {
				j += len(ph.words) - 1 // "ein halbes Zäpfchen ben-u-ron 250"
				continue
			}
			if bare(j) {
				end := mgAfter(j)
				d.val, d.unit = d.val*s.toks[j].val, "mg"
				s.mark(j, end) // the dose keeps its place, next to its medicine
				break
			}
			if s.toks[j].kind == tPunct || s.toks[j].kind == tNum {
				break
			}
		}
	}
	for j := range s.toks {
		if s.used[j] {
			continue
		}
		switch {
		case s.toks[j].kind == tWord && deSuppository[s.toks[j].v]:
			// "Zäpfchen 125", "125er Zäpfchen"
			if bare(j + 1) {
				end := mgAfter(j + 1)
				ds = append(ds, dose{pos: j, end: end, val: s.toks[j+1].val, unit: "mg"})
				s.mark(j, end)
			} else if j >= 2 && s.toks[j-2].kind == tNum && !s.used[j-2] && s.tokV(j-1) == "er" && s.toks[j-1].glued() {
				ds = append(ds, dose{pos: j - 2, end: j + 1, val: s.toks[j-2].val, unit: "mg"})
				s.mark(j-2, j+1)
			}
		default:
			ph, ok := s.p.match(s.toks, j, pMed)
			if !ok {
				continue
			}
			k := j + len(ph.words)
			if !bare(k) {
				continue
			}
			if deSuppositoryOnly[s.toks[j].v] {
				end := mgAfter(k)
				ds = append(ds, dose{pos: k, end: end, val: s.toks[k].val, unit: "mg"})
				s.mark(k, end)
			} else {
				s.mark(k, k+1) // the product's strength: no dose, no reading
			}
		}
	}
	slicesSortDoses(ds)
	return ds
}

// germanReadings reads a whole number 34-43 that a child has ("die Mia
// hat 40", "Jonas hatte wieder 40"; "jetzt", "wieder", "noch", "schon" may
// come between) with only the end of its clause after it.
func (s *state) germanReadings() {
	for i := range s.toks {
		t := &s.toks[i]
		if s.used[i] || t.kind != tNum || t.frac != "" || t.val < 34 || t.val > 43 || s.threshold(i) {
			continue
		}
		k := i - 1
		for k >= 0 && s.isWord(k, deBetweenHas) {
			k--
		}
		if !s.isWord(k, deHas) {
			continue
		}
		if i+1 < len(s.toks) && s.clause[i+1] == s.clause[i] && s.toks[i+1].kind != tPunct {
			continue
		}
		s.addItem(i, medbotTemperature(t.val))
		s.mark(i, i+1)
	}
}

func medbotTemperature(v float64) medbot.Observation {
	return medbot.Observation{Kind: medbot.Temperature, Value: v}
}

// slicesSortDoses puts doses in the order of their words.
func slicesSortDoses(ds []dose) {
	sort.SliceStable(ds, func(a, b int) bool { return ds[a].pos < ds[b].pos })
}
