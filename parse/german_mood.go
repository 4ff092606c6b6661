package parse

import "strings"

// What records nothing in German (messages-de.md): questions open with
// the verb and its subject (a statement puts the verb second), advice and
// instructions (an imperative first, an infinitive last), plans, what
// someone said, negation over the whole clause, an answer to someone, and
// a grown-up's own readings and symptoms.

// adultEvents are what a grown-up has too: their own are not the child's.
var adultEvents = map[string]bool{"sleep": true, "wake": true, "vomit": true, "cough": true, "rash": true}

var (
	deQuestionWords = gset("wann", "wie", "wieviel", "wieviele", "was", "warum", "wieso", "weshalb", "wo", "wer", "welche", "welcher", "welches", "welchen", "woran", "womit")
	deOpeners       = gset("und", "aber", "oder", "ok", "okay", "du", "hey", "na", "sag", "mal", "ähm", "hm", "hmm", "also nein")
	deTags          = gset("oder", "ne", "nä", "gell", "gelle", "gö", "oda", "stimmt", "woll", "nech", "odr")
	deWondering     = gset("ob", "vielleicht", "glaube", "glaub", "wahrscheinlich", "vermutlich", "evtl", "eventuell", "ahnung")
	deImperatives   = gset("gib", "gebt", "pass", "passt", "achte", "achtet", "lass", "lasst", "ruf", "ruft", "sag", "schau", "schaut", "mach", "macht", "miss", "messt", "versuch", "versucht", "denk", "meld", "schreib", "probier", "gebts", "gibs", "bring", "halt", "behalte", "bleib")
	deConditions    = gset("wenn", "falls", "sobald", "sofern", "notfalls")
	deWishes        = gset("besserung", "hoffentlich", "daumen", "hoffe", "hoffen")
	deConditional   = gset("sollte", "solltest", "sollten", "würde", "würdest", "würden", "könnte", "könntest", "könnten", "lieber", "besten", "müsste", "müsstest")
	dePlanWords     = gset("nächste", "nächster", "nächstes", "nächsten", "frühestens", "dran", "fällig", "termin", "arzttermin", "kinderarzttermin", "morgen", "übermorgen", "später", "nachher", "bald", "gleich", "demnächst")
	deModals        = gset("muss", "musst", "müssen", "müsst", "soll", "sollst", "sollen", "sollt", "darf", "darfst", "dürfen", "kann", "kannst", "können", "will", "willst", "wollen", "möchte", "möchtest", "möchten", "werde", "wirst", "wird", "werden", "werdet")
	deGoing         = gset("fahren", "fahre", "fährst", "gehen", "gehe", "bringen", "bringe", "los")
	deGoingTo       = gset("ins", "zum", "zur", "in", "nach")
	dePresentGiving = gset("gebe", "geb", "gibt", "bekommt", "kriegt", "nimmt")
	deNow           = gset("jetzt", "gerade", "grad", "grade", "eben", "soeben")
	dePrescribed    = gset("verschrieben", "verordnet", "rezept", "verschreibt", "verordnen")
	deSchedules     = gset("täglich", "taeglich", "tgl", "dreimal", "zweimal", "viermal", "einmal")
	deAnswers       = gset("ja", "jo", "nein", "ne", "nee", "nö", "jup", "jap", "yes", "no")
	dePersons       = gset("mama", "papa", "oma", "opa", "mutti", "vati", "mami", "papi")
	deSelf          = gset("ich", "wir", "du", "bin", "ihr")
	deFinite        = gset("hat", "haben", "hab", "habe", "hast", "habt", "hatte", "hatten", "hattest", "ist", "sind", "bin", "bist", "seid", "war", "waren", "warst",
		"wird", "wurde", "wurden", "kann", "konnte", "soll", "sollte", "muss", "musste", "darf", "durfte", "will", "wollte", "bekommt", "bekam", "kriegt", "nimmt",
		"gibt", "gab", "schläft", "schlief", "hustet", "trinkt", "isst", "aß", "spuckt", "bricht", "erbricht", "wacht", "liegt", "lag", "geht", "ging", "macht", "hört", "fiebert", "zeigt", "misst", "mag", "braucht")
	deThird       = gset("kann", "soll", "darf", "muss", "will", "mag", "möchte", "wird", "war", "hatte", "sollte", "könnte", "würde", "durfte", "musste", "wollte", "konnte")
	deFirst       = gset("hab", "habe", "bin", "geb", "gebe", "mach", "mache", "musst", "kannst", "sollst", "darfst", "willst", "hast", "bist")
	deArticles    = gset("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "wieder", "mit", "starker", "starken", "bellender", "bellenden", "trockener", "trockenen")
	deNumberAfter = gset("ist", "sind", "wäre", "wären", "muss", "braucht")
)

// germanQuestionMessage: German decides per sentence (germanQuieten), so
// that "Mia 39,1. Soll ich ihr was geben?" keeps the 39.1.
func (s *state) germanQuestionMessage() bool { return false }

// germanSentences returns the message's sentences: ended by . ! ?, a new
// line or an emoji (a comma ends a clause, not a sentence).
func (s *state) germanSentences() [][2]int {
	var out [][2]int
	from := 0
	for i := range s.toks {
		t := &s.toks[i]
		end := false
		if t.kind == tPunct && (t.s == "." || t.s == "!" || isQuestionMark(t.s) || t.s == "…") {
			end = true
		}
		if t.kind == tPunct && len(t.s) > 1 { // an emoji
			end = true
		}
		if i+1 < len(s.toks) && strings.ContainsRune(s.text[t.end:s.toks[i+1].start], '\n') {
			end = true
		}
		if end {
			out = append(out, [2]int{from, i + 1})
			from = i + 1
		}
	}
	if from < len(s.toks) {
		out = append(out, [2]int{from, len(s.toks)})
	}
	return out
}

// germanQuieten marks what records nothing.
func (s *state) germanQuieten() {
	sentences := s.germanSentences()
	for n, sn := range sentences {
		from, to := sn[0], sn[1]
		if n == 0 && s.germanAnswerOpening(from, to) {
			s.silence(from, to)
			continue
		}
		if s.germanAsks(from, to) || s.germanAdvises(from, to) {
			s.silence(from, to)
			continue
		}
		// what someone said, and a clause's plan, instruction or
		// prescription
		for c := from; c < to; {
			ce := nextRange(s.clause, c)
			if ce > to {
				ce = to
			}
			switch {
			case s.germanReported(c, ce):
				s.silence(c, to) // the clause and the rest of the sentence
				c = to
				continue
			case s.germanPlans(c, ce), s.germanInstruction(c, ce), s.anyWord(c, ce, dePrescribed), s.germanSchedule(c, ce):
				s.silence(c, ce)
			}
			s.germanAdult(c, ce, to)
			s.germanBefore(c, ce)
			s.germanHandOver(c, ce)
			c = ce
		}
	}
}

// anyWord reports whether a word of set stands in [from, to).
func (s *state) anyWord(from, to int, set map[string]bool) bool {
	for i := from; i < to; i++ {
		if s.toks[i].kind == tWord && set[s.toks[i].s] {
			return true
		}
	}
	return false
}

// germanAdvises reports whether a sentence advises, wishes or
// instructs: an imperative first, a wish, a conditional.
func (s *state) germanAdvises(from, to int) bool {
	i := s.germanOpener(from, to)
	if i >= 0 && s.isWord(i, deImperatives) && !s.mentionTok[i] {
		return true
	}
	for k := from; k < to; k++ {
		switch {
		case s.isWord(k, deWishes), s.isWord(k, deConditional), s.isWord(k, deConditions):
			return true
		case s.isWord(k, deImperatives) && (k == from || s.clause[k-1] != s.clause[k] || s.toks[k-1].kind == tPunct):
			return true // "…, gib ihm Tee": an imperative opening a clause
		case s.wordIn(k, "gute", "guten") && s.wordIn(k+1, "nacht", "besserung"):
			return true
		case s.wordIn(k, "schlaf", "schlaft") && s.word(k+1, "gut"):
			return true
		case s.word(k, "am") && s.word(k+1, "besten"):
			return true
		}
	}
	return false
}

// germanReported reports whether a clause says what someone else said
// ("der Kinderarzt sagt", "laut 116117"); a device may say a reading
// ("Oxi sagt 96").
func (s *state) germanReported(from, to int) bool {
	for k := from; k < to; k++ {
		if !s.isWord(k, s.l.reporting) {
			continue
		}
		if k > from && s.isWord(k-1, s.l.devices) {
			continue
		}
		if _, ok := s.p.match(s.toks, maxInt(k-1, 0), pSpO2, pTemp); ok && k > from {
			continue // "Pulsoxi sagt 96"
		}
		return true
	}
	return false
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// germanPast reports whether a clause tells of the past: a past
// participle or a past form ("gleich wieder ausgebrochen").
func (s *state) germanPast(from, to int) bool {
	for k := from; k < to; k++ {
		w := s.toks[k].s
		if s.toks[k].kind != tWord {
			continue
		}
		if s.wordIn(k, "hatte", "hatten", "war", "waren", "wurde", "musste", "konnte", "wollte", "bekam", "gab") {
			return true
		}
		if isParticiple(w) {
			return true
		}
	}
	return false
}

// germanPlans reports whether a clause plans: what is due next, an
// appointment, a present modal, going somewhere, "gleich" or "morgen"
// in a clause not in the past, a present-tense giving with a clock time.
func (s *state) germanPlans(from, to int) bool {
	past := s.germanPast(from, to)
	timed, now := false, false
	for k := from; k < to; k++ {
		t := &s.toks[k]
		if t.kind != tWord {
			if t.kind == tNum && k > from && s.word(k-1, "um") {
				timed = true
			}
			continue
		}
		w := t.s
		switch {
		case strings.Contains(t.v, "termin"):
			return true
		case dePlanWords[w] && !(w == "gleich" && past) && !(w == "morgen" && s.word(k-1, "heute")):
			if !past || w == "nachste" || w == "naechste" || w == "naechster" || w == "naechstes" || w == "faellig" || w == "dran" {
				return true
			}
		case deModals[w]:
			return true
		case deGoing[w] && s.anyWord(k, to, deGoingTo):
			return true
		case deNow[w]:
			now = true
		case w == "ab" && s.anyWord(k, to, gset("darf", "dürfen", "kann")):
			return true
		case w == "erst" && k+1 < to && (s.wordIn(k+1, "um", "ab", "in", "nach", "morgen", "wieder") || s.toks[k+1].kind == tNum):
			return true // "Ibu geht erst um 3": when it may be given
		}
	}
	if timed && !now {
		for k := from; k < to; k++ {
			if s.isWord(k, dePresentGiving) && !past {
				return true // "um 6 gibt's wieder ben-u-ron"
			}
		}
	}
	return false
}

// germanSchedule reports whether a clause gives a schedule: "3x täglich",
// "dreimal am Tag", "pro Tag", "alle 8 Stunden", "1-0-1".
func (s *state) germanSchedule(from, to int) bool {
	for k := from; k < to; k++ {
		switch {
		case s.isWord(k, deSchedules):
			return true
		case s.wordIn(k, "pro", "am") && s.wordIn(k+1, "tag"):
			return true
		case s.wordIn(k, "alle") && k+1 < to && (s.toks[k+1].kind == tNum || s.l.numWords[s.toks[k+1].v] > 0) && s.wordIn(k+2, "stunden", "std", "h", "tage"):
			return true
		case s.toks[k].kind == tNum && s.punct(k+1, "-") && k+4 < to && s.toks[k+2].kind == tNum && s.punct(k+3, "-") && s.toks[k+4].kind == tNum:
			return true
		}
	}
	return false
}

// germanInstruction reports whether a clause is an instruction: its only
// verb an infinitive at its end, no plural subject before it ("viel
// trinken", "Fieber messen", "Mia 5 ml geben"). A vocabulary word used as
// a noun (capitalised, or after an article, "und", "wieder") is not that
// infinitive.
func (s *state) germanInstruction(from, to int) bool {
	last := to - 1
	for last >= from && s.toks[last].kind == tPunct {
		last--
	}
	if last <= from {
		return false
	}
	t := &s.toks[last]
	w := t.s
	if t.kind != tWord || !strings.HasSuffix(w, "en") || upperAt(s.text, t.start) || s.mentionTok[last] {
		return false
	}
	if isParticiple(w) {
		return false // a participle: "gegessen", "ausgebrochen"
	}
	if s.isWord(last-1, deArticles) || s.isWord(last, s.l.givingWords) || w == "bekommen" || w == "uebergeben" || w == "übergeben" {
		return false
	}
	for k := from; k < last; k++ {
		if s.toks[k].kind != tWord {
			continue
		}
		if s.isWord(k, deFinite) || s.isWord(k, deModals) || s.wordIn(k, "wir", "sie", "alle", "beide", "beiden") || s.mentionTok[k] && s.l.everyChildWord(s.toks[k].s) {
			return false
		}
		if _, ok := s.p.match(s.toks, k, pGroup); ok {
			return false
		}
	}
	return true
}

// germanAdult marks a grown-up's clause: one whose subject is the writer
// ("ich", "wir", "bin", "hab" with no child named), the reader ("du") or
// a grown-up by role ("Papa", "Oma"), up to the next child's name.
func (s *state) germanAdult(from, to, sentenceEnd int) {
	i := s.germanOpener(from, to)
	if i < 0 {
		return
	}
	adult := s.isWord(i, deSelf) || s.isWord(i, dePersons)
	if s.wordIn(i, "hab", "habe") && !s.anyMention(from, to) && !s.anyWord(from, to, s.l.givingWords) {
		adult = true
	}
	if !adult {
		return
	}
	if s.adult == nil {
		s.adult = make([]bool, len(s.toks))
	}
	for k := i; k < sentenceEnd && !s.mentionTok[k]; k++ {
		s.adult[k] = true
	}
}

// germanHandOver silences "übergeben" with "an": handing over ("hab die
// Kinder an Oma übergeben"), not a vomit.
func (s *state) germanHandOver(from, to int) {
	an := false
	for k := from; k < to; k++ {
		if s.word(k, "an") {
			an = true
		}
		if an && s.wordIn(k, "uebergeben", "uebergebe", "uebergibt") {
			s.silence(k, k+1)
		}
	}
}

// germanBefore silences what stands after "vor dem", "vor der": a time
// of day by a meal, not the meal ("vor dem Essen").
func (s *state) germanBefore(from, to int) {
	for k := from; k+2 < to; k++ {
		if s.word(k, "vor") && s.wordIn(k+1, "dem", "der", "den") {
			s.silence(k, k+3)
		}
	}
}

func (s *state) anyMention(from, to int) bool {
	for k := from; k < to; k++ {
		if s.mentionTok[k] {
			return true
		}
	}
	return false
}
