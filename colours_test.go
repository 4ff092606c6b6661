package medbot_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/medbot/medbot"
)

// deuteranopia is Machado, Oliveira and Fernandes (2009), severity 1, on
// linear RGB.
var deuteranopia = [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}

func linear(hex string) [3]float64 {
	var out [3]float64
	for i := range out {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			out[i] = c / 12.92
		} else {
			out[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return out
}

// lab is CIELAB (D65) of linear RGB.
func lab(c [3]float64) [3]float64 {
	x := (0.4124*c[0] + 0.3576*c[1] + 0.1805*c[2]) / 0.95047
	y := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	z := (0.0193*c[0] + 0.1192*c[1] + 0.9505*c[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func seenByDeuteranope(hex string) [3]float64 {
	c := linear(hex)
	var d [3]float64
	for i := range d {
		d[i] = deuteranopia[i][0]*c[0] + deuteranopia[i][1]*c[1] + deuteranopia[i][2]*c[2]
	}
	return lab(d)
}

func distance(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// minDeuteranopia is the threshold stated in colours.go.
const minDeuteranopia = 20

// TestColourScheme measures the scheme: at most
// eight things' colours, none a child's, each two at least 20 apart in
// CIELAB as a deuteranope sees them, and as far from the first two
// children's; every default medicine and event takes one of them; all
// dark enough to read on white.
func TestColourScheme(t *testing.T) {
	things := medbot.ThingColours
	if len(things) > 8 {
		t.Errorf("%d things' colours: a legend would have more than 8 hues", len(things))
	}
	for i, a := range things {
		if l := lab(linear(a))[0]; l > 72 {
			t.Errorf("%s: lightness %.0f is too pale on white", a, l)
		}
		for _, b := range things[i+1:] {
			if d := distance(seenByDeuteranope(a), seenByDeuteranope(b)); d < minDeuteranopia {
				t.Errorf("%s and %s are %.1f apart for a deuteranope", a, b, d)
			}
		}
		for _, c := range medbot.ChildColours[:2] {
			if a == c {
				t.Errorf("%s is a child's colour", a)
			}
			if d := distance(seenByDeuteranope(a), seenByDeuteranope(c)); d < minDeuteranopia {
				t.Errorf("%s is %.1f from the child's %s for a deuteranope", a, d, c)
			}
		}
	}
	fam := medbot.DefaultFamily()
	for name, col := range fam.Colours() {
		found := false
		for _, c := range things {
			found = found || c == col
		}
		if !found {
			t.Errorf("%s: %s is not one of the scheme's colours", name, col)
		}
	}
	fam.Medications = append(fam.Medications, medbot.Medicine{Name: "fexofenadine"})
	fam.AssignColours()
	if c, _ := fam.Medication("fexofenadine"); c.Colour == "" {
		t.Error("an added medicine got no colour")
	}
}
