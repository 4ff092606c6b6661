package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/medbot/medbot"
)

// panel is how the vitals chart draws one reading kind: its scale, its
// ticks and its reference lines. Every reading kind but temperature (which
// has a chart of its own) and weight (which the report shows) has one;
// TestEveryReadingHasAPlace checks it.
type panel struct {
	kind        medbot.Kind
	label       string // the Y axis
	short       string // in the header line: "SpO2 94%"
	lo, hi      float64
	step, minor float64
	grow        float64 // the scale grows in these steps to show a reading off it
	refs        func(o Options) []*refLine
	always      bool // drawn, when the chart is, with no reading of its own
}

// panels are the vitals chart's panels, top to bottom.
var panels = []panel{
	{kind: medbot.SpO2, label: "SpO2 %", short: "SpO2 %.0f%%", lo: 84, hi: 100, step: 4, minor: 2, always: true,
		refs: func(o Options) []*refLine {
			return []*refLine{{y: medbot.LowSpO2, col: AmberText, dashes: []vg.Length{Px(18), Px(10)}, value: "≤ 95", word: o.Units.T("amber")}}
		}},
	{kind: medbot.HeartRate, label: "heart rate", short: "HR %.0f", lo: 40, hi: 200, step: 40, minor: 20, grow: 40, always: true},
	{kind: medbot.RespRate, label: "breaths /min", short: "breathing %.0f/min", lo: 10, hi: 70, step: 20, minor: 10, grow: 20},
}

// Unplotted are the reading kinds the vitals chart leaves to others:
// temperature has its own chart, weight is in the report.
var Unplotted = []medbot.Kind{medbot.Temperature, medbot.Weight}

// HasVitals reports whether any child has a reading of the vitals
// chart's kinds in the window.
func HasVitals(obs []medbot.Observation, o Options) bool {
	o.defaults()
	return len(shownPanels(seriesOf(obs, o), o)) > 0
}

// shownPanels are the panels with a reading in the window; with any, the
// panels always drawn too.
func shownPanels(children []child, o Options) []panel {
	from := o.Now.Add(-o.Window)
	has := func(k medbot.Kind) bool {
		for _, ch := range children {
			if len(inWindow(ch.Readings[k], from, o.Now)) > 0 {
				return true
			}
		}
		return false
	}
	var out []panel
	anyAlways := false
	for _, p := range panels {
		anyAlways = anyAlways || (p.always && has(p.kind))
	}
	for _, p := range panels {
		if has(p.kind) || (p.always && anyAlways) {
			out = append(out, p)
		}
	}
	return out
}

// VitalsPanels is how many panels the vitals chart of obs has: a page
// that places it makes room for each.
func VitalsPanels(obs []medbot.Observation, o Options) int {
	o.defaults()
	return len(shownPanels(seriesOf(obs, o), o))
}

// Vitals draws SpO2, heart rate and breathing rate, one panel each on the
// same time axis, as a PNG.
func Vitals(obs []medbot.Observation, o Options) ([]byte, error) {
	return o.png(obs, DrawVitals)
}

// DrawVitals draws the vitals chart on any canvas.
func DrawVitals(dc draw.Canvas, obs []medbot.Observation, o Options) {
	o.defaults()
	children := seriesOf(obs, o)
	from := o.Now.Add(-o.Window)
	ps := shownPanels(children, o)
	title := o.Units.F("Oxygen (SpO2) and heart rate, last %s", o.Units.Window(o.Window))
	for _, p := range ps {
		if p.kind == medbot.RespRate {
			title = o.Units.F("Oxygen (SpO2), heart and breathing rate, last %s", o.Units.Window(o.Window))
		}
	}
	dc = header(dc, title)
	if len(ps) == 0 {
		noData(dc, o.Units.F("No SpO2, heart rate or breathing rate recorded in the last %s.", o.Units.Within(o.Window)))
		return
	}
	kinds := make([]medbot.Kind, len(ps))
	for i, p := range ps {
		kinds[i] = p.kind
	}
	for i, ch := range children {
		parts := []textPart{{s: ch.Name + ": ", col: o.colour(ch.Name, i), bold: true}}
		for _, p := range ps {
			pts := inWindow(ch.Readings[p.kind], from, o.Now)
			if len(pts) == 0 {
				continue
			}
			l := pts[len(pts)-1]
			parts = append(parts, textPart{s: o.Units.F(p.short, l.V), col: Black, bold: l.flag > 0},
				textPart{s: atText(l.At, o.Now, o.Zone, o.Units) + "  ", col: Black})
		}
		if len(parts) == 1 {
			parts = append(parts, textPart{s: o.Units.T("no reading"), col: Grey})
		}
		dc = headerLine(dc, o.glyph(ch.Name, i), o.colour(ch.Name, i), parts...)
	}
	dc = flagLegend(dc, children, from, o, kinds...)

	plots := make([][]*plot.Plot, len(ps))
	for k, pn := range ps {
		p := newPlot(o)
		p.Y.Min, p.Y.Max = pn.lo, pn.hi
		p.Y.Label.Text = o.Units.T(pn.label)
		p.Add(nowLine{o.Now, o.Units.T("now")})
		if k < len(ps)-1 {
			p.X.Tick.Label.Color = color.Transparent // the axis below carries the labels
		}
		var refs []*refLine
		if pn.refs != nil {
			refs = pn.refs(o)
		}
		for _, r := range refs {
			p.Add(r)
		}
		if len(refs) > 0 {
			p.Add(gutterLabels(refs))
		}
		for _, ch := range children {
			for _, pt := range inWindow(ch.Readings[pn.kind], from, o.Now) {
				if pn.grow > 0 && (pt.V > p.Y.Max || pt.V < p.Y.Min) {
					p.Y.Max = math.Max(p.Y.Max, math.Ceil(pt.V/pn.grow)*pn.grow)
					p.Y.Min = math.Min(p.Y.Min, math.Floor(pt.V/pn.grow)*pn.grow)
				}
			}
		}
		for i, ch := range children {
			pts := inWindow(ch.Readings[pn.kind], from, o.Now)
			p.Add(&series{pts: pts, col: o.colour(ch.Name, i), glyph: o.glyph(ch.Name, i), min: p.Y.Min, max: p.Y.Max})
		}
		p.Y.Tick.Marker = constTicks(p.Y.Min, p.Y.Max, pn.step, pn.minor)
		plots[k] = []*plot.Plot{p}
	}
	area := plotArea(dc)
	tiles := draw.Tiles{Rows: len(ps), Cols: 1, PadY: Px(30)}
	canvases := plot.Align(plots, tiles, area)
	for k := range plots {
		plots[k][0].Draw(canvases[k][0])
	}
}
