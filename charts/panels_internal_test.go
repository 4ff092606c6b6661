package charts

import (
	"slices"
	"testing"

	"github.com/medbot/medbot"
)

// TestEveryReadingHasAPlace: each reading kind of medbot.Kinds is drawn
// by a vitals panel or named as drawn elsewhere: a new reading kind
// fails here until it has a place.
func TestEveryReadingHasAPlace(t *testing.T) {
	for _, k := range medbot.Readings {
		in := slices.ContainsFunc(panels, func(p panel) bool { return p.kind == k })
		if in == slices.Contains(Unplotted, k) {
			t.Errorf("%s: in a panel %v, named unplotted %v: want exactly one", k, in, !in)
		}
	}
}
