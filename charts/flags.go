package charts

import (
	"image/color"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/medbot/medbot"
)

// Amber is an amber flag's ring: Okabe-Ito orange, told from the red
// ring by its shape too (one ring, where red has two), so it reads the
// same to a colour-blind parent.
var Amber = color.RGBA{0xE6, 0x9F, 0x00, 0xff}

// AmberText is amber dark enough to read as text on white (the amber
// lines' labels).
var AmberText = color.RGBA{0xA8, 0x64, 0x00, 0xff}

// flagRing draws the ring of a reading under a flag around the point p:
// amber, one ring; red, two.
func flagRing(c draw.Canvas, p vg.Point, l medbot.Level) {
	col := Amber
	if l == medbot.Red {
		col = Fever
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: Px(27), Shape: draw.CircleGlyph{}}, p)
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: White, Radius: Px(23), Shape: draw.CircleGlyph{}}, p)
	}
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: Px(19), Shape: draw.CircleGlyph{}}, p)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: White, Radius: Px(14), Shape: draw.CircleGlyph{}}, p)
}

// flagLegend writes, when any reading of kinds in the window is under a
// flag, a line saying what its ring means; it returns the canvas below.
func flagLegend(dc draw.Canvas, children []child, from time.Time, o Options, kinds ...medbot.Kind) draw.Canvas {
	levels := map[medbot.Level]bool{}
	for _, ch := range children {
		for _, k := range kinds {
			for _, p := range inWindow(ch.Readings[k], from, o.Now) {
				if p.flag > 0 {
					levels[p.flag] = true
				}
			}
		}
	}
	if len(levels) == 0 {
		return dc
	}
	pad := Px(32)
	y := dc.Max.Y - Px(SmallPx)
	x := dc.Min.X + pad
	f := Sans(SmallPx)
	for _, l := range []medbot.Level{medbot.Red, medbot.Amber} {
		if !levels[l] {
			continue
		}
		c := vg.Point{X: x + Px(27), Y: y + Px(SmallPx)*0.35}
		flagRing(dc, c, l)
		x += Px(27*2 + 8)
		word := o.Units.T("amber flag")
		col := color.Color(Black)
		if l == medbot.Red {
			word, col = o.Units.T("red flag"), Fever
		}
		FillText(dc, f, col, vg.Point{X: x, Y: y}, word)
		x += TextWidth(f, word) + Px(24)
	}
	FillText(dc, f, Grey, vg.Point{X: x, Y: y}, o.Units.T("(NICE or your plan: status says which)"))
	dc.Max.Y = y - Px(24)
	return dc
}
