package parse

import (
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
}

var commandNames = map[string]string{
	"graphs": "graphs", "graph": "graphs", "charts": "graphs", "chart": "graphs", "timeline": "graphs", "timelines": "graphs", "graf": "graphs", "grafs": "graphs",
	"status": "status", "handover": "status", "summary": "status",
	"help": "help", "commands": "help",
	"undo":   "undo",
	"report": "report",
}

// maxWindow bounds a command's window.
const maxWindow = 90 * 24 * time.Hour

// Command reads text as a whole-message command. It reports false when the
// message is not a command (it is then a message to read for observations).
func (p *Parser) Command(text string) (Command, bool) {
	t := strings.TrimSpace(text)
	prefixed := false
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "@medbot"):
		t = strings.TrimLeft(t[len("@medbot"):], " ,:")
		prefixed = true
	case strings.HasPrefix(t, "/"):
		t = t[1:]
		prefixed = true
	}
	t = strings.TrimRight(t, " ?!.")
	fields := strings.Fields(t)
	if len(fields) == 0 || len(fields) > 8 {
		return Command{}, false
	}
	word := strings.ToLower(fields[0])
	name, ok := commandNames[word]
	if !ok {
		if prefixed && len(fields) == 1 {
			return Command{Name: "unknown", Word: "/" + word}, true
		}
		return Command{}, false
	}
	c := Command{Name: name, Word: word}
	rest := fields[1:]
	for i := 0; i < len(rest); i++ {
		f := strings.ToLower(strings.Trim(rest[i], ",."))
		if f == "" || f == "for" || f == "and" || f == "&" || f == "last" || f == "the" {
			continue
		}
		if d, n, ok := parseWindow(f, rest[i+1:]); ok {
			c.Window = d
			i += n
			continue
		}
		if names, ok := p.childWord(f); ok {
			for _, nm := range names {
				if !containsString(c.Children, nm) {
					c.Children = append(c.Children, nm)
				}
			}
			continue
		}
		if prefixed {
			continue // "/graphs please": the command still stands
		}
		return Command{}, false
	}
	return c, true
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
	switch name {
	case "all", "both", "everyone", "everybody", "kids", "the kids", "children", "the children", "all of them", "both of them", "them all":
		return true
	}
	return false
}

// childWord reads one word as a child's name or alias, or a word for every child.
func (p *Parser) childWord(w string) ([]string, bool) {
	w, _ = normWord(w)
	switch w {
	case "all", "both", "everyone", "kids", "children":
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
// words after w, for "5 days"; it returns how many of them it used.
func parseWindow(w string, next []string) (time.Duration, int, bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return 0, 0, false
	}
	n, _ := strconv.Atoi(w[:i])
	unit := w[i:]
	used := 0
	if unit == "" && len(next) > 0 {
		unit = strings.ToLower(strings.Trim(next[0], ",."))
		used = 1
	}
	var d time.Duration
	switch unit {
	case "h", "hr", "hrs", "hour", "hours":
		d = time.Duration(n) * time.Hour
	case "d", "day", "days":
		d = time.Duration(n) * 24 * time.Hour
	case "w", "wk", "week", "weeks":
		d = time.Duration(n) * 7 * 24 * time.Hour
	default:
		return 0, 0, false
	}
	if d <= 0 || d > maxWindow {
		return 0, 0, false
	}
	return d, used, true
}

// answerFillers may stand beside the names in an answer to "who is this
// for?": "it's Rory", "for both", "that was Freya".
var answerFillers = map[string]bool{"it's": true, "its": true, "it": true, "is": true, "was": true, "for": true, "that": true, "this": true, "the": true, "and": true, "&": true, "+": true, "sorry": true, "oops": true, "one": true, "of": true, "them": true}

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
		if !answerFillers[w] {
			return nil, false
		}
	}
	return names, len(names) > 0
}
