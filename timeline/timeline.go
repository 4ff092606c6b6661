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

	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot/font"

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
	marker medbot.Marker
	Fever  bool // a temperature over the fever line, or a reading under a flag
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
	it.marker = info.Marker
	switch {
	case ob.Kind == medbot.Temperature:
		it.Kind = temperatureItem
		it.Text = o.Units.Temperature(ob.Value)
		it.Fever = ob.Value >= o.fever() || o.flagged(ob)
	case info.Class == medbot.ReadingClass:
		it.Kind, it.Name, it.Text, it.Colour = vitalItem, o.Units.T(info.Name), o.Units.T(info.Label)+" "+o.Units.Value(ob.Kind, ob.Value), info.Colour
		it.Fever = o.flagged(ob)
	}
	switch ob.Kind {
	case medbot.Medication:
		it.Kind = doseItem
		it.Text = medbot.Capitalise(o.Units.Describe(ob))
		it.Name = o.Units.T(ob.Name)
	case medbot.Event:
		it.Kind = eventItem
		it.Text = medbot.Capitalise(o.Units.T(ob.Name)) // the parent's full words are in the report
		it.Name = o.Units.T(ob.Name)
	case medbot.Note:
		it.Kind, it.Name, it.Colour = noteItem, o.Units.T("note"), medbot.NoteColour
		it.Text = o.Units.F("Note: %s", ob.Text)
	}
	// drawn as the font can: an emoji in a name or a note is □, never
	// a failure
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
	marker       medbot.Marker
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
			breaches[k] = append(breaches[k], br.Rule.In(o.Units))
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
	pic.legend = legendOf(in, o.Units)
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
