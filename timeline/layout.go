package timeline

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
