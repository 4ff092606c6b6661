// Package timeline draws one child's day as a vertical timeline: a time
// axis, a coloured marker at each record's exact time (one colour per
// medication or kind of event), and a label beside it such as
// "14:05 Paracetamol 5 ml (Dad)". Labels never overlap, keep time order,
// stay inside the image and sit as close to their time as possible (see
// Layout); a label that had to move gets a leader to its time. Records a
// few minutes apart share one line. Data in, image bytes out: the package
// knows nothing of Signal or SQLite.
package timeline

import (
	"fmt"

	"github.com/medbot/medbot"

	"image/color"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/medbot/medbot/charts"
)

// kind styles an item.
type kind int

// item kinds.
const (
	doseItem kind = iota
	eventItem
	temperatureItem // drawn in its own style: a ring marker and bold red-brown text
	vitalItem
	noteItem
)

// item is one record on the timeline, as it is drawn.
type item struct {
	At     time.Time
	Kind   kind
	Name   string // legend name: the medication or event ("paracetamol")
	Text   string // what happened, without time or sender ("Paracetamol 5 ml")
	Sender string // who wrote it ("Dad"); may be empty
	Colour string // "#rrggbb"
	Fever  bool   // a temperature of 38 °C or more
	// Breach names the limits a dose broke ("too soon"), from
	// medbot.JudgeDoses; "" within them.
	Breach string
}

// Options say which window to draw and how.
type Options struct {
	Child  string
	Now    time.Time
	Window time.Duration // default 24 h
	Zone   *time.Location
	Units  medbot.Units
	// Colours are the medicines' and events' colours by name ("#rrggbb").
	Colours map[string]string
	// Medicines are the family's medicines with their limits: a dose that
	// broke one (medbot.JudgeDoses) is marked on its line.
	Medicines []medbot.Medicine
	// Merge joins records this close into one line; 0 (the default):
	// records of the same minute only. When the labels do not fit the
	// tallest image, records further apart are joined, each with its own
	// time.
	Merge time.Duration
	// Flags are the child's flags (medbot.JudgeFlags): a reading under one
	// is written bold red, as a fever is.
	Flags []medbot.Flag
	// Fever is the family's fever line, °C; 0: medbot.FeverC.
	Fever float64
	// Width in pixels (default 1080); MaxHeight bounds the image (default 1600).
	Width, MaxHeight int
}

func (o *Options) defaults() {
	if o.Window <= 0 {
		o.Window = 24 * time.Hour
	}
	charts.Frame(&o.Zone, &o.Now, &o.Width)
	if o.MaxHeight <= 0 {
		o.MaxHeight = 1600
	}
}

// Sizes in pixels.
const (
	pad       = 32.0
	axisX     = 210.0 // the time axis
	labelX    = 300.0 // where labels start
	lineH     = 36.0  // one line of label text
	spacing   = 6.0   // least gap between labels
	minAxis   = 700.0 // the shortest time axis
	headerH   = 150.0
	legendRow = 44.0
	maxLines  = 3 // lines of one label before it is cut
	// markerRoom is how far right of the axis a line's markers may go:
	// their radius (16 with the white edge) short of the labels' leaders.
	markerRoom = labelX - 12 - 16 - axisX - 16
)

// line is one label: records within the merge window.
type line struct {
	at    time.Time // the first record's time
	items []item
	words [][]word // wrapped text, styled
}

// word is a word of a label; fever words (a fever reading, a dose outside
// the limits) are drawn bold red.
type word struct {
	s     string
	fever bool
}

func (o Options) fever() float64 {
	if o.Fever > 0 {
		return o.Fever
	}
	return medbot.FeverC
}

// flagged reports whether reading ob stands under a flag.
func (o Options) flagged(ob medbot.Observation) bool { return medbot.LevelOf(o.Flags, ob) > 0 }

// itemOf is how an observation is drawn: its label text, legend name and
// colour.
func itemOf(ob medbot.Observation, o Options) item {
	it := item{At: ob.At, Sender: ob.Sender, Name: ob.Name, Colour: o.Colours[ob.Name]}
	info := ob.Kind.Info()
	switch {
	case ob.Kind == medbot.Temperature:
		it.Kind = temperatureItem
		it.Text = o.Units.Temperature(ob.Value)
		it.Fever = ob.Value >= o.fever() || o.flagged(ob)
	case info.Class == medbot.ReadingClass:
		it.Kind, it.Name, it.Text, it.Colour = vitalItem, info.Name, info.Label+" "+info.Value(ob.Value), info.Colour
		it.Fever = o.flagged(ob)
	}
	switch ob.Kind {
	case medbot.Medication:
		it.Kind = doseItem
		it.Text = medbot.Capitalise(ob.Describe())
	case medbot.Event:
		it.Kind = eventItem
		it.Text = medbot.Capitalise(ob.Name) // the parent's full words are in the report
	case medbot.Note:
		it.Kind, it.Name, it.Colour = noteItem, "note", medbot.NoteColour
		it.Text = "Note: " + ob.Text
	}
	// drawn as the font can: an emoji in a name or a note is □, never
	// a failure (issue 25)
	it.Sender, _ = charts.Printable(it.Sender)
	it.Text, _ = charts.Printable(it.Text)
	it.Name, _ = charts.Printable(it.Name)
	return it
}

// maxLegendRunes bounds a legend entry: a long name is cut, not drawn off
// the picture's edge.
const maxLegendRunes = 28

// Picture is a laid-out timeline, ready to draw.
type Picture struct {
	o                   Options
	lines               []line
	ideal               []float64 // label centres at their times, px from the top of the image
	pos                 []float64 // label centres after layout
	height              int       // px
	legend              []legendEntry
	axisTop, axisBottom float64
}

type legendEntry struct {
	name, colour string
	kind         kind
}

var (
	bodyFace = func() font.Face { return charts.Sans(charts.SmallPx) }
	boldFace = func() font.Face { return charts.SansBold(charts.SmallPx) }
	tempCol  = charts.ParseHex(medbot.TemperatureColour)
)

// Plan lays out o.Child's records in the window: everything but the
// drawing.
func Plan(obs []medbot.Observation, o Options) *Picture {
	o.defaults()
	from := o.Now.Add(-o.Window)
	breaches := map[string][]string{} // message id and medicine -> rules broken
	for _, m := range o.Medicines {
		var own []medbot.Observation
		for _, ob := range obs {
			if ob.Child == o.Child {
				own = append(own, ob)
			}
		}
		for _, br := range medbot.JudgeDoses(m, own, o.Now, o.Zone).Breaches {
			k := fmt.Sprint(br.Dose.MessageID, m.Name, br.Dose.At.Unix())
			breaches[k] = append(breaches[k], br.Rule.String())
		}
	}
	var in []item
	for _, ob := range obs {
		if ob.Child == o.Child && !ob.At.Before(from) && !ob.At.After(o.Now) {
			it := itemOf(ob, o)
			if ob.Kind == medbot.Medication {
				it.Breach = strings.Join(breaches[fmt.Sprint(ob.MessageID, ob.Name, ob.At.Unix())], ", ")
			}
			in = append(in, it)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return in[i].At.Before(in[j].At) })
	pic := &Picture{o: o}
	pic.legend = legendOf(in)
	legendH := float64(legendRows(pic.legend, float64(o.Width))) * legendRow
	merge := o.Merge
	for {
		pic.lines = mergeLines(in, merge, o)
		heights := pic.heights()
		room := float64(o.MaxHeight) - headerH - legendH - 2*pad
		need := needed(heights, spacing) + lineH
		if need <= room || merge >= 4*time.Hour {
			axis := need * 1.15
			if axis < minAxis {
				axis = minAxis
			}
			if axis > room {
				axis = room
			}
			pic.axisTop = headerH + lineH/2
			pic.axisBottom = pic.axisTop + axis - lineH
			pic.height = int(headerH + axis + legendH + 2*pad)
			break
		}
		// too many lines for the longest image: merge more
		if merge == 0 {
			merge = 5 * time.Minute
		} else {
			merge *= 2
		}
	}
	span := o.Window.Seconds()
	pic.ideal = make([]float64, len(pic.lines))
	for i, l := range pic.lines {
		pic.ideal[i] = pic.axisTop + (pic.axisBottom-pic.axisTop)*l.at.Sub(from).Seconds()/span
	}
	pic.pos = Layout(pic.ideal, pic.heights(), spacing, pic.axisTop-lineH/2, pic.axisBottom+lineH/2)
	return pic
}

func (p *Picture) heights() []float64 {
	h := make([]float64, len(p.lines))
	for i, l := range p.lines {
		h[i] = float64(len(l.words)) * lineH
	}
	return h
}

// Lines returns the label texts, one string per label.
func (p *Picture) Lines() []string {
	out := make([]string, len(p.lines))
	for i, l := range p.lines {
		var ws []string
		for _, wl := range l.words {
			for _, w := range wl {
				ws = append(ws, w.s)
			}
		}
		out[i] = strings.Join(ws, " ")
	}
	return out
}

// Height returns the image height in pixels.
func (p *Picture) Height() int { return p.height }

func legendOf(items []item) []legendEntry {
	seen := map[string]bool{}
	var out []legendEntry
	for _, it := range items {
		name := it.Name
		if it.Kind == temperatureItem {
			name = "temperature"
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if r := []rune(name); len(r) > maxLegendRunes {
			name = string(r[:maxLegendRunes-1]) + "…"
		}
		out = append(out, legendEntry{name: name, colour: it.Colour, kind: it.Kind})
	}
	return out
}

func legendRows(l []legendEntry, width float64) int {
	if len(l) == 0 {
		return 0
	}
	rows, x := 1, pad
	f := bodyFace()
	for _, e := range l {
		w := 40 + float64(charts.TextWidth(f, e.name))*2 + 30 // glyph, text (pt->px), gap
		if x+w > width-pad && x > pad {
			rows++
			x = pad
		}
		x += w
	}
	return rows + 1 // the "Colours:" heading row
}

// mergeLines groups items less than merge apart into lines and wraps them.
func mergeLines(items []item, merge time.Duration, o Options) []line {
	var out []line
	for _, it := range items {
		if n := len(out); n > 0 && joins(out[n-1].at, it.At, merge) {
			out[n-1].items = append(out[n-1].items, it)
			continue
		}
		out = append(out, line{at: it.At, items: []item{it}})
	}
	width := float64(o.Width) - labelX - pad
	for i := range out {
		// a dose outside the limits first: a label cut short never hides it
		sort.SliceStable(out[i].items, func(a, b int) bool { return out[i].items[a].Breach != "" && out[i].items[b].Breach == "" })
		out[i].words = wrap(labelWords(out[i], o), width)
	}
	return out
}

// joins reports whether a record at t joins the line at first: the same
// minute, or within merge.
func joins(first, t time.Time, merge time.Duration) bool {
	if merge == 0 {
		return t.Truncate(time.Minute).Equal(first.Truncate(time.Minute))
	}
	return t.Sub(first) <= merge
}

// labelWords writes a line: "14:05 Paracetamol 5 ml (Dad), 38.4 °C
// (Mum)". Each record keeps its sender; one at another minute than the
// line's keeps its own time ("14:05 39.0 °C (Dad), 14:08 38.5 °C (Mum)").
func labelWords(l line, o Options) []word {
	out := []word{{s: o.Units.Clock(l.at, o.Zone)}}
	minute := l.at.Truncate(time.Minute)
	for k, it := range l.items {
		if k > 0 && !it.At.Truncate(time.Minute).Equal(minute) {
			out = append(out, word{s: o.Units.Clock(it.At, o.Zone)})
		}
		for _, w := range strings.Fields(it.Text) {
			out = append(out, word{s: w, fever: it.Fever})
		}
		if it.Breach != "" {
			// a dose outside the family's limits says so, in bold red
			for _, w := range strings.Fields("– " + it.Breach) {
				out = append(out, word{s: w, fever: true})
			}
		}
		last := k == len(l.items)-1
		if it.Sender != "" && (last || l.items[k+1].Sender != it.Sender) {
			out = append(out, word{s: "(" + it.Sender + ")"})
		}
		if !last {
			out[len(out)-1].s += ","
		}
	}
	return out
}

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
	charts.FillText(dc, charts.SansBold(charts.TitlePx), charts.Black, pt(pad, pad+charts.TitlePx), o.Child+", last "+medbot.WindowName(o.Window))
	sub := from.In(o.Zone).Format("Mon 2 Jan ") + o.Units.Clock(from, o.Zone) + " to " + o.Now.In(o.Zone).Format("Mon 2 Jan ") + o.Units.Clock(o.Now, o.Zone)
	charts.FillText(dc, charts.Sans(charts.SmallPx), charts.Grey, pt(pad, pad+charts.TitlePx+48), sub)

	if len(p.lines) == 0 {
		st := charts.TextStyle(charts.Sans(charts.BodyPx), charts.Grey)
		st.XAlign = draw.XCenter
		dc.FillText(st, pt(float64(o.Width)/2, H/2), "Nothing recorded for "+o.Child+" in the last "+medbot.WindowName(o.Window)+".")
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
			dc.FillText(st, pt(axisX-36, y+lineH*0.3), t.Format("Mon 2"))
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
		text(boldFace(), charts.Black, pad, y, "Colours:")
		y += legendRow
		x := pad
		f := bodyFace()
		for _, e := range p.legend {
			w := 40 + float64(charts.TextWidth(f, e.name))*2 + 30
			if x+w > float64(o.Width)-pad && x > pad {
				x = pad
				y += legendRow
			}
			drawMarker(dc, item{Kind: e.kind, Colour: e.colour}, pt(x+14, y+lineH/2))
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
	// a shape per kind: medicines ●, events ▲, SpO2 and heart rate ■,
	// temperature ○, notes △ (the scheme's eight colours are shared)
	shape, edge := draw.GlyphDrawer(draw.CircleGlyph{}), draw.GlyphDrawer(draw.CircleGlyph{})
	switch it.Kind {
	case temperatureItem:
		col, shape = tempCol, draw.RingGlyph{}
	case vitalItem:
		shape, edge, r = draw.BoxGlyph{}, draw.BoxGlyph{}, r-charts.Px(2)
	case eventItem:
		shape, edge = draw.PyramidGlyph{}, draw.PyramidGlyph{}
	case noteItem:
		shape, edge = draw.TriangleGlyph{}, draw.PyramidGlyph{}
	}
	dc.DrawGlyphNoClip(draw.GlyphStyle{Color: charts.White, Radius: r + charts.Px(3), Shape: edge}, at)
	dc.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: r, Shape: shape}, at)
}
