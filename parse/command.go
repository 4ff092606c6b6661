package parse

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Command is a whole-message command to the bot: "graphs 3d Rory",
// "/status", "@medbot help".
type Command struct {
	// Name is the canonical command: graphs, status, help, undo, report,
	// or "unknown" for a "/word" medbot does not know.
	Name string
	// Word is what the parent typed for the command ("charts", "/foo").
	Word string
	// Window is a period given with the command ("24h", "3d"); 0 if none.
	Window time.Duration
	// Children are the canonical names of the children named; every
	// child for "all" or "both"; empty when none was named.
	Children []string
	// All asks for the long form ("status all").
	All bool
	// Topic is what help was asked about ("help doses"), "" for none.
	Topic string
	// Problem, when set, is what medbot cannot honour: a window longer
	// than it draws (ProblemWindow), or words around the command it could
	// not read (ProblemUnclear: "graphs are great"). The bot words it in
	// the family's language.
	Problem string
}

// The problems a command can have.
const (
	ProblemUnclear = "unclear"
	ProblemWindow  = "window"
)

// CommandSpec is one command: its names, what may follow it, and its
// lines for help and for a command medbot could not read. Commands is
// the one table the parser, the bot's dispatch, help and the problem
// replies read: a new command is a row here, its handler in the bot
// (TestEveryCommandHasAHandler fails until it has one) and a test.
type CommandSpec struct {
	Name  string
	Words []string // what a parent may type for it, Name first
	// Takes is its grammar: what may follow it. Anything else around it
	// is words medbot cannot read (ProblemUnclear).
	Takes Args
	// Usage is its line in "help commands"; Unclear the reply when the
	// words around it cannot be read.
	Usage, Unclear string
}

// Args are what may follow a command.
type Args uint8

// The arguments a command may take.
const (
	TakesWindow   Args = 1 << iota // "graphs 3d"
	TakesChildren                  // "status Rory"
	TakesAll                       // "status all"
	TakesTopic                     // "help doses"
)

// Commands are medbot's commands, in the order help lists them.
var Commands = []CommandSpec{
	{Name: "graphs", Words: []string{"graphs", "graph", "charts", "chart", "timeline", "timelines", "graf", "grafs"}, Takes: TakesWindow | TakesChildren,
		Usage:   "graphs [3d] [name]: temperature chart and a timeline per child",
		Unclear: "To get the graphs, send graphs, graphs 3d or graphs with a child's name."},
	{Name: "status", Words: []string{"status", "handover", "summary"}, Takes: TakesChildren | TakesAll,
		Usage:   "status [name]: the handover, flags first; status all: everything",
		Unclear: "For the handover, send status, status with a child's name, or status all."},
	{Name: "report", Words: []string{"report"}, Takes: TakesWindow | TakesChildren,
		Usage:   "report [5d] [name]: a PDF for the doctor",
		Unclear: "For the doctor's report, send report, report 5d or report with a child's name."},
	{Name: "undo", Words: []string{"undo"},
		Usage:   "undo: take back your last record (15 minutes), or the one you reply to",
		Unclear: "To take back your last record, send undo, or reply undo to the record."},
	{Name: "help", Words: []string{"help", "commands"}, Takes: TakesTopic,
		Usage: "help [topic]: this, or help " + strings.Join(HelpTopics, ", help ")},
}

// commandName returns the command a word names: an English command word,
// or one of the family's language ("grafik", "bericht").
func (p *Parser) commandName(w string) (string, bool) {
	if n, ok := commandNames[w]; ok {
		return n, true
	}
	n, ok := p.l.commandWords[w]
	return n, ok
}

// Spec returns the command named name.
func Spec(name string) (CommandSpec, bool) {
	for _, c := range Commands {
		if c.Name == name {
			return c, true
		}
	}
	return CommandSpec{}, false
}

// HelpTopics are the topics of "help TOPIC".
var HelpTopics = []string{"writing", "doses", "flags", "commands", "fixing"}

// commandNames maps each word of Commands to its command's name.
var commandNames = func() map[string]string {
	m := map[string]string{}
	for _, c := range Commands {
		for _, w := range c.Words {
			m[w] = c.Name
		}
	}
	return m
}()

// MaxWindow bounds the period of a command (graphs 90d, report 90d) and
// of the command line's -window: what is read and drawn grows with it.
const MaxWindow = 90 * 24 * time.Hour

// Command reads text as a command to the bot: a command word, with polite
// words, a window and children's names around it ("graphs 3d Rory", "show
// me the graphs please", "/status", "@medbot help"). It reports false when
// the message is not a command (it is then a message to read for
// observations). A message that starts with a command word or is
// addressed to medbot is a command even when the rest cannot be read:
// Problem then says so.
func (p *Parser) Command(text string) (Command, bool) {
	t := strings.TrimSpace(text)
	prefixed := false
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "@medbot"):
		t = t[len("@medbot"):]
		prefixed = true
	case strings.HasPrefix(lower, "medbot,") || strings.HasPrefix(lower, "medbot:"):
		t = t[len("medbot,"):]
		prefixed = true
	case strings.HasPrefix(t, "/"):
		t = t[1:]
		prefixed = true
	}
	fields := strings.Fields(strings.TrimRight(t, " ?!."))
	if len(fields) > 12 {
		return Command{}, false
	}
	for i := range fields {
		fields[i] = p.l.spell(strings.ToLower(strings.Trim(fields[i], ",.!?:;")))
	}
	at := -1
	for i, f := range fields {
		if _, ok := p.commandName(f); ok {
			at = i
			break
		}
		if !p.l.commandFillers[f] {
			break // "Rory status ok" is not a command
		}
	}
	if at < 0 {
		if prefixed && len(fields) > 0 {
			return Command{Name: "unknown", Word: "/" + fields[0]}, true
		}
		return Command{}, false
	}
	name, _ := p.commandName(fields[at])
	c := Command{Name: name, Word: fields[at]}
	spec, _ := Spec(name)
	rest := fields[at+1:]
	for i := 0; i < len(rest); i++ {
		f := rest[i]
		if p.l.commandFillers[f] {
			continue
		}
		if d, n, ok := p.l.parseWindow(f, rest[i+1:]); ok {
			c.Window = d
			i += n
			if spec.Takes&TakesWindow == 0 && c.Problem == "" {
				c.Problem = ProblemUnclear // "undo 3d"
			}
			continue
		} else if n > 0 || p.l.isWindowWord(f) {
			c.Problem = ProblemWindow
			i += n
			continue
		}
		if containsString(p.l.allWords, f) && spec.Takes&TakesAll != 0 {
			c.All = true
			if _, ok := p.childWord(f); !ok {
				continue // "status alles": everything, and no child's word
			}
		}
		if names, ok := p.childWord(f); ok {
			if spec.Takes&(TakesChildren|TakesAll) == 0 && c.Problem == "" {
				c.Problem = ProblemUnclear // "undo Rory": undo takes back your own last record
			}
			for _, nm := range names {
				if !containsString(c.Children, nm) {
					c.Children = append(c.Children, nm)
				}
			}
			continue
		}
		if spec.Takes&TakesTopic != 0 && c.Topic == "" && containsString(HelpTopics, f) {
			c.Topic = f
			continue
		}
		if topic, ok := p.l.helpTopics[f]; ok && spec.Takes&TakesTopic != 0 && c.Topic == "" {
			c.Topic = topic // "hilfe dosen"
			continue
		}
		if at > 0 && !prefixed {
			return Command{}, false // "the graphs look better today": chat
		}
		if !prefixed && c.Problem == "" {
			c.Problem = ProblemUnclear
		}
	}
	return c, true
}

// isWindowWord reports whether w looks like a window ("100000d", "0h").
func (l *language) isWindowWord(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	_, ok := l.windowUnits[w[i:]]
	return ok
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Reserved reports whether a name (lower case) is a word medbot reads as
// something other than one child: every child ("both", "kids", "all") or a
// command ("status"). No child may be called that.
func Reserved(name string) bool {
	if _, ok := commandNames[name]; ok {
		return true
	}
	for _, l := range languages {
		if _, cmd := l.commandWords[l.spell(name)]; cmd || slices.Contains(l.everyChild, name) {
			return true
		}
	}
	return false
}

// childWord reads one word as a child's name or alias, or a word for every child.
func (p *Parser) childWord(w string) ([]string, bool) {
	w, _ = normWord(w)
	if p.l.everyChildWord(w) {
		names := make([]string, len(p.vocab.Children))
		for i, c := range p.vocab.Children {
			names[i] = c.Name
		}
		return names, true
	}
	for _, ph := range p.phr[w] {
		if ph.kind == pChild && len(ph.words) == 1 {
			return []string{p.vocab.Children[ph.idx].Name}, true
		}
	}
	return nil, false
}

// parseWindow reads "24h", "3d", "5 days", "12 hours", "1w". next are the
// words after w, for "5 days"; it returns how many of them it used, also
// when the window is out of range ("5000 days": false, 1).
func (l *language) parseWindow(w string, next []string) (time.Duration, int, bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 {
		return 0, 0, false
	}
	n, _ := strconv.Atoi(w[:i])
	unit := w[i:]
	used := 0
	if unit == "" && len(next) > 0 {
		unit = strings.ToLower(strings.Trim(next[0], ",."))
		used = 1
	}
	one, ok := l.windowUnits[unit]
	if !ok {
		return 0, 0, false
	}
	d := time.Duration(n) * one
	if d <= 0 || d > MaxWindow {
		return 0, used, false
	}
	return d, used, true
}

// Answer reads a reply naming children ("Rory", "both", "it's Freya"),
// and reports false when the text says anything more.
func (p *Parser) Answer(text string) ([]string, bool) {
	var names []string
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '!' || r == '\n' || r == '\t'
	})
	for _, w := range words {
		if ns, ok := p.childWord(w); ok {
			for _, n := range ns {
				if !containsString(names, n) {
					names = append(names, n)
				}
			}
			continue
		}
		if !p.l.answerFillers[w] {
			return nil, false
		}
	}
	return names, len(names) > 0
}
