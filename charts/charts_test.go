package charts_test

import (
	"bytes"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/charts/chartstest"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

var now = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

type drawn = chartstest.Coloured

// record draws on a recorder and returns every text with its colour.
func record(f func(draw.Canvas)) []drawn {
	rec := &recorder.Canvas{}
	f(draw.NewCanvas(rec, charts.Px(1080), charts.Px(1350)))
	return chartstest.Strings(rec.Actions)
}

func find(ds []drawn, s string) []drawn {
	var out []drawn
	for _, d := range ds {
		if strings.Contains(d.S, s) {
			out = append(out, d)
		}
	}
	return out
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestTemperatureDrawing(t *testing.T) {
	ds := record(func(c draw.Canvas) { charts.DrawTemperature(c, sample(now), options(now)) })
	for _, want := range []string{"Temperature, last 3 days", "38.0", "fever", "36.4", "normal", "< 36", "low", "doses", "paracetamol", "ibuprofen", "°C", "Fri 20", "Thu 19", "now"} {
		if len(find(ds, want)) == 0 {
			t.Errorf("no %q drawn", want)
		}
	}
	if f := find(ds, "fever"); len(f) != 1 || !sameColour(f[0].Col, charts.Fever) {
		t.Errorf("fever label: %+v", f)
	}
	// each child's name once, in the child's colour; Zoë with her accent
	for i, name := range []string{"Freya", "Zoë"} {
		f := find(ds, name+":")
		if len(f) != 1 || !sameColour(f[0].Col, charts.ChildColour(i)) {
			t.Errorf("%s: %+v", name, f)
		}
	}
	// the latest reading and its time
	if len(find(ds, " at 14:05")) == 0 || len(find(ds, " at 13:48")) == 0 {
		t.Error("latest readings' times not drawn")
	}
	// no emoji, no characters the fonts lack
	for _, d := range ds {
		for _, r := range d.S {
			if r > 0x2000 && r != '…' {
				t.Errorf("character %q in %q renders blank", r, d.S)
			}
		}
	}
}

func TestTemperatureFahrenheit(t *testing.T) {
	ds := record(func(c draw.Canvas) {
		charts.DrawTemperature(c, sample(now), withUnits(options(now), medbot.Units{Fahrenheit: true, Clock12: true}))
	})
	for _, want := range []string{"100.4", "fever", "97.5", "normal", "°F", "2:05pm"} {
		if len(find(ds, want)) == 0 {
			t.Errorf("no %q drawn", want)
		}
	}
}

func TestNoData(t *testing.T) {
	ds := record(func(c draw.Canvas) {
		charts.DrawTemperature(c, nil, charts.Options{Now: now, Zone: london, Children: []string{"Rory"}})
	})
	if len(find(ds, "No temperatures recorded in the last 3 days")) != 1 {
		t.Error("no-data message missing")
	}
	ds = record(func(c draw.Canvas) {
		charts.DrawVitals(c, nil, charts.Options{Now: now, Zone: london, Children: []string{"Rory"}})
	})
	if len(find(ds, "No SpO2, heart rate or breathing rate recorded")) != 1 {
		t.Error("vitals no-data message missing")
	}
}

func TestVitalsDrawing(t *testing.T) {
	ds := record(func(c draw.Canvas) { charts.DrawVitals(c, sample(now), options(now)) })
	for _, want := range []string{"≤ 95", "amber", "SpO2 %", "heart rate", "HR "} {
		if len(find(ds, want)) == 0 {
			t.Errorf("no %q drawn", want)
		}
	}
}

func TestPNGLimits(t *testing.T) {
	for name, f := range map[string]func() ([]byte, error){
		"temperature": func() ([]byte, error) { return charts.Temperature(sample(now), options(now)) },
		"vitals":      func() ([]byte, error) { return charts.Vitals(sample(now), options(now)) },
		"empty":       func() ([]byte, error) { return charts.Temperature(nil, options(now)) },
	} {
		b, err := f()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if img.Bounds().Dx() != 1080 || img.Bounds().Dy() != 1350 || len(b) > 200<<10 {
			t.Errorf("%s: %v, %d bytes", name, img.Bounds(), len(b))
		}
	}
}

// TestGoldens compares with reviewed images, approximately (anti-aliasing
// differs across CPUs). Regenerate with: go test ./charts -update
func TestGoldens(t *testing.T) {
	scene, o := fixedCases(now)
	fahrenheit := o
	fahrenheit.Units.Fahrenheit = true
	for name, f := range map[string]func() ([]byte, error){
		"temperature": func() ([]byte, error) { return charts.Temperature(sample(now), options(now)) },
		"vitals":      func() ([]byte, error) { return charts.Vitals(sample(now), options(now)) },
		// faults once found, each on the scene that showed it: a 38.1 at
		// now under the fever label, a low reading among the doses in °F,
		// doses given together, an SpO2 of 96 under its normal label
		"case-fever-at-now":      func() ([]byte, error) { return charts.Temperature(scene, o) },
		"case-low-in-fahrenheit": func() ([]byte, error) { return charts.Temperature(scene, fahrenheit) },
		"case-spo2-96-at-now":    func() ([]byte, error) { return charts.Vitals(scene, o) },
		// flags: a toddler's sats and breathing, amber and red rings
		"case-flags-vitals":      func() ([]byte, error) { fo, fl := flagScene(now); return charts.Vitals(fl, fo) },
		"case-flags-temperature": func() ([]byte, error) { fo, fl := flagScene(now); return charts.Temperature(fl, fo) },
	} {
		got, err := f()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".golden.png")
		if *update {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./charts -update and look at the image)", err)
		}
		ok, err := cmpimg.EqualApprox("png", got, want, 0.1)
		if err != nil || !ok {
			os.WriteFile(filepath.Join(t.TempDir(), name+".png"), got, 0o644)
			t.Errorf("%s differs from its golden (%v)", name, err)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	// across the spring DST change: midnights stay on local midnight
	end := time.Date(2026, 3, 30, 12, 0, 0, 0, london)
	ticks := charts.TimeTicks(london, 450, 60, medbot.Units{}).Ticks(float64(end.Add(-72*time.Hour).Unix()), float64(end.Unix()))
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
			tm := time.Unix(int64(tk.Value), 0).In(london)
			if strings.Contains(tk.Label, " ") && (tm.Hour() != 0 || tm.Minute() != 0) {
				t.Errorf("midnight label %q at %v", tk.Label, tm)
			}
		}
	}
	if strings.Join(labels, ",") != "12:00,Sat 28,12:00,Sun 29,12:00,Mon 30,12:00" {
		t.Errorf("labels %v", labels)
	}
	// labels never closer than the room a label needs
	for _, w := range []float64{200, 450, 900} {
		var prev float64 = -1
		ts := charts.TimeTicks(london, w, 60, medbot.Units{}).Ticks(0, 72*3600)
		for _, tk := range ts {
			if tk.Label == "" {
				continue
			}
			x := tk.Value / (72 * 3600) * w
			if prev >= 0 && x-prev < 60-1e-9 {
				t.Errorf("width %v: labels %v pt apart", w, x-prev)
			}
			prev = x
		}
	}
}

// TestSVG draws the same chart as SVG: the drawing code serves every backend.
func TestSVG(t *testing.T) {
	c := vgsvg.New(charts.Px(1080), charts.Px(1350))
	charts.DrawTemperature(draw.New(c), sample(now), options(now))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "38.0", "Zoë"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func withUnits(o charts.Options, u medbot.Units) charts.Options {
	o.Units = u
	return o
}

// placed records where strings are drawn.
func placed(f func(draw.Canvas)) map[string][]vg.Point {
	rec := &recorder.Canvas{}
	f(draw.NewCanvas(rec, charts.Px(1080), charts.Px(1350)))
	out := map[string][]vg.Point{}
	for _, a := range rec.Actions {
		if a, ok := a.(*recorder.FillString); ok {
			out[a.String] = append(out[a.String], a.Point)
		}
	}
	return out
}

// TestNothingHidden checks, on minimal scenes: a
// reading just above the fever line at the newest edge, doses given
// together, a low reading in °F among doses.
func TestNothingHidden(t *testing.T) {
	at := now.Add(-10 * time.Minute)
	obs := []medbot.Observation{
		{Kind: medbot.Temperature, Child: "Rory", At: now.Add(-3 * time.Hour), Value: 39.0},
		{Kind: medbot.Temperature, Child: "Rory", At: now, Value: 38.1},
		{Kind: medbot.Temperature, Child: "Rory", At: now.Add(-2 * time.Hour), Value: 35.2},
	}
	for i := 0; i < 3; i++ {
		obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", At: at.Add(time.Duration(i) * time.Minute), Name: "paracetamol", Dose: 5, HasDose: true})
	}
	obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", At: at, Name: "ibuprofen", Dose: 5, HasDose: true})
	o := charts.Options{Now: now, Zone: london, Children: []string{"Rory"}, Marked: []string{"paracetamol", "ibuprofen"}}
	for _, units := range []medbot.Units{{}, {Fahrenheit: true}} {
		o.Units = units
		pl := placed(func(c draw.Canvas) { charts.DrawTemperature(c, obs, o) })
		// 2, 5: the reference labels stand right of "now", the newest
		// possible reading: they cover no point
		nowAt := pl["now"]
		if len(nowAt) != 1 {
			t.Fatalf("%v: now drawn %d times", units, len(nowAt))
		}
		for _, label := range []string{"fever", "normal", "low"} {
			if p := pl[label]; len(p) != 1 || p[0].X <= nowAt[0].X+charts.Px(60) {
				t.Errorf("%v: %q at %v, not right of now at %v", units, label, p, nowAt)
			}
		}
		// 3: the doses' times are drawn under the scale's bottom (35 °C)
		bottom := pl["35"]
		if units.Fahrenheit {
			bottom = pl["95"]
		}
		if len(bottom) == 0 {
			t.Fatalf("%v: no bottom tick label", units)
		}
		for _, tm := range []string{"13:55"} {
			if p := pl[tm]; len(p) == 0 || p[0].Y >= bottom[0].Y {
				t.Errorf("%v: the doses' time %q at %v is not under the scale's bottom %v", units, tm, p, bottom)
			}
		}
		// 4: three paracetamol together are one mark counted ×3
		if len(pl["×3"]) != 1 {
			t.Errorf("%v: no ×3 for doses given together: %v", units, pl)
		}
	}
	// the vitals' reference labels stand in the gutter too
	vit := []medbot.Observation{{Kind: medbot.SpO2, Child: "Rory", At: now, Value: 96}}
	pl := placed(func(c draw.Canvas) { charts.DrawVitals(c, vit, o) })
	if p, n := pl["amber"], pl["now"]; len(p) != 1 || len(n) == 0 || p[0].X <= n[0].X {
		t.Errorf("vitals: amber at %v, now at %v", p, n)
	}
}

// TestChildKeepsColour: a child drawn alone (graphs Rory, the report's
// pages) keeps the colour and marker of their place in the family.
func TestChildKeepsColour(t *testing.T) {
	obs := []medbot.Observation{{Kind: medbot.Temperature, Child: "Zoë", At: now, Value: 38.2}}
	o := charts.Options{Now: now, Zone: london, Children: []string{"Zoë"}, Family: sampleChildren}
	ds := record(func(c draw.Canvas) { charts.DrawTemperature(c, obs, o) })
	if f := find(ds, "Zoë:"); len(f) != 1 || !sameColour(f[0].Col, charts.ChildColour(1)) {
		t.Errorf("Zoë alone: %+v, want her family colour %v", f, charts.ChildColour(1))
	}
}

// TestGutterLabelsApart: on a short chart (the report's), labels of close
// lines are pushed apart, never drawn over each other.
func TestGutterLabelsApart(t *testing.T) {
	o := options(now)
	o.Height = 620
	rec := &recorder.Canvas{}
	charts.DrawTemperature(draw.NewCanvas(rec, charts.Px(1080), charts.Px(620)), sample(now), o)
	var ys []vg.Length
	for _, a := range rec.Actions {
		if a, ok := a.(*recorder.FillString); ok && (a.String == "36.4" || a.String == "< 36" || a.String == "38.0" || a.String == "doses") {
			ys = append(ys, a.Point.Y)
		}
	}
	if len(ys) != 4 {
		t.Fatalf("%d gutter values drawn", len(ys))
	}
	for i := range ys {
		for j := i + 1; j < len(ys); j++ {
			if d := ys[i] - ys[j]; d > -charts.Px(2*charts.SmallPx) && d < charts.Px(2*charts.SmallPx) {
				t.Errorf("gutter labels %v and %v overlap", ys[i], ys[j])
			}
		}
	}
}

// fixedCases is the minimal scene of faults once found: a reading just
// above the fever line at now, a low reading, three paracetamol and an
// ibuprofen given together, an SpO2 of 96 at now.
func fixedCases(now time.Time) ([]medbot.Observation, charts.Options) {
	at := now.Add(-6 * time.Hour)
	obs := []medbot.Observation{
		{Kind: medbot.Temperature, Child: "Rory", At: now.Add(-20 * time.Hour), Value: 39.0},
		{Kind: medbot.Temperature, Child: "Rory", At: now.Add(-8 * time.Hour), Value: 35.2},
		{Kind: medbot.Temperature, Child: "Rory", At: now, Value: 38.1},
		{Kind: medbot.SpO2, Child: "Rory", At: now.Add(-8 * time.Hour), Value: 93},
		{Kind: medbot.SpO2, Child: "Rory", At: now, Value: 96},
	}
	for i := 0; i < 3; i++ {
		obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", At: at.Add(time.Duration(i) * time.Minute), Name: "paracetamol", Dose: 5, HasDose: true, Unit: "ml"})
	}
	obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", At: at, Name: "ibuprofen", Dose: 5, HasDose: true, Unit: "ml"})
	sort.Slice(obs, func(i, j int) bool { return obs[i].At.Before(obs[j].At) })
	return obs, charts.Options{Now: now, Window: 24 * time.Hour, Zone: london, Children: []string{"Rory"}, Marked: []string{"paracetamol", "ibuprofen"}}
}

// flagScene is a toddler (Rory, 2 years) and a baby (Freya, 7 weeks)
// with readings that cross NICE's lines, their flags judged as every
// screen judges them.
func flagScene(now time.Time) (charts.Options, []medbot.Observation) {
	fam := medbot.Family{Zone: london, Children: []medbot.Child{
		{Name: "Rory", Born: now.AddDate(-2, 0, 0)},
		{Name: "Freya", Born: now.AddDate(0, 0, -49)},
	}}
	var obs []medbot.Observation
	add := func(child string, k medbot.Kind, h int, v float64) {
		obs = append(obs, medbot.Observation{Kind: k, Child: child, At: now.Add(-time.Duration(h) * time.Hour), Value: v})
	}
	for h, v := range map[int]float64{20: 97, 14: 94, 10: 93, 6: 96, 2: 95} {
		add("Rory", medbot.SpO2, h, v)
	}
	for h, v := range map[int]float64{20: 32, 14: 44, 10: 62, 6: 38, 2: 36} {
		add("Rory", medbot.RespRate, h, v)
	}
	for h, v := range map[int]float64{20: 37.4, 12: 37.9, 8: 38.1, 3: 37.6} {
		add("Freya", medbot.Temperature, h, v)
	}
	add("Rory", medbot.Temperature, 9, 38.6)
	add("Rory", medbot.HeartRate, 9, 128)
	sort.Slice(obs, func(i, j int) bool { return obs[i].At.Before(obs[j].At) })
	var flags []medbot.Flag
	for _, c := range fam.Children {
		flags = append(flags, medbot.JudgeFlags(&fam, c, obs, now)...)
	}
	return charts.Options{Now: now, Window: 24 * time.Hour, Zone: london, Children: []string{"Rory", "Freya"}, Flags: flags}, obs
}

// TestNoTextOverMarkers: no string of the temperature and vitals charts
// of the sample illness, nor of the fixed cases' scene, is drawn over a
// marker.
func TestNoTextOverMarkers(t *testing.T) {
	scene, o := fixedCases(now)
	for name, draw1 := range map[string]func(draw.Canvas){
		"temperature":        func(c draw.Canvas) { charts.DrawTemperature(c, sample(now), options(now)) },
		"vitals":             func(c draw.Canvas) { charts.DrawVitals(c, sample(now), options(now)) },
		"fixed cases":        func(c draw.Canvas) { charts.DrawTemperature(c, scene, o) },
		"fixed cases (SpO2)": func(c draw.Canvas) { charts.DrawVitals(c, scene, o) },
	} {
		rec := &recorder.Canvas{}
		draw1(draw.NewCanvas(rec, charts.Px(1080), charts.Px(1350)))
		texts, marks := chartstest.TextAndMarks(rec.Actions, charts.Px(40))
		if len(marks) < 5 {
			t.Fatalf("%s: only %d markers recorded", name, len(marks))
		}
		for _, e := range chartstest.TextOverMarks(texts, marks) {
			t.Errorf("%s: %s", name, e)
		}
	}
}

// TestDosesNeverAfterNow: doses given together at now, for two children
// and two medicines, are drawn at their time (stacked), never right of
// the now line, and no text is drawn over any mark.
func TestDosesNeverAfterNow(t *testing.T) {
	var obs []medbot.Observation
	for _, child := range []string{"Freya", "Rory"} {
		obs = append(obs, medbot.Observation{Kind: medbot.Temperature, Child: child, At: now.Add(-2 * time.Hour), Value: 38.2})
		for _, name := range []string{"paracetamol", "ibuprofen", "paracetamol"} {
			obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: child, At: now.Add(-30 * time.Second), Name: name, Dose: 5, HasDose: true})
		}
		obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: child, At: now.Add(-3 * time.Hour), Name: "paracetamol", Dose: 5, HasDose: true})
	}
	for _, window := range []time.Duration{24 * time.Hour, 72 * time.Hour} {
		o := charts.Options{Now: now, Window: window, Zone: london, Children: []string{"Freya", "Rory"}, Marked: []string{"paracetamol", "ibuprofen"}}
		rec := &recorder.Canvas{}
		charts.DrawTemperature(draw.NewCanvas(rec, charts.Px(1080), charts.Px(1350)), obs, o)
		texts, marks := chartstest.TextAndMarks(rec.Actions, charts.Px(40))
		pl := placed(func(c draw.Canvas) { charts.DrawTemperature(c, obs, o) })
		nowAt := pl["now"]
		if len(nowAt) != 1 {
			t.Fatalf("now drawn %d times", len(nowAt))
		}
		// the "now" word ends just left of its line
		line := nowAt[0].X + charts.TextWidth(charts.Sans(charts.SmallPx), "now") + charts.Px(8)
		n := 0
		for _, m := range marks {
			if m.X0 > line+charts.Px(2) {
				t.Errorf("%v: a mark at x %v–%v, right of now at %v", window, m.X0, m.X1, line)
			}
			n++
		}
		if n < 8 {
			t.Errorf("%v: only %d marks", window, n)
		}
		for _, e := range chartstest.TextOverMarks(texts, marks) {
			t.Errorf("%v: %s", window, e)
		}
	}
}

// TestBreachRinged: a dose outside the limits gets a red ring and the
// legend says what the ring means; within them, neither.
func TestBreachRinged(t *testing.T) {
	para := medbot.Medicine{Name: "paracetamol", MinInterval: 4 * time.Hour, MaxPer24h: 4}
	obs := []medbot.Observation{
		{Kind: medbot.Temperature, Child: "Rory", At: now.Add(-2 * time.Hour), Value: 38.6},
		{Kind: medbot.Medication, Child: "Rory", At: now.Add(-3 * time.Hour), Name: "paracetamol", Dose: 5, HasDose: true},
	}
	o := charts.Options{Now: now, Window: 24 * time.Hour, Zone: london, Children: []string{"Rory"}, Marked: []string{"paracetamol"}, Medicines: []medbot.Medicine{para}}
	red := func(obs []medbot.Observation) (rings int, legend bool) {
		rec := &recorder.Canvas{}
		charts.DrawTemperature(draw.NewCanvas(rec, charts.Px(1080), charts.Px(1350)), obs, o)
		var col color.Color
		for _, a := range rec.Actions {
			switch a := a.(type) {
			case *recorder.SetColor:
				col = a.Color
			case *recorder.Fill:
				for _, c := range a.Path {
					if c.Type == vg.ArcComp && col == color.Color(charts.Fever) && c.Radius > charts.Px(13) && c.Radius < charts.Px(24) {
						rings++
					}
				}
			}
		}
		_, legend = placed(func(c draw.Canvas) { charts.DrawTemperature(c, obs, o) })["outside the limits"]
		return rings, legend
	}
	if n, legend := red(obs); n != 0 || legend {
		t.Errorf("within the limits: %d rings, legend %v", n, legend)
	}
	obs = append(obs, medbot.Observation{Kind: medbot.Medication, Child: "Rory", At: now.Add(-1 * time.Hour), Name: "paracetamol", Dose: 5, HasDose: true})
	if n, legend := red(obs); n != 2 || !legend { // the strip's ring and the legend's
		t.Errorf("a dose too soon: %d rings, legend %v", n, legend)
	}
}
