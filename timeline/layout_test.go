package timeline

import (
	"math"
	"math/rand"
	"sort"
	"testing"
)

func checkLayout(t *testing.T, ideal, heights []float64, spacing, top, bottom float64, got []float64) {
	t.Helper()
	if len(got) != len(ideal) {
		t.Fatalf("got %d positions for %d labels", len(got), len(ideal))
	}
	const eps = 1e-6
	for i := range got {
		if got[i]-heights[i]/2 < top-eps || got[i]+heights[i]/2 > bottom+eps {
			t.Errorf("label %d at %v (h %v) outside [%v, %v]", i, got[i], heights[i], top, bottom)
		}
		if i > 0 {
			gap := (got[i] - heights[i]/2) - (got[i-1] + heights[i-1]/2)
			if gap < spacing-eps {
				t.Errorf("labels %d and %d overlap or are too close: gap %v < %v", i-1, i, gap, spacing)
			}
		}
	}
}

// cost is the sum of squared distances from the ideal positions.
func cost(ideal, got []float64) float64 {
	s := 0.0
	for i := range ideal {
		s += (got[i] - ideal[i]) * (got[i] - ideal[i])
	}
	return s
}

func TestLayoutTable(t *testing.T) {
	tests := []struct {
		name            string
		ideal, heights  []float64
		spacing, lo, hi float64
		want            []float64
	}{
		{"apart stay put", []float64{10, 50, 90}, []float64{10, 10, 10}, 2, 0, 100, []float64{10, 50, 90}},
		{"two collide: block at their mean", []float64{50, 52}, []float64{10, 10}, 2, 0, 100, []float64{45, 57}},
		{"three at one time", []float64{50, 50, 50}, []float64{10, 10, 10}, 0, 0, 100, []float64{40, 50, 60}},
		{"pushed off the top wall", []float64{0, 1}, []float64{10, 10}, 0, 0, 100, []float64{5, 15}},
		{"pushed off the bottom wall", []float64{99, 100}, []float64{10, 10}, 0, 0, 100, []float64{85, 95}},
		{"chain merges into one block", []float64{10, 20, 22, 80}, []float64{10, 10, 10, 10}, 0, 0, 100, []float64{7.333333, 17.333333, 27.333333, 80}},
		{"different heights", []float64{50, 50}, []float64{20, 40}, 0, 0, 200, []float64{35, 65}},
		{"one label", []float64{42}, []float64{10}, 0, 0, 100, []float64{42}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Layout(tt.ideal, tt.heights, tt.spacing, tt.lo, tt.hi)
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-5 {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
			checkLayout(t, tt.ideal, tt.heights, tt.spacing, tt.lo, tt.hi, got)
		})
	}
}

// TestLayoutOptimal compares with a brute-force check: no small move of
// any block of labels lowers the cost while keeping the constraints.
func TestLayoutOptimal(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.Intn(30)
		ideal := make([]float64, n)
		heights := make([]float64, n)
		for i := range ideal {
			ideal[i] = rng.Float64() * 1000
			heights[i] = 10 + rng.Float64()*30
		}
		sort.Float64s(ideal)
		spacing := rng.Float64() * 5
		if !fits(heights, spacing, 0, 1000) {
			continue
		}
		got := Layout(ideal, heights, spacing, 0, 1000)
		checkLayout(t, ideal, heights, spacing, 0, 1000, got)
		base := cost(ideal, got)
		// shift any contiguous run of labels a little: never better and feasible
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				for _, d := range []float64{-0.5, 0.5} {
					moved := append([]float64(nil), got...)
					for k := a; k <= b; k++ {
						moved[k] += d
					}
					if feasible(moved, heights, spacing, 0, 1000) && cost(ideal, moved) < base-1e-9 {
						t.Fatalf("trial %d: moving %d..%d by %v lowers cost %v -> %v", trial, a, b, d, base, cost(ideal, moved))
					}
				}
			}
		}
	}
}

func feasible(pos, heights []float64, spacing, top, bottom float64) bool {
	for i := range pos {
		if pos[i]-heights[i]/2 < top-1e-9 || pos[i]+heights[i]/2 > bottom+1e-9 {
			return false
		}
		if i > 0 && (pos[i]-heights[i]/2)-(pos[i-1]+heights[i-1]/2) < spacing-1e-9 {
			return false
		}
	}
	return true
}

func FuzzLayout(f *testing.F) {
	f.Add([]byte{10, 20, 30, 200, 7}, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, sp uint8) {
		if len(data) == 0 || len(data) > 200 {
			return
		}
		ideal := make([]float64, len(data))
		heights := make([]float64, len(data))
		for i, b := range data {
			ideal[i] = float64(b) * 4
			heights[i] = 8 + float64(b%17)
		}
		sort.Float64s(ideal)
		spacing := float64(sp % 10)
		bottom := needed(heights, spacing) + float64(sp)
		got := Layout(ideal, heights, spacing, 0, bottom)
		checkLayout(t, ideal, heights, spacing, 0, bottom, got)
	})
}

func BenchmarkLayout40(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	ideal := make([]float64, 40)
	heights := make([]float64, 40)
	for i := range ideal {
		ideal[i] = rng.Float64() * 1500
		heights[i] = 34
	}
	sort.Float64s(ideal)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Layout(ideal, heights, 6, 0, 1600)
	}
}
