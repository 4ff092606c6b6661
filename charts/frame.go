package charts

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/medbot/medbot"
)

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
	indent := x
	for i, p := range parts {
		f := Sans(BodyPx)
		if p.bold {
			f = SansBold(BodyPx)
		}
		// a part that would run off the picture starts a new line, under
		// the first part's text (a reading and its time stay together:
		// a bold part takes the plain part after it along)
		w := TextWidth(f, p.s)
		if p.bold && i+1 < len(parts) && !parts[i+1].bold {
			w += TextWidth(Sans(BodyPx), parts[i+1].s)
		}
		if i > 1 && x+w > dc.Max.X-pad {
			y -= Px(BodyPx + 12)
			x = indent
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

// atText writes " at" a time, with its day when not today: " at 19:46
// yesterday", " at 04:56 Fri"; " gestern um 19:46", " am Fr um 04:56".
func atText(t, now time.Time, zone *time.Location, u medbot.Units) string {
	return u.F(" at %s", u.WhenShort(t, now, zone))
}

// noData writes a message in the middle of what is left of the canvas.
func noData(dc draw.Canvas, msg string) {
	f := Sans(BodyPx)
	st := TextStyle(f, Grey)
	st.XAlign = draw.XCenter
	st.YAlign = draw.YCenter
	dc.FillText(st, dc.Center(), msg)
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
	p.X.Tick.Marker = TimeTicks(o.Zone, plotWidth, float64(TextWidth(Sans(SmallPx), "Mon 22"))*1.25, o.Units)
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
type nowLine struct {
	at   time.Time
	word string // "now", in the family's language
}

func (n nowLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(float64(n.at.Unix()))
	c.StrokeLine2(draw.LineStyle{Color: Grey, Width: Px(3), Dashes: []vg.Length{Px(8), Px(8)}}, x, c.Min.Y, x, c.Max.Y)
	f := SansBold(SmallPx)
	FillText(c, f, Grey, vg.Point{X: x - TextWidth(f, n.word) - Px(8), Y: c.Max.Y - Px(SmallPx) - Px(4)}, n.word)
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
