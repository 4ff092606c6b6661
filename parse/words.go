package parse

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// The words medbot reads in more than one rule, each list once per
// language: the words for every child, the window units and yes and no.

// everyChildWord reports whether w, one word, names every child.
func (l *language) everyChildWord(w string) bool {
	return !strings.Contains(w, " ") && slices.Contains(l.everyChild, w)
}

// YesNo reads an answer to "is this right?" in the family's language:
// yes, no, or neither (then the message is read as a message).
func (p *Parser) YesNo(text string) (yes, no bool) {
	l := p.l
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!👍🙏 "))
	if t == "" && strings.Contains(text, "👍") {
		t = "👍"
	}
	switch {
	case slices.Contains(l.yesWords, t):
		return true, false
	case slices.Contains(l.noWords, t):
		return false, true
	}
	// a no with its reason: "no sorry thats the bathroom thermometer
	// ignore", "nope wrong child"; not "no, just sips of water"
	words := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(words) > 1 && slices.Contains(l.noStarts, words[0]) {
		for _, w := range words {
			if slices.Contains(l.noReasons, w) {
				return false, true
			}
		}
	}
	return false, false
}

// englishWords are English's shared words (english.go holds the rest).
func englishWords(l *language) {
	l.allWords = []string{"all"}
	l.everyChild = []string{"both", "all", "everyone", "everybody", "kids", "the kids", "children", "the children", "all of them", "both of them", "them all"}
	l.windowUnits = map[string]time.Duration{
		"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
		"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	}
	l.yesWords = []string{"yes", "y", "yep", "yeah", "yup", "yes please", "correct", "that's right", "thats right", "yes that's right",
		"yes thats right", "yes it was", "it was", "yes correct", "confirm", "ok yes", "yes it is", "it is", "right", "👍"}
	l.noWords = []string{"no", "n", "nope", "no it wasn't", "no it wasnt", "wrong", "no wrong", "no, wrong", "not right", "no it isn't", "no it isnt"}
	l.noStarts = []string{"no", "nope", "nah", "ignore", "scrap"}
	l.noReasons = []string{"ignore", "wrong", "mistake", "scrap", "disregard", "typo", "oops"}
}
