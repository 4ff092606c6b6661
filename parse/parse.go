package parse

import (
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// item is an observation found at a token position, before its child is known.
type item struct {
	pos int // first token
	obs medbot.Observation
	// doubt, when set, makes it a Doubt rather than a record: what the
	// parent wrote (written) read as obs.
	doubt   DoubtKind
	written string
}

type mention struct {
	start, end int // token range [start, end)
	children   []int
	joined     bool // joined to the mention before by "and", "&", "+"
}

type timeExpr struct {
	pos, end int
	at       time.Time
	// now is set on the message's own time ("now", "just now")
	now bool
}

type dose struct {
	pos, end int
	val      float64
	unit     string // "" for a bare count (x4)
	paired   bool
}

type medHit struct {
	pos, end int
	idx      int
	weak     bool
}

// state is the working memory of one Parse call.
type state struct {
	p        *Parser
	text     string
	sent     time.Time
	l        *language // the family's language (the parser's)
	toks     []token
	used     []bool
	clause   []int // clause number of each token
	sentence []int // sentence number of each token (split at punctuation only)
	mentions []mention
	// mentionsBefore[i] counts the mentions starting before token i;
	// mentionTok marks the tokens of children's names.
	mentionsBefore []int
	mentionTok     []bool
	times          []timeExpr
	items          []item
	giving         bool                 // a word of giving anywhere in the message
	yday           bool                 // "yesterday" or "last night" in the message
	ydays          int                  // how many days back "yesterday" is (0: one; "vorgestern" 2)
	adult          []bool               // German: a grown-up's clause (their readings and symptoms are not the child's)
	real           []int                // German: each token's sentence, split only where a sentence ends
	said           int                  // how many tokens say something (aloneOrSaid); -1 until counted
	night          bool                 // "all night", "overnight": the night, ongoing
	badTime        string               // a clock time that does not exist ("25:00"), as written
	asked          bool                 // the message is a question: it records nothing
	noted          []medbot.Observation // a note: the one observation
	doubts         []Doubt
	// silent marks the tokens of questions, advice, plans and reported
	// speech: nothing found there is recorded (mood.go).
	silent []bool
	// negated marks the tokens a negation before them in their clause
	// denies: no event or dose there is recorded.
	negated []bool
	// recall marks the tokens of reminders of what was said or done
	// before: what is found there is a Recalled doubt, not a record.
	recall []bool
	// vx is where the message says something came up (vomits), and tx
	// where its times stand: each found once, on first use.
	vx *vomitIndex
	tx *timeIndex
	// tooMany is set once the message holds more than MaxFindings
	// findings: the finders stop, and it records nothing.
	tooMany bool
}

// MaxFindings is the most findings the parser reads out of one message:
// a message with more (a paste of a whole chat, a spreadsheet) records
// nothing (Reading.TooMany), and the work on it stops there, so that one
// long paste cannot stall the family's group.
const MaxFindings = 64

// Parse reads the observations out of one message. sent is the message's
// sent time; relative times count back from it and clock times are read in
// the vocabulary's zone. Parse never fails: text it cannot read yields no
// observations. The result is in the order the message mentions things.
func (p *Parser) Parse(text string, sent time.Time) []medbot.Observation {
	s := p.read(text, sent)
	if s == nil || s.asked || s.tooMany {
		return nil
	}
	if s.noted != nil {
		return s.noted
	}
	return s.assign()
}

// read runs the finders over a message; nil when it is empty or a
// command.
func (p *Parser) read(text string, sent time.Time) *state {
	sent = sent.Truncate(time.Second)
	text = plainDigits(text)
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		return nil
	}
	s := &state{p: p, l: p.l, text: text, sent: sent, said: -1}
	// at most about one token in three bytes: sized once, not grown by
	// copying (a pasted message can be a megabyte), and no more than that
	// for a short one
	s.toks = tokenize(text, make([]token, 0, len(text)/3+2))
	if len(s.toks) == 0 {
		return nil
	}
	p.l.forms(s.toks)
	p.l.compounds(p, s.toks)
	s.toks = spokenDecimals(s.toks, p.l.decimalWords)
	if s.mayBeCommand() {
		if c, ok := p.Command(trimmed); ok && c.Problem == "" {
			return nil // a command; one medbot could not read may still record ("status: Rory 38.4")
		}
	}
	s.used = make([]bool, len(s.toks))
	if t := &s.toks[0]; t.kind == tWord && p.l.noteWords[t.s] {
		s.noted = s.note()
		return s
	}
	s.clauses()
	s.findMentions()
	if s.l.questionMessage(s) {
		s.asked = true
		return s
	}
	n := len(s.toks)
	flags := make([]bool, 3*n)
	s.silent, s.negated, s.recall = flags[:n], flags[n:2*n], flags[2*n:]
	s.l.quieten(s)
	s.l.negation(s)
	s.l.findTimes(s)
	s.l.undated(s)
	s.findVitals()
	s.findWeights()
	s.l.readings(s)
	s.findTemperatures()
	if s.tooMany {
		return s
	}
	doses := s.findDoses()
	if s.tooMany {
		return s
	}
	doses = s.l.doses(s, doses)
	s.findMedications(doses)
	s.findEvents()
	return s
}

// mayBeCommand reports whether the message could be a command: it holds a
// command word or is addressed to medbot. Most messages are not, and skip
// Command's work.
func (s *state) mayBeCommand() bool {
	if s.toks[0].kind == tPunct && (s.toks[0].s == "/" || s.toks[0].s == "@") {
		return true
	}
	for i := range s.toks {
		if s.toks[i].kind != tWord {
			continue
		}
		if _, ok := s.p.commandName(s.toks[i].s); ok || s.toks[i].s == "medbot" {
			return true
		}
	}
	return false
}

func isClausePunct(s string) bool {
	switch s {
	case ",", ";", ".", "!", "?", "\uff1f", "(", ")", "&", "+", "/", "…", "\n":
		return true
	}
	return false
}

// clauses numbers the clauses: split at punctuation, new lines and joining words.
func (s *state) clauses() {
	s.clause = make([]int, len(s.toks))
	s.sentence = make([]int, len(s.toks))
	c, sn := 0, 0
	for i := range s.toks {
		t := &s.toks[i]
		if i > 0 && strings.ContainsRune(s.text[s.toks[i-1].end:t.start], '\n') {
			c++
			sn++
		}
		s.sentence[i] = sn
		glued := t.s == "&" && !t.space && i+1 < len(s.toks) && !s.toks[i+1].space // A&E
		if t.kind == tPunct && isClausePunct(t.s) && !glued && t.s != "&" && t.s != "+" {
			sn++
		}
		if (t.kind == tPunct && isClausePunct(t.s) && !glued) || (t.kind == tWord && s.l.clauseWords[t.s]) {
			c++
			s.clause[i] = c
			c++
			continue
		}
		s.clause[i] = c
	}
}

func (s *state) word(i int, w string) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tWord && s.toks[i].s == w
}

func (s *state) punct(i int, w string) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tPunct && s.toks[i].s == w
}

func (s *state) mark(from, to int) {
	for i := from; i < to && i < len(s.used); i++ {
		s.used[i] = true
	}
}

// note reads a message starting with "note": one note observation.
func (s *state) note() []medbot.Observation {
	s.clauses()
	s.findMentions()
	restFrom := s.toks[0].end
	// "note Zoë: ..." - the child it names is not part of the note
	if len(s.mentions) > 0 && s.mentions[0].start == 1 {
		restFrom = s.toks[s.mentions[0].end-1].end
	}
	rest := strings.TrimLeft(s.text[restFrom:], " \t\r\n:-–—.,")
	child := ""
	var named []int
	group := false
	for _, m := range s.mentions {
		if len(m.children) > 1 {
			group = true
		}
		for _, c := range m.children {
			if !containsInt(named, c) {
				named = append(named, c)
			}
		}
	}
	switch {
	case s.p.single != "":
		child = s.p.single
	case len(named) == 1 && !group:
		child = s.p.vocab.Children[named[0]].Name
	}
	return []medbot.Observation{{Kind: medbot.Note, Child: child, At: s.sent.In(s.p.zone), Text: strings.TrimSpace(rest)}}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *state) addItem(pos int, o medbot.Observation) {
	if s.adult != nil && pos < len(s.adult) && s.adult[pos] && (o.Kind.Reading() || adultEvents[o.Name]) {
		return // "ich hab auch 38,2", "Oma hustet auch": a grown-up's
	}
	if len(s.items) >= MaxFindings {
		s.tooMany = true // no more per-record work: the message records nothing
		return
	}
	if s.items == nil {
		s.items = make([]item, 0, 2+len(s.toks)/8)
	}
	s.items = append(s.items, item{pos: pos, obs: o})
}
