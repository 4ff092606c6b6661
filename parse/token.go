package parse

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// token is one word, number or punctuation mark of a message.
type token struct {
	kind tokKind
	// s is the token lowercased; for words a trailing possessive 's is
	// removed ("rory's" -> "rory"), for numbers it is the digits with '.'
	// as the decimal separator.
	s          string
	start, end int  // byte offsets in the original text
	space      bool // white space (or the start of text) before it
	// v is the word as the vocabulary reads it (names, medicines, units,
	// events): in German with ä = ae = a (language.forms); else s.
	v string
	// poss is set when normWord dropped a trailing 's: "Rory's", but
	// also "she's" and "what's", which the mood tests tell apart.
	poss bool
	// numbers only
	val     float64
	whole   string // digits before the separator
	frac    string // digits after it ("" for a whole number)
	fracSep byte   // '.' or ',' (0 for a whole number)
}

// glued reports whether t directly follows the previous token.
func (t *token) glued() bool { return !t.space }

// maxNumDigits caps the digits read into a number's value: longer numbers
// are kept as tokens but never plausible readings.
const maxNumDigits = 12

// tokenize splits text into tokens. It runs in time linear in len(text) and
// never fails: invalid UTF-8 and control characters become separators.
func tokenize(text string, toks []token) []token {
	space := true
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && w <= 1, unicode.IsSpace(r), unicode.IsControl(r):
			space = true
			i += w
		case r >= '0' && r <= '9':
			j := i
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			t := token{kind: tNum, start: i, space: space, whole: text[i:j]}
			if j+1 < len(text) && (text[j] == '.' || text[j] == ',') && text[j+1] >= '0' && text[j+1] <= '9' {
				k := j + 1
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					k++
				}
				t.frac = text[j+1 : k]
				t.fracSep = text[j]
				j = k
			}
			t.end = j
			if t.frac == "" {
				t.s = t.whole
			} else {
				t.s = t.whole + "." + t.frac
			}
			t.val = numValue(t.whole, t.frac)
			toks = append(toks, t)
			space = false
			i = j
		case r == '½':
			toks = append(toks, token{kind: tNum, s: "0.5", start: i, end: i + w, space: space, whole: "0", frac: "5", fracSep: '.', val: 0.5})
			space = false
			i += w
		case unicode.IsLetter(r):
			j := i + w
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) {
					j += w2
					continue
				}
				if r2 == '\'' || r2 == '’' {
					// an apostrophe inside a word: didn't, Rory's
					if r3, _ := utf8.DecodeRuneInString(text[j+w2:]); j+w2 < len(text) && unicode.IsLetter(r3) {
						j += w2
						continue
					}
				}
				break
			}
			word := text[i:j]
			norm, poss := normWord(word)
			toks = append(toks, token{kind: tWord, s: norm, start: i, end: j, space: space, poss: poss})
			space = false
			i = j
		default:
			toks = append(toks, token{kind: tPunct, s: text[i : i+w], start: i, end: i + w, space: space})
			space = false
			i += w
		}
	}
	return toks
}

// spokenDecimals joins a number written the way voice typing writes it,
// "38 point 4", into one number token, 38.4. It works in place.
func spokenDecimals(toks []token, words map[string]bool) []token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tNum && t.frac == "" && len(t.whole) <= 3 && i+2 < len(toks) &&
			toks[i+1].kind == tWord && words[toks[i+1].s] &&
			toks[i+2].kind == tNum && toks[i+2].frac == "" && toks[i+2].space && len(toks[i+2].whole) <= 2 {
			f := toks[i+2]
			t.frac, t.fracSep, t.end = f.whole, '.', f.end
			t.s = t.whole + "." + t.frac
			t.val = numValue(t.whole, t.frac)
			i += 2
		}
		out = append(out, t)
	}
	return out
}

// normWord lowercases a word, writes ’ as ' and drops a trailing 's,
// reporting whether it did.
func normWord(w string) (string, bool) {
	lower := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			lower = false
			break
		}
	}
	if !lower {
		w = strings.ToLower(w)
		w = strings.ReplaceAll(w, "’", "'")
	}
	if len(w) > 2 && strings.HasSuffix(w, "'s") {
		return w[:len(w)-2], true
	}
	return w, false
}

func numValue(whole, frac string) float64 {
	if len(whole) > maxNumDigits {
		return 1e12
	}
	s := whole
	if frac != "" {
		if len(frac) > maxNumDigits {
			frac = frac[:maxNumDigits]
		}
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 1e12
	}
	return v
}

// roundTenth rounds a number token to one decimal, half away from zero,
// on its decimal digits (38.45 -> 38.5), not on its binary value.
func roundTenth(t *token) float64 {
	frac := t.frac
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.Atoi(t.whole)
	if err != nil || len(t.whole) > 6 {
		return t.val
	}
	f, _ := strconv.Atoi(frac[:2])
	hundredths := w*100 + f
	if len(frac) > 2 && frac[2] >= '5' {
		hundredths++ // only reached for 3+ decimals, which are never temperatures
	}
	return float64((hundredths+5)/10) / 10
}

func fahrenheitToC(f float64) float64 {
	return math.Round((f-32)*50/9+1e-9) / 10
}

// plainDigits folds full-width forms to their ASCII ("Rory ３８．５", as
// a Japanese or Chinese keyboard types it, is "Rory 38.5"; golang.org/x/
// text/width) and drops the zero-width characters that phones and
// copy-paste put inside words and numbers ("38\u200d.5"): a number read
// past them, not a reading met with silence. Other text is untouched.
func plainDigits(text string) string {
	plain := true
	for _, r := range text {
		if (r >= 0xFF01 && r <= 0xFF5E) || isZeroWidth(r) {
			plain = false
			break
		}
	}
	if plain {
		return text
	}
	text = strings.Map(func(r rune) rune {
		if isZeroWidth(r) {
			return -1
		}
		return r
	}, text)
	return width.Narrow.String(text)
}

func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}
