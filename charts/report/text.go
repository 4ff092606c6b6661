package report

import (
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// missing is what a character the report's font cannot draw becomes: an
// emoji in a parent's Signal name, a script the font lacks. The text
// around it stays; the report never fails on a name or a note.
const missing = "□"

var (
	fontOnce sync.Once
	sans     *sfnt.Font
)

// printable returns s with every character the embedded font (Liberation
// Sans) has no glyph for replaced by missing (a run of them by one), and
// the marks that only join or select glyphs (zero-width joiners,
// variation selectors) dropped; changed reports whether it replaced any.
// fpdf's UTF-8 fonts take only the Basic Multilingual Plane: an emoji
// there would fail the whole report. Right-to-left scripts the font lacks
// are replaced too: drawn left to right, unjoined, they would be wrong.
func printable(s string) (out string, changed bool) {
	fontOnce.Do(func() {
		sans, _ = sfnt.Parse(liberationsansregular.TTF)
	})
	var b strings.Builder
	var buf sfnt.Buffer
	lastMissing := false
	for _, r := range s {
		switch {
		case r == '\u200d' || r == '\u200c' || unicode.Is(unicode.Variation_Selector, r):
			changed = true // part of an emoji sequence, replaced as one
		case drawable(r, &buf):
			b.WriteRune(r)
			lastMissing = false
		default:
			changed = true
			if !lastMissing {
				b.WriteString(missing)
			}
			lastMissing = true
		}
	}
	if !changed {
		return s, false
	}
	return b.String(), true
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

// printableChild makes every text of a child's part printable (the
// child's name for the charts stays as it is); it reports whether any
// character was replaced.
func printableChild(ch *child) bool {
	any := false
	fix := func(s *string) {
		var c bool
		*s, c = printable(*s)
		any = any || c
	}
	ch.Title = ch.Name
	fix(&ch.Title)
	fix(&ch.Fever)
	for i := range ch.Courses {
		fix(&ch.Courses[i])
	}
	for i := range ch.Doses {
		d := &ch.Doses[i]
		fix(&d.Name)
		fix(&d.Given)
		fix(&d.Dose)
		fix(&d.By)
	}
	for i := range ch.Breaches {
		b := &ch.Breaches[i]
		fix(&b.Name)
		fix(&b.Fact)
		fix(&b.By)
	}
	for i := range ch.Entries {
		fix(&ch.Entries[i].What)
		fix(&ch.Entries[i].By)
	}
	for i := range ch.Readings {
		fix(&ch.Readings[i].Sender)
	}
	return any
}
