package timeline

import (
	"github.com/medbot/medbot"

	"sort"
	"strings"
	"time"

	"github.com/medbot/medbot/charts"
)

// Layout places labels along one axis without overlap. ideal are the
// labels' preferred centres (sorted ascending), heights their extents,
// spacing the least gap between neighbours, and [top, bottom] the room
// they must stay in. It returns centres that keep the labels' order, keep
// every gap, stay inside the room when they fit, and minimise the sum of
// squared distances from the ideal centres: labella's one-layer problem,
// solved exactly by isotonic regression (pool adjacent violators) in O(n).
//
// When the labels cannot fit, they are centred in the room and overflow it
// evenly; callers grow the room instead (see fits).
func Layout(ideal, heights []float64, spacing, top, bottom float64) []float64 {
	n := len(ideal)
	if n == 0 {
		return nil
	}
	// c[i]: offset of label i from label 0 when all are packed tight.
	c := make([]float64, n)
	for i := 1; i < n; i++ {
		c[i] = c[i-1] + (heights[i-1]+heights[i])/2 + spacing
	}
	// isotonic regression of y_i = ideal_i - c_i, non-decreasing
	type block struct {
		sum   float64
		count int
	}
	blocks := make([]block, 0, n)
	for i := 0; i < n; i++ {
		blocks = append(blocks, block{ideal[i] - c[i], 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{a.sum + b.sum, a.count + b.count})
		}
	}
	lo := top + heights[0]/2
	hi := bottom - heights[n-1]/2 - c[n-1]
	if lo > hi {
		lo = (lo + hi) / 2
		hi = lo
	}
	out := make([]float64, 0, n)
	for _, b := range blocks {
		y := b.sum / float64(b.count)
		if y < lo {
			y = lo
		}
		if y > hi {
			y = hi
		}
		for k := 0; k < b.count; k++ {
			out = append(out, y+c[len(out)])
		}
	}
	return out
}

// fits reports whether labels of these heights fit in [top, bottom].
func fits(heights []float64, spacing, top, bottom float64) bool {
	return needed(heights, spacing) <= bottom-top
}

// needed is the room labels take when packed tight.
func needed(heights []float64, spacing float64) float64 {
	total := 0.0
	for i, h := range heights {
		total += h
		if i > 0 {
			total += spacing
		}
	}
	return total
}

func legendOf(items []item, u medbot.Units) []legendEntry {
	seen := map[string]bool{}
	var out []legendEntry
	for _, it := range items {
		name := it.Name
		if it.Kind == temperatureItem {
			name = u.T("temperature")
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if r := []rune(name); len(r) > maxLegendRunes {
			name = string(r[:maxLegendRunes-1]) + "…"
		}
		out = append(out, legendEntry{name: name, colour: it.Colour, marker: it.marker})
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
