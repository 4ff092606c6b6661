package charts

import (
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// Missing is what a character the pictures' and the report's font cannot
// draw becomes: an emoji in a parent's Signal name, a script the font
// lacks. The text around it stays; nothing fails on a name or a note.
const Missing = "□"

var (
	fontOnce sync.Once
	sans     *sfnt.Font
)

// Printable returns s as the embedded font (Liberation Sans, the charts',
// timelines' and report's) can draw it: every character it has no glyph
// for replaced by Missing (a run of them by one); the marks that only join
// or select glyphs (zero-width joiners, variation selectors) and invisible
// format characters (direction marks and overrides) dropped; and each run
// of right-to-left letters it can draw (Hebrew) put in the order they are
// read, since the renderers draw left to right. changed reports whether s
// was altered. fpdf's UTF-8 fonts take only the Basic Multilingual Plane:
// an emoji there would fail the whole report.
func Printable(s string) (out string, changed bool) {
	fontOnce.Do(func() {
		sans, _ = sfnt.Parse(liberationsansregular.TTF)
	})
	var b strings.Builder
	var buf sfnt.Buffer
	lastMissing := false
	for _, r := range s {
		switch {
		case r == '\u200d' || r == '\u200c' || unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Cf, r):
			changed = true // part of an emoji sequence, or invisible
		case drawable(r, &buf):
			b.WriteRune(r)
			lastMissing = false
		default:
			changed = true
			if !lastMissing {
				b.WriteString(Missing)
			}
			lastMissing = true
		}
	}
	out = s
	if changed {
		out = b.String()
	}
	if o, c := visualOrder(out); c {
		return o, true
	}
	return out, changed
}

// drawable reports whether the font has a glyph for r.
func drawable(r rune, buf *sfnt.Buffer) bool {
	switch {
	case r == '\n' || r == '\t':
		return true
	case r < 0x20 || r == unicode.ReplacementChar || r > 0xFFFF || unicode.IsControl(r):
		return false
	case r < 0x250:
		return true // Latin-1 and Latin Extended: all in the font
	case sans == nil:
		return false
	}
	i, err := sans.GlyphIndex(buf, r)
	return err == nil && i != 0
}

// visualOrder reverses each run of right-to-left words (letters of a
// right-to-left script with their marks, and the single spaces between
// such words), keeping each letter's marks after it; everything else
// stays where it is. This is the part of the Unicode bidirectional
// algorithm a name or a short note needs: golang.org/x/text/unicode/bidi
// misplaces the neutrals beside such a run ("(אבא דוד), 18:25" comes out
// with its bracket and comma inside), so it is done by hand here.
func visualOrder(s string) (string, bool) {
	rtl := func(r rune) bool {
		return r >= 0x590 && unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko)
	}
	if strings.IndexFunc(s, rtl) < 0 {
		return s, false
	}
	rs := []rune(s)
	mark := func(r rune) bool { return unicode.Is(unicode.Mn, r) }
	found := false
	for i := 0; i < len(rs); {
		if !rtl(rs[i]) || mark(rs[i]) {
			i++
			continue
		}
		// the run: RTL letters and marks, and single spaces followed by more
		j := i
		for j < len(rs) {
			switch {
			case rtl(rs[j]) || (mark(rs[j]) && j > i):
				j++
				continue
			case rs[j] == ' ' && j+1 < len(rs) && rtl(rs[j+1]) && !mark(rs[j+1]):
				j++
				continue
			}
			break
		}
		// reverse by clusters (a letter and the marks after it)
		var clusters [][]rune
		for k := i; k < j; k++ {
			if mark(rs[k]) && len(clusters) > 0 {
				clusters[len(clusters)-1] = append(clusters[len(clusters)-1], rs[k])
				continue
			}
			clusters = append(clusters, []rune{rs[k]})
		}
		out := make([]rune, 0, j-i)
		for k := len(clusters) - 1; k >= 0; k-- {
			out = append(out, clusters[k]...)
		}
		if j-i > 1 {
			found = true
		}
		copy(rs[i:j], out)
		i = j
	}
	if !found {
		return s, false
	}
	return string(rs), true
}
