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

// auxiliaries open a question when their subject follows them ("does she
// need more calpol"), and a statement when it does not ("has been sick").
// "had" is left out: "had her calpol at 6" is a statement.
var auxiliaries = set("is", "are", "was", "were", "am", "do", "does", "did", "has", "have", "can", "could",
	"should", "shall", "will", "would", "may", "might", "must",
	"isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't", "werent", "doesn't", "doesnt",
	"don't", "dont", "didn't", "didnt", "hasn't", "hasnt", "haven't", "havent", "can't", "cant",
	"couldn't", "couldnt", "shouldn't", "shouldnt", "won't", "wont", "wouldn't", "wouldnt")

// personal are the pronouns whose place after an auxiliary makes a
// question anywhere in a sentence ("38.9, is it too high").
// doModal are the auxiliaries a statement never opens with ("was 38.2
// at 4" and "has 39" are statements with the subject dropped; "does 38.6
// need calpol" is not).
var doModal = set("do", "does", "did", "should", "shall", "would", "could", "can", "will", "must", "may", "might")

var personal = set("i", "you", "u", "he", "she", "it", "we", "they", "ya", "there")

// subjects may follow an auxiliary that opens a sentence ("is the rash
// worse", "has anyone given calpol").
var subjects = set("i", "you", "u", "he", "she", "it", "we", "they", "ya", "there", "this", "that", "these",
	"those", "anyone", "anybody", "someone", "somebody", "the", "his", "her", "their", "my", "your", "our")

// evaluative words make "is 38.6 too high" a question about a number
// rather than "was 38.2 at 4", a reading with its subject dropped.
var evaluative = set("too", "high", "low", "ok", "okay", "fine", "normal", "bad", "safe", "enough", "worrying",
	"concerning", "dangerous", "worry", "right", "alright", "serious", "much", "many")

// whWords are the question words.
var whWords = set("when", "what", "how", "why", "where", "who", "which", "whose", "whats", "hows", "whens",
	"wheres", "whos")

// tags close a question written as a statement: "that's normal yeah".
var tags = set("right", "yeah", "yea", "yeh", "innit")

// uncertain words make a sentence a wondering, not a record.
var uncertain = set("wonder", "wondering", "unsure", "maybe", "perhaps", "possibly", "probably", "idk", "dunno")

// interjections are passed over when looking at how a sentence opens.
var interjections = set("ok", "okay", "so", "and", "also", "um", "erm", "hmm", "oh", "well", "just", "hey", "hi",
	"quick", "question", "q", "sorry", "guys", "pls", "please", "plz", "right", "now", "but", "anyway", "x", "xx")

// imperatives open advice, instructions and wishes to other people: "give
// her lots of fluids", "keep an eye on his temp", "get well soon".
var imperatives = set("give", "keep", "let", "make", "try", "check", "call", "ring", "phone", "watch", "monitor",
	"remember", "take", "put", "use", "stop", "avoid", "ask", "tell", "send", "bring", "offer", "push", "get",
	"feel", "hope", "hoping", "wish", "fingers", "see", "feed", "leave", "pop", "go", "don't", "dont", "do",
	"lets", "let's", "sleep", "wake")

// needObject are imperatives that are events too ("sleep", "wake"): they
// give advice only when a wish or an object follows ("sleep tight", "wake
// her at 6"), not in "sleep 2am".
var needObject = map[string]map[string]bool{
	"sleep": set("tight", "well", "sweet", "soundly"),
	"wake":  set("her", "him", "them", "up"),
}

// reporting verbs bring in what someone else said: "the GP said 38 is ok".
var reporting = set("said", "says", "say", "told", "tells", "advised", "advises", "advise", "reckons", "reckoned",
	"thinks", "suggested", "suggests", "recommended", "recommends", "prescribed", "according")

// devices say readings, not advice: "oximeter says 96%".
var devices = set("thermometer", "oximeter", "monitor", "machine", "it", "app", "reading", "screen", "display",
	"sats", "sat", "temp", "probe", "meter")

// conditions make a clause hypothetical: "if she's 38.5 give calpol".
var conditions = set("if", "unless", "whether", "incase", "otherwise")

// planForward words make the rest of their clause a plan or a wish: "will
// give amox after tea", "going to try some toast", "hope he sleeps".
var planForward = set("will", "i'll", "she'll", "he'll", "we'll", "they'll", "you'll", "shall", "should",
	"could", "might", "may", "must", "gonna", "going", "try", "trying", "want", "wants", "plan", "planning",
	"need", "needs", "can", "hope", "hoping", "hopefully", "would", "supposed", "ought")

// planClause words make their whole clause about what is due or booked:
// "calpol due at 6", "GP appointment at 10.40", "max 4 doses a day".
// A word of giving before them keeps what was given ("had calpol 5ml next
// due at 6").
var planClause = set("due", "next", "appointment", "appt", "appointments", "booked", "booking", "book", "scheduled",
	"tomorrow", "last")

// notLast are the words after which "last" is a time, not a reference to
// an earlier dose: "39.2 last night".
var notLast = set("night", "evening", "morning", "afternoon", "week", "weekend", "day", "hour", "hours", "nite")

// thresholds make the number after them a limit, not a reading: "hasn't
// been over 38.5", "sats above 92 are fine".
var thresholds = set("above", "over", "below", "under", "than", "exceeds", "exceeding", "beyond", ">", "<", "≥", "≤")

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
		if t.kind == tPunct || s.mentionTok[i] || (interjections[t.s] && !t.poss) {
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
	if t.kind == tWord && !t.poss && ((dets && subjects[t.s]) || personal[t.s]) {
		return true
	}
	if t.kind == tNum && dets {
		for k := i + 1; k < to && k <= i+4; k++ {
			if s.isWord(k, evaluative) {
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
	case auxiliaries[t.s] && !t.poss:
		// "does 38.6 need calpol": an auxiliary that never opens a
		// statement with its subject dropped, then a number
		if doModal[t.s] && i+1 < to && s.toks[i+1].kind == tNum {
			return true
		}
		return s.subjectAt(i+1, to, true)
	case whWords[t.s]:
		if t.poss {
			return true // what's, how's, when's
		}
		switch t.s {
		case "why", "who", "whose", "which", "whats", "hows", "whens", "wheres", "whos":
			return true
		case "when", "where":
			return s.isWord(i+1, auxiliaries)
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
			if s.isWord(k, auxiliaries) {
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
		if !s.isWord(i, auxiliaries) || s.toks[i].poss {
			continue
		}
		n := &s.toks[i+1]
		if n.kind != tWord || n.poss || !(personal[n.s] || n.s == "that" || n.s == "this") || s.mentionTok[i+1] {
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
	if tags[t.s] && !t.poss {
		// "all right" and "just right" are no tags
		return !s.wordIn(last-1, "all", "just", "about", "alright")
	}
	// "isn't it", "does she", "or not"
	if last-1 >= from && personal[t.s] && !t.poss && s.isWord(last-1, auxiliaries) {
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

// answerWords open a reply to someone's question in the chat.
var answerWords = set("no", "nope", "nah", "yes", "yeah", "yep", "yup", "nope")

// answerOpening silences the first sentence of a message that opens with
// a yes or a no and a comma ("no, just sips of water", "yes, a bit of
// toast"): it answers a question in the chat that may lie hours back, so
// when it happened is not known.
func (s *state) answerOpening() {
	if len(s.toks) < 3 || !s.isWord(0, answerWords) || s.toks[1].s != "," {
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
		if s.isWord(i, uncertain) {
			return true
		}
	}
	o := s.opener(from, to)
	if s.wordIn(o, "you", "u") && (s.isWord(o+1, imperatives) || s.wordIn(o+1, "lie", "rest", "nap", "relax")) {
		return true // advice between the parents: "you get some sleep"
	}
	if o < 0 || !s.isWord(o, imperatives) || s.toks[o].poss {
		return false
	}
	if objs, ok := needObject[s.toks[o].s]; ok {
		return o+1 < to && (objs[s.toks[o+1].s] || s.mentionTok[o+1])
	}
	return true
}
