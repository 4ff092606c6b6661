package charts

import (
	"github.com/medbot/medbot"

	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SpO2 reference lines, %.
const (
	SpO2Normal = 95.0
	SpO2Low    = 92.0
)

// HasVitals reports whether any child has SpO2 or heart-rate readings in
// the window.
func HasVitals(obs []medbot.Observation, o Options) bool {
	o.defaults()
	return hasVitals(seriesOf(obs, o), o)
}

func hasVitals(children []child, o Options) bool {
	from := o.Now.Add(-o.Window)
	for _, ch := range children {
		if len(inWindow(ch.SpO2, from, o.Now)) > 0 || len(inWindow(ch.HR, from, o.Now)) > 0 {
			return true
		}
	}
	return false
}

// Vitals draws SpO2 and heart rate, one panel each on the same time axis,
// as a PNG.
func Vitals(obs []medbot.Observation, o Options) ([]byte, error) {
	o.defaults()
	return Render(o.Width, o.Height, func(dc draw.Canvas) { DrawVitals(dc, obs, o) })
}

// DrawVitals draws the vitals chart on any canvas.
func DrawVitals(dc draw.Canvas, obs []medbot.Observation, o Options) {
	o.defaults()
	children := seriesOf(obs, o)
	from := o.Now.Add(-o.Window)
	dc = header(dc, "Oxygen (SpO2) and heart rate, last "+medbot.WindowName(o.Window))
	if !hasVitals(children, o) {
		noData(dc, "No SpO2 or heart rate recorded in the last "+medbot.WindowName(o.Window)+".")
		return
	}
	for i, ch := range children {
		sp := inWindow(ch.SpO2, from, o.Now)
		hr := inWindow(ch.HR, from, o.Now)
		parts := []textPart{{s: ch.Name + ": ", col: o.colour(ch.Name, i), bold: true}}
		if len(sp) == 0 && len(hr) == 0 {
			parts = append(parts, textPart{s: "no reading", col: Grey})
		}
		if len(sp) > 0 {
			l := sp[len(sp)-1]
			parts = append(parts, textPart{s: fmt.Sprintf("SpO2 %.0f%%", l.V), col: Black, bold: l.V < SpO2Low},
				textPart{s: " at " + o.Units.Clock(l.At, o.Zone) + dayNote(l.At, o.Now, o.Zone) + "  ", col: Black})
		}
		if len(hr) > 0 {
			l := hr[len(hr)-1]
			parts = append(parts, textPart{s: fmt.Sprintf("HR %.0f", l.V), col: Black},
				textPart{s: " at " + o.Units.Clock(l.At, o.Zone) + dayNote(l.At, o.Now, o.Zone), col: Black})
		}
		dc = headerLine(dc, o.glyph(ch.Name, i), o.colour(ch.Name, i), parts...)
	}

	sp := newPlot(o)
	sp.Y.Min, sp.Y.Max = 84, 100
	sp.Y.Label.Text = "SpO2 %"
	sp.Y.Tick.Marker = constTicks(84, 100, 4, 2)
	sp.X.Tick.Label.Color = color.Transparent // the axis below carries the labels
	spRefs := []*refLine{
		{y: SpO2Normal, col: Ok, dashes: []vg.Length{Px(4), Px(10)}, value: "95", word: "normal"},
		{y: SpO2Low, col: Fever, dashes: []vg.Length{Px(18), Px(10)}, value: "92", word: "low"},
	}
	for _, r := range spRefs {
		sp.Add(r)
	}
	sp.Add(gutterLabels(spRefs))
	sp.Add(nowLine{o.Now})
	hp := newPlot(o)
	hp.Add(nowLine{o.Now})
	hp.Y.Min, hp.Y.Max = 40, 200
	hp.Y.Label.Text = "heart rate"
	hp.Y.Tick.Marker = constTicks(40, 200, 40, 20)
	for i, ch := range children {
		sp.Add(&series{pts: inWindow(ch.SpO2, from, o.Now), col: o.colour(ch.Name, i), glyph: o.glyph(ch.Name, i), min: 84, max: 100})
		hr := inWindow(ch.HR, from, o.Now)
		hp.Add(&series{pts: hr, col: o.colour(ch.Name, i), glyph: o.glyph(ch.Name, i), min: 40, max: 200})
		for _, p := range hr {
			if p.V > hp.Y.Max || p.V < hp.Y.Min {
				hp.Y.Max = math.Max(hp.Y.Max, math.Ceil(p.V/40)*40)
			}
		}
	}
	area := plotArea(dc)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: Px(30)}
	canvases := plot.Align([][]*plot.Plot{{sp}, {hp}}, tiles, area)
	sp.Draw(canvases[0][0])
	hp.Draw(canvases[1][0])
}
