package charts

import (
	"github.com/medbot/medbot"

	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// point is a reading at a time.
type point struct {
	At time.Time
	V  float64
}

// dose is a dose of a marked medication at a time.
type dose struct {
	At    time.Time
	Name  string // canonical ingredient
	shape draw.GlyphDrawer
}

// child is one child's series, built from the observations.
type child struct {
	Name  string
	Temps []point // °C
	SpO2  []point // %
	HR    []point // beats per minute
	Doses []dose  // the marked medicines' doses
}

// Options say what to draw and how.
type Options struct {
	Now    time.Time
	Window time.Duration // default 72 h
	Zone   *time.Location
	Units  medbot.Units
	// Children are the children to draw, in the family's order: their
	// colours and markers follow it. Empty: every child the observations
	// name, in the order they first appear.
	Children []string
	// Marked are the medicines whose doses are marked on the temperature
	// chart (the family's fever medicines), in the order of their marks'
	// shapes.
	Marked []string
	// Width and Height in pixels (default 1080×1350).
	Width, Height int
}

// seriesOf sorts observations into each child's readings and marked doses.
func seriesOf(obs []medbot.Observation, o Options) []child {
	names := o.Children
	if len(names) == 0 {
		for _, ob := range obs {
			if ob.Child != "" && !containsStr(names, ob.Child) {
				names = append(names, ob.Child)
			}
		}
	}
	out := make([]child, len(names))
	index := make(map[string]int, len(names))
	for i, n := range names {
		out[i].Name = n
		index[n] = i
	}
	for _, ob := range obs {
		i, ok := index[ob.Child]
		if !ok {
			continue
		}
		ch := &out[i]
		switch ob.Kind {
		case medbot.Temperature:
			ch.Temps = append(ch.Temps, point{At: ob.At, V: ob.Value})
		case medbot.SpO2:
			ch.SpO2 = append(ch.SpO2, point{At: ob.At, V: ob.Value})
		case medbot.HeartRate:
			ch.HR = append(ch.HR, point{At: ob.At, V: ob.Value})
		case medbot.Medication:
			if shape, ok := o.mark(ob.Name); ok {
				ch.Doses = append(ch.Doses, dose{At: ob.At, Name: ob.Name, shape: shape})
			}
		}
	}
	return out
}

func (o *Options) defaults() {
	if o.Window <= 0 {
		o.Window = 72 * time.Hour
	}
	Frame(&o.Zone, &o.Now, &o.Width)
	if o.Height <= 0 {
		o.Height = 1350
	}
}

// Clinical reference lines, °C.
const (
	FeverC  = 38.0
	NormalC = 36.4
	LowC    = 36.0
	minC    = 35.0
	maxC    = 41.0
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

// gap is the longest time between two readings still joined by a line.
const gap = 8 * time.Hour

// Temperature draws the temperature chart as a PNG.
func Temperature(obs []medbot.Observation, o Options) ([]byte, error) {
	o.defaults()
	return Render(o.Width, o.Height, func(dc draw.Canvas) { DrawTemperature(dc, obs, o) })
}

// header draws the title and returns the canvas below it.
func header(dc draw.Canvas, title string) draw.Canvas {
	pad := Px(32)
	y := dc.Max.Y - pad - Px(TitlePx)
	FillText(dc, SansBold(TitlePx), Black, vg.Point{X: dc.Min.X + pad, Y: y}, title)
	dc.Max.Y = y - Px(14)
	return dc
}

// headerLine draws one line of text below the header, starting with a
// glyph in col when glyph is not nil, and returns the canvas below it.
func headerLine(dc draw.Canvas, glyph draw.GlyphDrawer, col color.Color, parts ...textPart) draw.Canvas {
	pad := Px(32)
	y := dc.Max.Y - Px(BodyPx)
	x := dc.Min.X + pad
	if glyph != nil {
		r := Px(11)
		dc.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: r, Shape: glyph}, vg.Point{X: x + r, Y: y + Px(BodyPx)*0.35})
		x += 2*r + Px(14)
	}
	for _, p := range parts {
		f := Sans(BodyPx)
		if p.bold {
			f = SansBold(BodyPx)
		}
		FillText(dc, f, p.col, vg.Point{X: x, Y: y}, p.s)
		x += TextWidth(f, p.s)
	}
	dc.Max.Y = y - Px(12)
	return dc
}

type textPart struct {
	s    string
	col  color.Color
	bold bool
}

// DrawTemperature draws the temperature chart on any canvas (PNG, PDF, SVG).
func DrawTemperature(dc draw.Canvas, obs []medbot.Observation, o Options) {
	o.defaults()
	children := seriesOf(obs, o)
	from := o.Now.Add(-o.Window)
	dc = header(dc, "Temperature, last "+medbot.WindowName(o.Window))
	any := false
	for i, ch := range children {
		temps := inWindow(ch.Temps, from, o.Now)
		if len(temps) > 0 {
			any = true
		}
		parts := []textPart{{s: ch.Name + ": ", col: ChildColour(i), bold: true}}
		if len(temps) == 0 {
			parts = append(parts, textPart{s: "no reading in " + medbot.WindowName(o.Window), col: Grey})
		} else {
			last := temps[len(temps)-1]
			parts = append(parts, textPart{s: fmt.Sprintf("%.1f %s", o.Units.TemperatureValue(last.V), o.Units.TemperatureUnit()), col: Black, bold: last.V >= FeverC},
				textPart{s: " at " + o.Units.Clock(last.At, o.Zone) + dayNote(last.At, o.Now, o.Zone), col: Black})
		}
		dc = headerLine(dc, ChildGlyph(i), ChildColour(i), parts...)
	}
	if !any {
		noData(dc, "No temperatures recorded in the last "+medbot.WindowName(o.Window)+".")
		return
	}
	// the doses legend, when any antipyretic was given
	var doseNames []string
	for _, ch := range children {
		for _, d := range ch.Doses {
			if _, ok := o.mark(d.Name); ok && !d.At.Before(from) && !d.At.After(o.Now) && !containsStr(doseNames, d.Name) {
				doseNames = append(doseNames, d.Name)
			}
		}
	}
	sort.Strings(doseNames)
	if len(doseNames) > 0 {
		dc = doseLegend(dc, doseNames, o)
	}

	p := newPlot(o)
	yMin, yMax := o.Units.TemperatureValue(minC), o.Units.TemperatureValue(maxC)
	p.Y.Min, p.Y.Max = yMin, yMax
	p.Y.Label.Text = o.Units.TemperatureUnit()
	step := 1.0
	if o.Units.Fahrenheit {
		step = 2
	}
	p.Y.Tick.Marker = constTicks(math.Ceil(yMin), yMax, step, step/2)
	p.Add(&band{lo: yMin, hi: o.Units.TemperatureValue(LowC), col: color.RGBA{0xe3, 0xf0, 0xfb, 0xff}})
	refs := []*refLine{
		{y: o.Units.TemperatureValue(NormalC), col: Ok, dashes: []vg.Length{Px(4), Px(10)}, label: fmt.Sprintf("%.1f normal", o.Units.TemperatureValue(NormalC))},
		{y: o.Units.TemperatureValue(FeverC), col: Fever, dashes: []vg.Length{Px(18), Px(10)}, label: fmt.Sprintf("%.1f fever", o.Units.TemperatureValue(FeverC))},
		{y: o.Units.TemperatureValue(LowC), col: color.RGBA{0x1f, 0x5f, 0x9f, 0xff}, label: fmt.Sprintf("below %.0f: low", o.Units.TemperatureValue(LowC)), below: true},
	}
	for _, r := range refs[:2] {
		p.Add(r)
	}
	for i, ch := range children {
		temps := inWindow(ch.Temps, from, o.Now)
		pts := make([]point, len(temps))
		for k, t := range temps {
			pts[k] = point{At: t.At, V: o.Units.TemperatureValue(t.V)}
		}
		p.Add(&series{pts: pts, col: ChildColour(i), glyph: ChildGlyph(i), min: yMin, max: yMax})
	}
	// dose marks along the bottom, one row per child
	rowH := (yMax - yMin) / 24
	for i, ch := range children {
		var ds []dose
		for _, d := range ch.Doses {
			if !d.At.Before(from) && !d.At.After(o.Now) {
				ds = append(ds, d)
			}
		}
		p.Add(&doseMarks{doses: ds, y: yMin + rowH*(float64(i)+0.8), col: ChildColour(i)})
	}
	for _, r := range refs {
		p.Add(refLabel{r})
	}
	p.Draw(plotArea(dc))
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// dayNote says "yesterday" or the weekday when t is not today.
func dayNote(t, now time.Time, zone *time.Location) string {
	t, now = t.In(zone), now.In(zone)
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return ""
	case time.Date(y1, m1, d1+1, 0, 0, 0, 0, zone).Equal(time.Date(y2, m2, d2, 0, 0, 0, 0, zone)):
		return " yesterday"
	}
	return " " + t.Format("Mon")
}

func doseLegend(dc draw.Canvas, names []string, o Options) draw.Canvas {
	pad := Px(32)
	y := dc.Max.Y - Px(SmallPx)
	x := dc.Min.X + pad
	f := Sans(SmallPx)
	FillText(dc, f, Grey, vg.Point{X: x, Y: y}, "Doses, along the bottom:")
	x += TextWidth(f, "Doses, along the bottom:") + Px(16)
	for _, n := range names {
		r := Px(10)
		dc.DrawGlyphNoClip(draw.GlyphStyle{Color: Grey, Radius: r, Shape: must(o.mark(n))}, vg.Point{X: x + r, Y: y + Px(SmallPx)*0.35})
		x += 2*r + Px(8)
		FillText(dc, f, Grey, vg.Point{X: x, Y: y}, n)
		x += TextWidth(f, n) + Px(20)
	}
	dc.Max.Y = y - Px(12)
	return dc
}

// noData writes a message in the middle of what is left of the canvas.
func noData(dc draw.Canvas, msg string) {
	f := Sans(BodyPx)
	st := TextStyle(f, Grey)
	st.XAlign = draw.XCenter
	st.YAlign = draw.YCenter
	dc.FillText(st, dc.Center(), msg)
}

func inWindow(pts []point, from, to time.Time) []point {
	var out []point
	for _, p := range pts {
		if !p.At.Before(from) && !p.At.After(to) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// plotArea leaves side and bottom margins around the plot.
func plotArea(dc draw.Canvas) draw.Canvas {
	return draw.Crop(dc, Px(16), -Px(40), Px(16), -Px(8))
}

// newPlot is a plot with medbot's fonts, a local-time X axis over the
// window, and a light grid.
func newPlot(o Options) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the canvas is white already: no full-size fill
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font = Sans(SmallPx).Font
		a.Tick.Label.Color = Black
		a.Label.TextStyle.Font = Sans(SmallPx).Font
		a.Label.TextStyle.Color = Grey
		a.LineStyle.Width = Px(2)
		a.Tick.LineStyle.Width = Px(2)
		a.Tick.Length = Px(10)
		a.Padding = 0
	}
	p.X.Min = float64(o.Now.Add(-o.Window).Unix())
	p.X.Max = float64(o.Now.Unix())
	plotWidth := float64(Px(float64(o.Width)-200)) * 0.95
	p.X.Tick.Marker = TimeTicks(o.Zone, plotWidth, float64(TextWidth(Sans(SmallPx), "Mon 22"))*1.25, o.Units.Clock12)
	p.Add(&grid{})
	return p
}

// constTicks labels every step from lo to hi, with unlabelled minor ticks.
func constTicks(lo, hi, step, minor float64) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		var ts []plot.Tick
		for v := lo; v <= hi+1e-9; v += minor {
			t := plot.Tick{Value: v}
			if math.Abs(math.Mod(v-lo, step)) < 1e-9 {
				t.Label = fmt.Sprintf("%.0f", v)
			}
			ts = append(ts, t)
		}
		return ts
	})
}

// grid draws light lines at the labelled ticks of both axes.
type grid struct{}

func (grid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: Light, Width: Px(2)}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label != "" {
			x := trX(t.Value)
			width := Px(2)
			if strings.Contains(t.Label, " ") { // a midnight
				width = Px(3)
				sty.Color = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
			} else {
				sty.Color = Light
			}
			sty.Width = width
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
	sty = draw.LineStyle{Color: Light, Width: Px(2)}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.Label != "" {
			y := trY(t.Value)
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
}

// refLine is a horizontal reference line; refLabel writes its value,
// drawn after the data so that no line crosses it.
type refLine struct {
	y      float64
	col    color.Color
	dashes []vg.Length
	label  string
	below  bool // label under the line
}

func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	c.StrokeLine2(draw.LineStyle{Color: r.col, Width: Px(4), Dashes: r.dashes}, c.Min.X, y, c.Max.X, y)
}

type refLabel struct{ *refLine }

func (r refLabel) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.y) + Px(9)
	if r.below {
		y = trY(r.y) - Px(9) - Px(SmallPx)
	}
	f := SansBold(SmallPx)
	w := TextWidth(f, r.label)
	x := c.Max.X - w - Px(12)
	box := []vg.Point{{X: x - Px(6), Y: y - Px(5)}, {X: x + w + Px(6), Y: y - Px(5)}, {X: x + w + Px(6), Y: y + Px(SmallPx)}, {X: x - Px(6), Y: y + Px(SmallPx)}}
	c.FillPolygon(color.NRGBA{0xff, 0xff, 0xff, 0xf0}, box)
	FillText(c, f, r.col, vg.Point{X: x, Y: y}, r.label)
}

// band shades a range of values.
type band struct {
	lo, hi float64
	col    color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y0, y1 := trY(b.lo), trY(b.hi)
	c.FillPolygon(b.col, []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}})
}

// series is one child's readings: lines between readings less than gap
// apart, and a marker at each.
type series struct {
	pts      []point
	col      color.Color
	glyph    draw.GlyphDrawer
	min, max float64
}

func (s *series) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	clamp := func(v float64) float64 { return math.Max(s.min, math.Min(s.max, v)) }
	var line []vg.Point
	flush := func() {
		if len(line) > 1 {
			c.StrokeLines(draw.LineStyle{Color: s.col, Width: Px(5)}, line)
		}
		line = line[:0]
	}
	for i, pt := range s.pts {
		if i > 0 && pt.At.Sub(s.pts[i-1].At) > gap {
			flush()
		}
		line = append(line, vg.Point{X: trX(float64(pt.At.Unix())), Y: trY(clamp(pt.V))})
	}
	flush()
	for _, pt := range s.pts {
		xy := vg.Point{X: trX(float64(pt.At.Unix())), Y: trY(clamp(pt.V))}
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: White, Radius: Px(12), Shape: s.glyph}, xy)
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: s.col, Radius: Px(9), Shape: s.glyph}, xy)
		if pt.V != clamp(pt.V) {
			// off the fixed scale: say the value
			st := TextStyle(SansBold(SmallPx), s.col)
			st.XAlign = draw.XCenter
			dy := Px(14)
			if pt.V < s.min {
				dy = -Px(14) - Px(SmallPx)
			}
			c.FillText(st, vg.Point{X: xy.X, Y: xy.Y + dy}, fmt.Sprintf("%.1f", pt.V))
		}
	}
}

// doseMarks draws a child's antipyretic doses as marks in a row near the
// bottom.
type doseMarks struct {
	doses []dose
	y     float64
	col   color.RGBA
}

func (d *doseMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, ds := range d.doses {
		x := trX(float64(ds.At.Unix()))
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: d.col, Radius: Px(11), Shape: ds.shape}, vg.Point{X: x, Y: trY(d.y)})
	}
}
