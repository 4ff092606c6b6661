package charts

import (
	"github.com/medbot/medbot"
	"slices"

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
	// breach is set on a dose outside the family's limits
	// (medbot.JudgeDoses): it gets a red ring
	breach bool
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
	// Family are the family's children in order: a child's colour and
	// marker follow their place here, the same in every picture (empty:
	// Children).
	Family []string
	// Marked are the medicines whose doses are marked on the temperature
	// chart (the family's fever medicines), in the order of their marks'
	// shapes.
	Marked []string
	// Medicines are the family's medicines with their limits: a marked
	// dose outside them (medbot.JudgeDoses, the judgement every screen
	// reads) gets a red ring. The observations should reach a day before
	// the window, so that its first doses are judged right.
	Medicines []medbot.Medicine
	// Width and Height in pixels (default 1080×1350).
	Width, Height int
}

// place is a child's place in the family, which gives their colour and
// marker; i, their place in the picture, when the family does not say.
func (o Options) place(name string, i int) int {
	if k := slices.Index(o.Family, name); k >= 0 {
		return k
	}
	return i
}

func (o Options) colour(name string, i int) color.RGBA { return ChildColour(o.place(name, i)) }

func (o Options) glyph(name string, i int) draw.GlyphDrawer { return ChildGlyph(o.place(name, i)) }

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
	breached := map[string]bool{} // child, medicine and time of a dose outside the limits
	for _, m := range o.Medicines {
		if _, ok := o.mark(m.Name); !ok {
			continue
		}
		for _, n := range names {
			var own []medbot.Observation
			for _, ob := range obs {
				if ob.Child == n && ob.Kind == medbot.Medication && ob.Name == m.Name {
					own = append(own, ob)
				}
			}
			for _, br := range medbot.JudgeDoses(m, own, o.Now, o.Zone).Breaches {
				breached[fmt.Sprint(n, "\x00", m.Name, "\x00", br.Dose.At.UnixMilli())] = true
			}
		}
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
				ch.Doses = append(ch.Doses, dose{At: ob.At, Name: ob.Name, shape: shape, breach: breached[fmt.Sprint(ob.Child, "\x00", ob.Name, "\x00", ob.At.UnixMilli())]})
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
		parts := []textPart{{s: ch.Name + ": ", col: o.colour(ch.Name, i), bold: true}}
		if len(temps) == 0 {
			parts = append(parts, textPart{s: "no reading in " + medbot.WindowName(o.Window), col: Grey})
		} else {
			last := temps[len(temps)-1]
			parts = append(parts, textPart{s: fmt.Sprintf("%.1f %s", o.Units.TemperatureValue(last.V), o.Units.TemperatureUnit()), col: Black, bold: last.V >= FeverC},
				textPart{s: " at " + o.Units.Clock(last.At, o.Zone) + dayNote(last.At, o.Now, o.Zone), col: Black})
		}
		dc = headerLine(dc, o.glyph(ch.Name, i), o.colour(ch.Name, i), parts...)
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
		ringed := false
		for _, ch := range children {
			for _, d := range inWindow(ch.Doses, from, o.Now) {
				ringed = ringed || d.breach
			}
		}
		dc = doseLegend(dc, doseNames, ringed, o)
	}

	area := plotArea(dc)
	p := newPlot(o)
	tMin, yMax := o.Units.TemperatureValue(minC), o.Units.TemperatureValue(maxC)
	// the doses' strip, under the scale: a row per child with doses,
	// taller where doses at one time stack
	var stacks [][]doseGroup
	stripPx := 0.0
	for _, ch := range children {
		if gs := stackDoses(inWindow(ch.Doses, from, o.Now), o); len(gs) > 0 {
			stacks = append(stacks, gs)
			stripPx += rowPx(gs)
		}
	}
	rows := len(stacks)
	dataPx := float64(area.Max.Y-area.Min.Y)*DPI/72 - 70 // less the time axis
	unitPx := (dataPx - stripPx) / (yMax - tMin)
	yMin := tMin - stripPx/unitPx
	p.Y.Min, p.Y.Max = yMin, yMax
	p.Y.Label.Text = o.Units.TemperatureUnit()
	step := 1.0
	if o.Units.Fahrenheit {
		step = 2
	}
	p.Y.Tick.Marker = constTicks(math.Ceil(tMin), yMax, step, step/2)
	p.Add(&band{lo: tMin, hi: o.Units.TemperatureValue(LowC), col: color.RGBA{0xe3, 0xf0, 0xfb, 0xff}})
	if rows > 0 {
		p.Add(&band{lo: yMin, hi: tMin, col: color.RGBA{0xf4, 0xf4, 0xf4, 0xff}})
	}
	refs := []*refLine{
		{y: o.Units.TemperatureValue(NormalC), col: Ok, dashes: []vg.Length{Px(4), Px(10)}, value: fmt.Sprintf("%.1f", o.Units.TemperatureValue(NormalC)), word: "normal"},
		{y: o.Units.TemperatureValue(FeverC), col: Fever, dashes: []vg.Length{Px(18), Px(10)}, value: fmt.Sprintf("%.1f", o.Units.TemperatureValue(FeverC)), word: "fever"},
		{y: (tMin + o.Units.TemperatureValue(LowC)) / 2, col: color.RGBA{0x1f, 0x5f, 0x9f, 0xff}, value: "< " + medbot.FormatNumber(math.Round(o.Units.TemperatureValue(LowC)*10)/10), word: "low", noLine: true},
	}
	if rows > 0 {
		refs = append(refs, &refLine{y: tMin, col: Black, value: "doses", below: true})
	}
	for _, r := range refs {
		p.Add(r)
	}
	p.Add(nowLine{o.Now})
	for i, ch := range children {
		temps := inWindow(ch.Temps, from, o.Now)
		pts := make([]point, len(temps))
		for k, t := range temps {
			pts[k] = point{At: t.At, V: o.Units.TemperatureValue(t.V)}
		}
		p.Add(&series{pts: pts, col: o.colour(ch.Name, i), glyph: o.glyph(ch.Name, i), min: tMin, max: yMax})
	}
	// dose marks in the strip, a row per child with doses
	row, offset := 0, 0.0
	for i, ch := range children {
		if len(inWindow(ch.Doses, from, o.Now)) == 0 {
			continue
		}
		p.Add(&doseMarks{groups: stacks[row], top: tMin, offset: offset, col: o.colour(ch.Name, i), o: o})
		offset += rowPx(stacks[row])
		row++
	}
	p.Add(gutterLabels(refs))
	p.Draw(area)
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

func doseLegend(dc draw.Canvas, names []string, ringed bool, o Options) draw.Canvas {
	pad := Px(32)
	y := dc.Max.Y - Px(SmallPx)
	x := dc.Min.X + pad
	f := Sans(SmallPx)
	FillText(dc, f, Grey, vg.Point{X: x, Y: y}, "Doses, in the strip below:")
	x += TextWidth(f, "Doses, in the strip below:") + Px(16)
	for _, n := range names {
		r := Px(10)
		dc.DrawGlyphNoClip(draw.GlyphStyle{Color: Grey, Radius: r, Shape: must(o.mark(n))}, vg.Point{X: x + r, Y: y + Px(SmallPx)*0.35})
		x += 2*r + Px(8)
		FillText(dc, f, Grey, vg.Point{X: x, Y: y}, n)
		x += TextWidth(f, n) + Px(20)
	}
	if ringed {
		r := Px(9)
		ring(dc, vg.Point{X: x + r + Px(5), Y: y + Px(SmallPx)*0.35}, r)
		x += 2*(r+Px(5)) + Px(8)
		FillText(dc, f, Fever, vg.Point{X: x, Y: y}, "outside the limits")
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

// noData writes a message in the middle of what is left of the canvas.
func noData(dc draw.Canvas, msg string) {
	f := Sans(BodyPx)
	st := TextStyle(f, Grey)
	st.XAlign = draw.XCenter
	st.YAlign = draw.YCenter
	dc.FillText(st, dc.Center(), msg)
}

// timed is what has a time: a point or a dose.
type timed interface{ at() time.Time }

func (p point) at() time.Time { return p.At }
func (d dose) at() time.Time  { return d.At }

// inWindow returns the items of xs from..to, in time order.
func inWindow[T timed](xs []T, from, to time.Time) []T {
	var out []T
	for _, x := range xs {
		if !x.at().Before(from) && !x.at().After(to) {
			out = append(out, x)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at().Before(out[j].at()) })
	return out
}

// gutterPx is the room right of the plot for the reference lines'
// labels, where they cover no data.
const gutterPx = 136

// plotArea leaves side and bottom margins around the plot, and the gutter.
func plotArea(dc draw.Canvas) draw.Canvas {
	return draw.Crop(dc, Px(16), -Px(gutterPx), Px(16), -Px(8))
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
	// a little past now, so the newest reading is not squashed against
	// the edge, and the "now" line shows where the record ends
	p.X.Max = float64(o.Now.Add(max(o.Window/30, time.Hour)).Unix())
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

// refLine is a horizontal reference line; gutterLabels writes its value
// and word in the gutter right of the plot, where they cover no data.
type refLine struct {
	y           float64
	col         color.Color
	dashes      []vg.Length
	value, word string
	noLine      bool // a label only (a band's)
	below       bool // the label under the line (the doses' strip)
}

func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	if r.noLine {
		return
	}
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	width := Px(4)
	if r.dashes == nil {
		width = Px(2)
	}
	c.StrokeLine2(draw.LineStyle{Color: r.col, Width: width, Dashes: r.dashes}, c.Min.X, y, c.Max.X, y)
}

// gutterLabels writes reference lines' labels in the gutter right of the
// plot, each at its line's height, pushed apart where they would meet (a
// short chart's 36.4 and 36, 95 and 92).
type gutterLabels []*refLine

// labelH is a gutter label's height: its value and its word.
var labelH = Px(2*SmallPx + 8)

func (g gutterLabels) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	refs := append([]*refLine(nil), g...)
	pos := make([]vg.Length, len(refs))
	for i, r := range refs {
		pos[i] = trY(r.y) // the label's middle
		if r.below {
			pos[i] -= labelH / 2
		}
	}
	// top to bottom (vg's y grows upward), each at least labelH below
	// the one above, then back up where the last ran off the bottom
	sort.Sort(byHeight{refs, pos})
	for i := 1; i < len(pos); i++ {
		pos[i] = min(pos[i], pos[i-1]-labelH)
	}
	if n := len(pos); n > 0 && pos[n-1] < c.Min.Y+labelH/2 {
		pos[n-1] = c.Min.Y + labelH/2
		for i := n - 2; i >= 0; i-- {
			pos[i] = max(pos[i], pos[i+1]+labelH)
		}
	}
	x := c.Max.X + Px(12)
	for i, r := range refs {
		FillText(c, SansBold(SmallPx), r.col, vg.Point{X: x, Y: pos[i] + Px(2)}, r.value)
		if r.word != "" {
			FillText(c, Sans(SmallPx), r.col, vg.Point{X: x, Y: pos[i] - Px(SmallPx) - Px(2)}, r.word)
		}
	}
}

// byHeight sorts labels and their positions from the top down.
type byHeight struct {
	refs []*refLine
	pos  []vg.Length
}

func (b byHeight) Len() int           { return len(b.refs) }
func (b byHeight) Less(i, j int) bool { return b.pos[i] > b.pos[j] }
func (b byHeight) Swap(i, j int) {
	b.refs[i], b.refs[j] = b.refs[j], b.refs[i]
	b.pos[i], b.pos[j] = b.pos[j], b.pos[i]
}

// nowLine marks the moment drawn.
type nowLine struct{ at time.Time }

func (n nowLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(float64(n.at.Unix()))
	c.StrokeLine2(draw.LineStyle{Color: Grey, Width: Px(3), Dashes: []vg.Length{Px(8), Px(8)}}, x, c.Min.Y, x, c.Max.Y)
	f := SansBold(SmallPx)
	FillText(c, f, Grey, vg.Point{X: x - TextWidth(f, "now") - Px(8), Y: c.Max.Y - Px(SmallPx) - Px(4)}, "now")
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
