package charts

import (
	"github.com/medbot/medbot"

	"fmt"
	"image/color"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// point is a reading at a time.
type point struct {
	At time.Time
	V  float64
	// flag is the level of the flag the reading stands under
	// (medbot.JudgeFlags, in Options.Flags), 0 when none: it gets a ring.
	flag medbot.Level
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
	Name string
	// Readings are the child's readings by kind, in the kind's unit.
	Readings map[medbot.Kind][]point
	Doses    []dose // the marked medicines' doses
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
		out[i].Readings = map[medbot.Kind][]point{}
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
		switch ob.Kind.Info().Class {
		case medbot.ReadingClass:
			ch.Readings[ob.Kind] = append(ch.Readings[ob.Kind], point{At: ob.At, V: ob.Value, flag: o.flagOf(ob)})
		case medbot.DoseClass:
			if shape, ok := o.mark(ob.Name); ok {
				ch.Doses = append(ch.Doses, dose{At: ob.At, Name: ob.Name, shape: shape, breach: breached[fmt.Sprint(ob.Child, "\x00", ob.Name, "\x00", ob.At.UnixMilli())]})
			}
		}
	}
	return out
}

// flagOf is the highest level of the flags ob stands under: a crossing
// of its kind, for its child, from its start until it ended.
func (o Options) flagOf(ob medbot.Observation) medbot.Level { return medbot.LevelOf(o.Flags, ob) }

// gap is the longest time between two readings still joined by a line.
const gap = 8 * time.Hour

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
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
		if pt.flag > 0 {
			flagRing(c, xy, pt.flag)
		}
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
