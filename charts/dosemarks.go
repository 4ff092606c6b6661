package charts

import (
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// markShapes are the shapes of the marked medicines' doses, in order.
var markShapes = []draw.GlyphDrawer{draw.PyramidGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

// mark returns the shape of the marks of medicine name, and whether its
// doses are marked.
func (o Options) mark(name string) (draw.GlyphDrawer, bool) {
	for i, m := range o.Marked {
		if m == name {
			return markShapes[i%len(markShapes)], true
		}
	}
	return nil, false
}

func must(shape draw.GlyphDrawer, _ bool) draw.GlyphDrawer { return shape }

func doseLegend(dc draw.Canvas, names []string, ringed bool, o Options) draw.Canvas {
	pad := Px(32)
	y := dc.Max.Y - Px(SmallPx)
	x := dc.Min.X + pad
	f := Sans(SmallPx)
	label := o.Units.T("Doses, in the strip below:")
	FillText(dc, f, Grey, vg.Point{X: x, Y: y}, label)
	x += TextWidth(f, label) + Px(16)
	for _, n := range names {
		r := Px(10)
		dc.DrawGlyphNoClip(draw.GlyphStyle{Color: Grey, Radius: r, Shape: must(o.mark(n))}, vg.Point{X: x + r, Y: y + Px(SmallPx)*0.35})
		x += 2*r + Px(8)
		FillText(dc, f, Grey, vg.Point{X: x, Y: y}, o.Units.T(n))
		x += TextWidth(f, o.Units.T(n)) + Px(20)
	}
	if ringed {
		r := Px(9)
		ring(dc, vg.Point{X: x + r + Px(5), Y: y + Px(SmallPx)*0.35}, r)
		x += 2*(r+Px(5)) + Px(8)
		FillText(dc, f, Fever, vg.Point{X: x, Y: y}, o.Units.T("outside the limits"))
	}
	dc.Max.Y = y - Px(12)
	return dc
}

// ring draws the red ring of a dose outside the family's limits, of
// inner radius r, around a mark at p.
func ring(c draw.Canvas, p vg.Point, r vg.Length) {
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: Fever, Radius: r + Px(5), Shape: draw.CircleGlyph{}}, p)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: White, Radius: r + Px(2), Shape: draw.CircleGlyph{}}, p)
}

// doseMarks draws a child's doses in its row of the strip under the
// scale: a mark per medicine at its time (never beside it: doses at one
// time stack downwards), with the count when doses of one medicine
// coincide ("×3"), and the time under the marks where it fits (two
// lanes).
type doseMarks struct {
	groups []doseGroup
	top    float64 // the strip's top, in data units
	offset float64 // px from the strip's top to this row's
	col    color.RGBA
	o      Options
}

// doseGroup is the doses of one medicine within a few minutes, and the
// level it is stacked at (0: the top).
type doseGroup struct {
	at     time.Time
	name   string
	shape  draw.GlyphDrawer
	n      int
	level  int
	breach bool // a dose of it is outside the family's limits
}

// coincide is how close doses of one medicine are drawn as one mark.
const coincide = 15 * time.Minute

// Sizes of the dose strip, in px: a row's marks and two lanes of times,
// and each level of stacked marks.
const (
	doseRowPx = 104
	stackPx   = 30
	markGapPx = 34 // marks closer than this stack
)

// stackDoses groups a child's doses (in time order) by medicine within
// coincide, and stacks the groups whose marks would touch at the chart's
// scale: each at the first level free at its time. A mark is always drawn
// at its own time, so none is ever drawn after now.
func stackDoses(doses []dose, o Options) []doseGroup {
	var groups []doseGroup
	for _, ds := range doses {
		merged := false
		for k := len(groups) - 1; k >= 0 && ds.At.Sub(groups[k].at) <= coincide; k-- {
			if groups[k].name == ds.Name {
				groups[k].n++
				groups[k].breach = groups[k].breach || ds.breach
				merged = true
				break
			}
		}
		if !merged {
			groups = append(groups, doseGroup{at: ds.At, name: ds.Name, shape: ds.shape, n: 1, breach: ds.breach})
		}
	}
	// the time a mark takes, from the plot's scale (newPlot's width)
	span := o.Window + max(o.Window/30, time.Hour)
	gap := time.Duration(float64(span) * markGapPx / ((float64(o.Width) - 200) * 0.95))
	var free []time.Time // when each level is free again
	for i := range groups {
		g := &groups[i]
		g.level = len(free)
		for k, t := range free {
			if !g.at.Before(t) {
				g.level = k
				break
			}
		}
		if g.level == len(free) {
			free = append(free, time.Time{})
		}
		free[g.level] = g.at.Add(gap)
	}
	return groups
}

// rowPx is the height of a row of groups: the marks, their stack and two
// lanes of times.
func rowPx(groups []doseGroup) float64 {
	deepest := 0
	for _, g := range groups {
		deepest = max(deepest, g.level)
	}
	return doseRowPx + float64(deepest)*stackPx
}

func (d *doseMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	y := trY(d.top) - Px(d.offset+26)
	deepest := 0
	for _, g := range d.groups {
		deepest = max(deepest, g.level)
	}
	timesY := y - Px(float64(deepest)*stackPx) // the times go under the lowest mark
	f := Sans(SmallPx)
	var lanes [2]vg.Length // where each lane's last time ends
	for i := range lanes {
		lanes[i] = c.Min.X - Px(1000)
	}
	for _, g := range d.groups {
		x := trX(float64(g.at.Unix()))
		my := y - Px(float64(g.level)*stackPx)
		if g.breach {
			ring(c, vg.Point{X: x, Y: my}, Px(13))
		}
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: White, Radius: Px(14), Shape: g.shape}, vg.Point{X: x, Y: my})
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: d.col, Radius: Px(11), Shape: g.shape}, vg.Point{X: x, Y: my})
		if g.n > 1 {
			// the count right of the mark; left of it where it would
			// reach the "doses" label in the gutter (the strip's top)
			label := fmt.Sprintf("×%d", g.n)
			w := TextWidth(SansBold(SmallPx), label)
			lx := x + Px(22) // a triangle's corners reach past its radius
			if lx+w > c.Max.X && d.offset == 0 && g.level == 0 {
				lx = x - Px(22) - w
			}
			FillText(c, SansBold(SmallPx), d.col, vg.Point{X: lx, Y: my - Px(SmallPx)*0.35}, label)
		}
		t := d.o.Units.Clock(g.at, d.o.Zone)
		w := TextWidth(f, t)
		tx := min(max(x-w/2, c.Min.X), c.Max.X-w) // inside the plot
		for i := range lanes {
			if tx > lanes[i]+Px(8) {
				FillText(c, f, Grey, vg.Point{X: tx, Y: timesY - Px(24) - Px(SmallPx) - vg.Length(i)*Px(SmallPx+4)}, t)
				lanes[i] = tx + w
				break
			}
		}
	}
}
