package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// prompter asks medbot setup's questions a line at a time. It is written
// by hand rather than with a prompt library (charmbracelet/huh): every
// question here is a line of text or a number from a list, the same code
// must work on a terminal over SSH, from a pipe (a scripted run) and in
// tests, and huh would bring some twenty modules into a binary meant for a
// Raspberry Pi for what is about a hundred lines.
type prompter struct {
	out   io.Writer
	lines chan lineOrErr
	done  chan struct{}
	// yes: never ask; take the default, or fail naming the flag that
	// gives the answer.
	yes bool
}

type lineOrErr struct {
	line string
	err  error
}

func newPrompter(in io.Reader, out io.Writer, yes bool) *prompter {
	p := &prompter{out: out, yes: yes, lines: make(chan lineOrErr), done: make(chan struct{})}
	go func() {
		// one reader for the whole walk-through, so a ^C (ctx) is not
		// stuck behind a read
		br := bufio.NewReader(in)
		send := func(l lineOrErr) bool {
			select {
			case p.lines <- l:
				return true
			case <-p.done:
				return false
			}
		}
		for {
			s, err := br.ReadString('\n')
			if (s != "" || err == nil) && !send(lineOrErr{line: strings.TrimSpace(s)}) {
				return
			}
			if err != nil {
				send(lineOrErr{err: err})
				return
			}
		}
	}()
	return p
}

// close lets the reader go (once it has a line or the input ends).
func (p *prompter) close() { close(p.done) }

// errNoAnswer is a question that could not be asked or was not answered.
type errNoAnswer struct{ question, flag string }

func (e errNoAnswer) Error() string {
	if e.flag == "" {
		return fmt.Sprintf("no answer to %q (standard input ended)", e.question)
	}
	return fmt.Sprintf("no answer to %q: give %s (or run medbot setup on a terminal without -yes)", e.question, e.flag)
}

func (p *prompter) say(format string, a ...any) { fmt.Fprintf(p.out, format+"\n", a...) }

// read waits for one line of input.
func (p *prompter) read(ctx context.Context, question, flag string) (string, error) {
	select {
	case l, ok := <-p.lines:
		if !ok || l.err != nil {
			p.lines = closedLines
			return "", errNoAnswer{question, flag}
		}
		return l.line, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

var closedLines = func() chan lineOrErr {
	c := make(chan lineOrErr)
	close(c)
	return c
}()

// ask asks a question; an empty answer is def.
func (p *prompter) ask(ctx context.Context, question, def, flag string) (string, error) {
	if p.yes {
		if def == "" {
			return "", errNoAnswer{question, flag}
		}
		return def, nil
	}
	if def != "" {
		fmt.Fprintf(p.out, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(p.out, "%s: ", question)
	}
	s, err := p.read(ctx, question, flag)
	if err != nil {
		return "", err
	}
	if s == "" {
		return def, nil
	}
	return s, nil
}

// confirm asks a yes/no question.
func (p *prompter) confirm(ctx context.Context, question string, def bool) (bool, error) {
	if p.yes {
		return def, nil
	}
	hint := "Y/n"
	if !def {
		hint = "y/N"
	}
	for {
		fmt.Fprintf(p.out, "%s [%s]: ", question, hint)
		s, err := p.read(ctx, question, "")
		if err != nil {
			return false, err
		}
		switch strings.ToLower(s) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		p.say("Please answer y or n.")
	}
}

// choose lists options numbered from 1 and returns the indexes picked;
// many allows several ("1,3"). def is the 1-based default (0: none).
func (p *prompter) choose(ctx context.Context, question string, options []string, def int, many bool, flag string) ([]int, error) {
	if p.yes {
		if def == 0 {
			return nil, errNoAnswer{question, flag}
		}
		return []int{def - 1}, nil
	}
	for i, o := range options {
		fmt.Fprintf(p.out, "  %d) %s\n", i+1, o)
	}
	d := ""
	if def > 0 {
		d = strconv.Itoa(def)
	}
	for {
		s, err := p.ask(ctx, question, d, flag)
		if err != nil {
			return nil, err
		}
		var picked []int
		bad := s == ""
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > len(options) {
				bad = true
				break
			}
			picked = append(picked, n-1)
		}
		switch {
		case bad && len(options) == 1:
			p.say("Please answer 1.")
		case bad:
			p.say("Please answer a number from 1 to %d.", len(options))
		case !many && len(picked) > 1:
			p.say("Please answer one number.")
		default:
			return picked, nil
		}
	}
}
