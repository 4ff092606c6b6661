// Package chartstest reads recorded drawings for the tests of the
// renderers (charts, timeline): where text and markers landed.
package chartstest

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/recorder"
)

// Box is a rectangle in points.
type Box struct{ X0, Y0, X1, Y1 vg.Length }

// Meets reports whether two boxes overlap.
func (a Box) Meets(b Box) bool { return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1 }

// Coloured is a string drawn and the colour it was drawn in.
type Coloured struct {
	S   string
	Col color.Color
}

// Strings reads a recorded drawing's strings with their colours, in order.
func Strings(actions []recorder.Action) []Coloured {
	var out []Coloured
	var col color.Color
	for _, a := range actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			col = a.Color
		case *recorder.FillString:
			out = append(out, Coloured{a.String, col})
		}
	}
	return out
}

// Text is a string drawn and the box it takes.
type Text struct {
	S string
	Box
}

// TextAndMarks reads a recorded drawing: its strings with their boxes, and
// the boxes of its small filled shapes (markers: under maxMark on both
// sides; bands and backgrounds are larger).
func TextAndMarks(actions []recorder.Action, maxMark vg.Length) (texts []Text, marks []Box) {
	for _, a := range actions {
		switch a := a.(type) {
		case *recorder.FillString:
			f := font.DefaultCache.Lookup(a.Font, a.Size)
			ext := f.Extents()
			texts = append(texts, Text{a.String, Box{a.Point.X, a.Point.Y - ext.Descent*0.5, a.Point.X + f.Width(a.String), a.Point.Y + ext.Ascent*0.8}})
		case *recorder.Fill:
			b := Box{1e9, 1e9, -1e9, -1e9}
			for _, c := range a.Path {
				if c.Type == vg.CloseComp {
					continue
				}
				r := c.Radius
				b.X0, b.X1 = min(b.X0, c.Pos.X-r), max(b.X1, c.Pos.X+r)
				b.Y0, b.Y1 = min(b.Y0, c.Pos.Y-r), max(b.Y1, c.Pos.Y+r)
			}
			if b.X1-b.X0 < maxMark && b.Y1-b.Y0 < maxMark {
				marks = append(marks, b)
			}
		}
	}
	return texts, marks
}

// TextOverMarks says, for each string drawn over a marker, which and where.
func TextOverMarks(texts []Text, marks []Box) []string {
	var out []string
	for _, t := range texts {
		for _, m := range marks {
			if t.Meets(m) {
				out = append(out, fmt.Sprintf("%q drawn over a marker at %v", t.S, m))
				break
			}
		}
	}
	return out
}
