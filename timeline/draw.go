package timeline

import (
	"github.com/medbot/medbot"

	"image/color"
	"strings"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/medbot/medbot/charts"
)

// faceOf is the face a word is drawn in.
func faceOf(w word) font.Face {
	if w.fever {
		return boldFace()
	}
	return bodyFace()
}

// widthOf measures styled words with a space between each.
func widthOf(ws []word) vg.Length {
	var w vg.Length
	for i, x := range ws {
		if i > 0 {
			w += charts.TextWidth(bodyFace(), " ")
		}
		w += charts.TextWidth(faceOf(x), x.s)
	}
	return w
}

// wrap breaks words into lines no wider than widthPx, at most maxLines,
// the last cut with "…" when there is more.
func wrap(words []word, widthPx float64) [][]word {
	limit := charts.Px(widthPx)
	var lines [][]word
	var cur []word
	space := charts.TextWidth(bodyFace(), " ")
	var curW vg.Length
	for _, w := range words {
		ww := charts.TextWidth(faceOf(w), w.s)
		if len(cur) == 0 || curW+space+ww <= limit {
			if len(cur) > 0 {
				curW += space
			}
			cur = append(cur, w)
			curW += ww
			continue
		}
		lines = append(lines, cur)
		cur, curW = []word{w}, ww
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := lines[maxLines-1]
		for len(last) > 1 && widthOf(append(last[:len(last):len(last)], word{s: "…"})) > limit {
			last = last[:len(last)-1]
		}
		lines[maxLines-1] = append(last[:len(last):len(last)], word{s: "…"})
	}
	for _, l := range lines {
		// a single word wider than the room: cut it
		for len(l) == 1 && charts.TextWidth(faceOf(l[0]), l[0].s) > limit && len([]rune(l[0].s)) > 1 {
			r := []rune(l[0].s)
			l[0].s = string(r[:len(r)-2]) + "…"
		}
	}
	return lines
}

// Render draws the timeline as a PNG.
func Render(obs []medbot.Observation, o Options) ([]byte, error) {
	pic := Plan(obs, o)
	return charts.Render(pic.o.Width, pic.height, pic.Draw)
}

// Draw draws the planned timeline on any canvas of its size (PNG, PDF, SVG).
func (p *Picture) Draw(dc draw.Canvas) {
	o := p.o
	H := float64(p.height)
	// px from the top-left to canvas points
	pt := func(x, y float64) vg.Point { return vg.Point{X: dc.Min.X + charts.Px(x), Y: dc.Max.Y - charts.Px(y)} }
	text := func(f font.Face, col color.Color, x, yTop float64, s string) {
		charts.FillText(dc, f, col, pt(x, yTop+lineH*0.78), s)
	}
	from := o.Now.Add(-o.Window)

	// header
	charts.FillText(dc, charts.SansBold(charts.TitlePx), charts.Black, pt(pad, pad+charts.TitlePx), o.Units.F("%s, last %s", o.Child, o.Units.Window(o.Window)))
	sub := o.Units.F("%s to %s", o.Units.Day(from.In(o.Zone))+" "+o.Units.Clock(from, o.Zone), o.Units.Day(o.Now.In(o.Zone))+" "+o.Units.Clock(o.Now, o.Zone))
	charts.FillText(dc, charts.Sans(charts.SmallPx), charts.Grey, pt(pad, pad+charts.TitlePx+48), sub)

	if len(p.lines) == 0 {
		st := charts.TextStyle(charts.Sans(charts.BodyPx), charts.Grey)
		st.XAlign = draw.XCenter
		dc.FillText(st, pt(float64(o.Width)/2, H/2), o.Units.F("Nothing recorded for %s in the last %s.", o.Child, o.Units.Within(o.Window)))
		return
	}

	// the axis, with hour ticks
	yOf := func(t time.Time) float64 {
		return p.axisTop + (p.axisBottom-p.axisTop)*t.Sub(from).Seconds()/o.Window.Seconds()
	}
	dc.StrokeLine2(draw.LineStyle{Color: charts.Grey, Width: charts.Px(4)}, pt(axisX, p.axisTop).X, pt(axisX, p.axisTop).Y, pt(axisX, p.axisBottom).X, pt(axisX, p.axisBottom).Y)
	pxPerHour := (p.axisBottom - p.axisTop) / o.Window.Hours()
	step := 1
	for _, s := range []int{1, 2, 3, 4, 6, 12} {
		step = s
		if pxPerHour*float64(s) >= lineH*1.4 {
			break
		}
	}
	start := from.In(o.Zone)
	for t := time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), 0, 0, 0, o.Zone); !t.After(o.Now); t = t.Add(time.Hour) {
		if t.Before(from) {
			continue
		}
		y := yOf(t)
		h := t.Hour()
		switch {
		case h == 0:
			dc.StrokeLine2(draw.LineStyle{Color: charts.Black, Width: charts.Px(4)}, pt(axisX-26, y).X, pt(0, y).Y, pt(axisX+26, y).X, pt(0, y).Y)
			st := charts.TextStyle(boldFace(), charts.Black)
			st.XAlign = draw.XRight
			dc.FillText(st, pt(axisX-36, y+lineH*0.3), o.Units.F("%s %d", o.Units.Weekday(t), t.Day()))
		case h%step == 0:
			dc.StrokeLine2(draw.LineStyle{Color: charts.Grey, Width: charts.Px(3)}, pt(axisX-16, y).X, pt(0, y).Y, pt(axisX, y).X, pt(0, y).Y)
			st := charts.TextStyle(bodyFace(), charts.Grey)
			st.XAlign = draw.XRight
			label := t.Format("15:00")
			if o.Units.Clock12 {
				label = t.Format("3pm")
			}
			dc.FillText(st, pt(axisX-26, y+lineH*0.3), label)
		default:
			dc.StrokeLine2(draw.LineStyle{Color: charts.Light, Width: charts.Px(2)}, pt(axisX-8, y).X, pt(0, y).Y, pt(axisX, y).X, pt(0, y).Y)
		}
	}

	// leaders, markers and labels
	hs := p.heights()
	for i, l := range p.lines {
		yTime := p.ideal[i]
		yLabel := p.pos[i]
		top := yLabel - hs[i]/2
		if d := yLabel - yTime; d > 1.5 || d < -1.5 {
			var path vg.Path
			a := pt(axisX+14, yTime)
			b := pt(labelX-12, yLabel)
			mid := (a.X + b.X) / 2
			path.Move(a)
			path.CubeTo(vg.Point{X: mid, Y: a.Y}, vg.Point{X: mid, Y: b.Y}, b)
			dc.SetLineStyle(draw.LineStyle{Color: charts.Grey, Width: charts.Px(2)})
			dc.Stroke(path)
		} else {
			dc.StrokeLine2(draw.LineStyle{Color: charts.Light, Width: charts.Px(2)}, pt(axisX+14, yTime).X, pt(0, yTime).Y, pt(labelX-12, yTime).X, pt(0, yTime).Y)
		}
		// one marker per item at its own exact time, side by side when
		// merged, closer together when many, never over the label text
		step := 14.0
		if n := len(l.items); n > 1 && step*float64(n-1) > markerRoom {
			step = markerRoom / float64(n-1)
		}
		for k, it := range l.items {
			xy := pt(axisX, yOf(it.At))
			xy.X += charts.Px(float64(k) * step)
			drawMarker(dc, it, xy)
		}
		for k, ws := range l.words {
			// runs of words of one style, each drawn as one string
			x := float64(labelX)
			for len(ws) > 0 {
				n := 1
				for n < len(ws) && ws[n].fever == ws[0].fever {
					n++
				}
				run := ws[:n]
				col := color.Color(charts.Black)
				if run[0].fever {
					col = tempCol
				}
				parts := make([]string, n)
				for i, w := range run {
					parts[i] = w.s
				}
				s := strings.Join(parts, " ")
				tail := "" // a fever reading's comma is plain
				if run[0].fever && strings.HasSuffix(s, ",") {
					s, tail = strings.TrimSuffix(s, ","), ","
				}
				text(faceOf(run[0]), col, x, top+float64(k)*lineH, s)
				if tail != "" {
					text(bodyFace(), charts.Black, x+float64(charts.TextWidth(faceOf(run[0]), s)*charts.DPI/72), top+float64(k)*lineH, tail)
				}
				x += float64((widthOf(run) + charts.TextWidth(bodyFace(), " ")) * charts.DPI / 72)
				ws = ws[n:]
			}
		}
	}

	// legend
	if len(p.legend) > 0 {
		y := p.axisBottom + lineH + 16
		text(boldFace(), charts.Black, pad, y, o.Units.T("Colours:"))
		y += legendRow
		x := pad
		f := bodyFace()
		for _, e := range p.legend {
			w := 40 + float64(charts.TextWidth(f, e.name))*2 + 30
			if x+w > float64(o.Width)-pad && x > pad {
				x = pad
				y += legendRow
			}
			drawMarker(dc, item{marker: e.marker, Colour: e.colour}, pt(x+14, y+lineH/2))
			text(f, charts.Black, x+40, y, e.name)
			x += w
		}
	}
}

// drawMarker draws an item's marker: a filled circle in its colour, a ring
// for temperatures, a square for vitals, a diamond-ish box for notes.
func drawMarker(dc draw.Canvas, it item, at vg.Point) {
	col := color.Color(charts.ParseHex(it.Colour))
	r := charts.Px(13)
	// a shape per kind, its marker in medbot.Kinds: medicines ●, events
	// ▲, the other readings ■, temperature ○, notes △ (the scheme's eight
	// colours are shared)
	shape, edge := draw.GlyphDrawer(draw.CircleGlyph{}), draw.GlyphDrawer(draw.CircleGlyph{})
	switch it.marker {
	case medbot.Ring:
		col, shape = tempCol, draw.RingGlyph{}
	case medbot.Square:
		shape, edge, r = draw.BoxGlyph{}, draw.BoxGlyph{}, r-charts.Px(2)
	case medbot.Triangle:
		shape, edge = draw.PyramidGlyph{}, draw.PyramidGlyph{}
	case medbot.OpenTriangle:
		shape, edge = draw.TriangleGlyph{}, draw.PyramidGlyph{}
	}
	dc.DrawGlyphNoClip(draw.GlyphStyle{Color: charts.White, Radius: r + charts.Px(3), Shape: edge}, at)
	dc.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: r, Shape: shape}, at)
}
