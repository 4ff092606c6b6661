package charts

import (
	"slices"

	"github.com/medbot/medbot"

	"image/color"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
	// Flags are the children's flags (medbot.JudgeFlags): a reading under
	// one is ringed, amber or red.
	Flags []medbot.Flag
	// Fever is the family's fever line, °C (medbot.Family.Fever); 0:
	// medbot.FeverC.
	Fever float64
	// Width and Height in pixels (default 1080×1350).
	Width, Height int
}

// fever is the fever line drawn and made bold.
func (o Options) fever() float64 {
	if o.Fever > 0 {
		return o.Fever
	}
	return medbot.FeverC
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

func (o *Options) defaults() {
	if o.Window <= 0 {
		o.Window = 72 * time.Hour
	}
	Frame(&o.Zone, &o.Now, &o.Width)
	if o.Height <= 0 {
		o.Height = 1350
	}
}

// Reference lines, °C: the fever and low lines are medbot's
// (medbot.FeverC, the family's own, and medbot.LowTemperatureC).
const (
	NormalC = 36.4
	minC    = 35.0
	maxC    = 41.0
)

// Temperature draws the temperature chart as a PNG.
func Temperature(obs []medbot.Observation, o Options) ([]byte, error) {
	return o.png(obs, DrawTemperature)
}

// png draws a chart of obs as a PNG of the options' size.
func (o Options) png(obs []medbot.Observation, chart func(draw.Canvas, []medbot.Observation, Options)) ([]byte, error) {
	o.defaults()
	return Render(o.Width, o.Height, func(dc draw.Canvas) { chart(dc, obs, o) })
}

// DrawTemperature draws the temperature chart on any canvas (PNG, PDF, SVG).
func DrawTemperature(dc draw.Canvas, obs []medbot.Observation, o Options) {
	o.defaults()
	children := seriesOf(obs, o)
	from := o.Now.Add(-o.Window)
	dc = header(dc, o.Units.F("Temperature, last %s", o.Units.Window(o.Window)))
	any := false
	for i, ch := range children {
		temps := inWindow(ch.Readings[medbot.Temperature], from, o.Now)
		if len(temps) > 0 {
			any = true
		}
		parts := []textPart{{s: ch.Name + ": ", col: o.colour(ch.Name, i), bold: true}}
		if len(temps) == 0 {
			parts = append(parts, textPart{s: o.Units.F("no reading in %s", o.Units.Within(o.Window)), col: Grey})
		} else {
			last := temps[len(temps)-1]
			parts = append(parts, textPart{s: o.Units.Decimal(o.Units.TemperatureValue(last.V), 1) + " " + o.Units.TemperatureUnit(), col: Black, bold: last.V >= o.fever()},
				textPart{s: atText(last.At, o.Now, o.Zone, o.Units), col: Black})
		}
		dc = headerLine(dc, o.glyph(ch.Name, i), o.colour(ch.Name, i), parts...)
	}
	if !any {
		noData(dc, o.Units.F("No temperatures recorded in the last %s.", o.Units.Within(o.Window)))
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
	dc = flagLegend(dc, children, from, o, medbot.Temperature)

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
	p.Add(&band{lo: tMin, hi: o.Units.TemperatureValue(medbot.LowTemperatureC), col: color.RGBA{0xe3, 0xf0, 0xfb, 0xff}})
	if rows > 0 {
		p.Add(&band{lo: yMin, hi: tMin, col: color.RGBA{0xf4, 0xf4, 0xf4, 0xff}})
	}
	refs := []*refLine{
		{y: o.Units.TemperatureValue(NormalC), col: Ok, dashes: []vg.Length{Px(4), Px(10)}, value: o.Units.Decimal(o.Units.TemperatureValue(NormalC), 1), word: o.Units.T("normal")},
		{y: o.Units.TemperatureValue(o.fever()), col: Fever, dashes: []vg.Length{Px(18), Px(10)}, value: o.Units.Decimal(o.Units.TemperatureValue(o.fever()), 1), word: o.Units.T("fever")},
		{y: (tMin + o.Units.TemperatureValue(medbot.LowTemperatureC)) / 2, col: color.RGBA{0x1f, 0x5f, 0x9f, 0xff}, value: "< " + o.Units.Number(math.Round(o.Units.TemperatureValue(medbot.LowTemperatureC)*10)/10), word: o.Units.T("low"), noLine: true},
	}
	if rows > 0 {
		refs = append(refs, &refLine{y: tMin, col: Black, value: o.Units.T("doses"), below: true})
	}
	for _, r := range refs {
		p.Add(r)
	}
	p.Add(nowLine{o.Now, o.Units.T("now")})
	for i, ch := range children {
		temps := inWindow(ch.Readings[medbot.Temperature], from, o.Now)
		pts := make([]point, len(temps))
		for k, t := range temps {
			pts[k] = point{At: t.At, V: o.Units.TemperatureValue(t.V), flag: t.flag}
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
