// Package report writes the doctor's report: a PDF, one child per page
// (more when the tables need them), A4 portrait, with the temperature chart
// and the vitals, every dose with who gave it and the count against the
// family's limit, and the events and notes in time order.
//
// Text is real text in embedded UTF-8 TrueType fonts (Liberation Sans), so
// it is selectable and searchable and every character comes out right
// (°C, Zoë, Łucja, ½); gonum/plot's own PDF backend cannot do that. Charts
// are drawn by package charts and embedded as images. Data in, PDF bytes
// out: the package knows nothing of Signal or SQLite.
package report

import (
	"cmp"
	"slices"
	"unicode"

	"github.com/medbot/medbot"

	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"

	"github.com/medbot/medbot/charts"
)

// doseRow is one row of the dose table.
type doseRow struct {
	At    time.Time
	Name  string // ingredient: paracetamol
	Given string // the name the parent wrote, when it differs: Calpol
	Dose  string // "5 ml", or "" when not given
	By    string
	// Count is the doses of this ingredient in the 24 h up to this one;
	// Limit the family's most in 24 h (0: none).
	Count, Limit int
	// Breach is set when the dose broke one of the family's limits (the
	// "Doses outside the limits" table says which and by how much).
	Breach bool
	// Mg is the dose in mg and PerKg in mg/kg, and Mg24, PerKg24 the 24 h
	// total, when the family set the strength and the child's weight (0:
	// not known; nothing is guessed).
	Mg, PerKg, Mg24, PerKg24 float64
}

// breachRow is one row of the "Doses outside the limits" table: a dose
// medbot.JudgeDoses found breaking one of the family's limits.
type breachRow struct {
	At   time.Time
	Name string
	Rule string // "too soon"
	Fact string // "2 h 24 min after the dose at 22:00; the gap set is 4 h"
	By   string
}

// entry is an event or a note.
type entry struct {
	At   time.Time
	What string // "Vomit: was sick after his milk", "Note: GP says..."
	By   string
}

// child is one child's part of the report.
type child struct {
	Name     string
	Title    string               // Name as the PDF can write it (printable)
	Obs      []medbot.Observation // readings and doses for the charts
	Doses    []doseRow
	Breaches []breachRow // the doses outside the family's limits
	Entries  []entry
	Readings []medbot.Observation // every reading in the window
	// Flags are the child's flags (medbot.JudgeFlags) for the charts;
	// FlagRows those that crossed in the window, for the table.
	Flags    []medbot.Flag
	FlagRows []flagRow
	// About is the child's age and latest weight, in words.
	About   string
	Fever   string   // the fever episode, in words
	Courses []string // each course's progress, in words
}

// Options say what the report covers and how it writes it.
type Options struct {
	From, To  time.Time
	Generated time.Time
	Family    medbot.Family // zone, children, medicines' names and limits
	Units     medbot.Units
	// Children are the children to report on; empty: every child.
	Children []string
}

// Filter is what PDF needs read: every record of the window and of the
// time before it that judging its doses needs (medbot.DoseLookback: a day
// for the running 24 h counts, a course for a course), with the message
// text (which tells the name of a medicine the parent wrote).
func Filter(o Options) medbot.Filter {
	back := max(24*time.Hour, medbot.FlagLookback)
	for _, m := range o.Family.Medications {
		back = max(back, medbot.DoseLookback(m))
	}
	return medbot.Filter{From: o.From.Add(-back), To: o.To.Add(time.Second), MessageText: true}
}

// childrenOf sorts the observations (as Filter reads them, in time order)
// into each child's part. Notes that name no child are the family's: in
// every child's part.
func childrenOf(obs []medbot.Observation, o Options) []child {
	names := o.Children
	if len(names) == 0 {
		names = o.Family.ChildNames()
	}
	var out []child
	for _, name := range names {
		var own []medbot.Observation
		for _, ob := range obs {
			if ob.Child == name || (ob.Child == "" && ob.Kind == medbot.Note && !ob.At.Before(o.From)) {
				own = append(own, ob)
			}
		}
		ch := child{Name: name}
		kid, _ := o.Family.Child(name)
		ch.Flags = medbot.JudgeFlags(&o.Family, kid, own, o.To)
		for _, f := range ch.Flags {
			if !f.At.Before(o.From) {
				ch.FlagRows = append(ch.FlagRows, flagRow{At: f.At, Fact: f.Text(o.Units, o.Family.Zone, o.To), Level: f.Rule.Level.String(), Until: f.Until})
			}
		}
		weight := kid.WeightKg
		// one judgement per medicine: the same one every screen reads
		breached := map[int64]map[string]bool{} // message id -> medicine -> broke a rule
		for _, m := range o.Family.Medications {
			j := medbot.JudgeDoses(m, own, o.To, o.Family.Zone)
			for _, br := range j.Breaches {
				if br.Dose.At.Before(o.From) {
					continue
				}
				ch.Breaches = append(ch.Breaches, breachRow{At: br.Dose.At, Name: m.Name, Rule: br.Rule.String(), Fact: br.Fact(o.Units, o.Family.Zone), By: br.Dose.Sender})
				if breached[br.Dose.MessageID] == nil {
					breached[br.Dose.MessageID] = map[string]bool{}
				}
				breached[br.Dose.MessageID][m.Name] = true
			}
		}
		slices.SortStableFunc(ch.Breaches, func(a, b breachRow) int { return a.At.Compare(b.At) })
		for i, ob := range own {
			if ob.At.Before(o.From) {
				if ob.Kind == medbot.Medication {
					ch.Obs = append(ch.Obs, ob) // for the chart's judgement of the first doses
				}
				continue
			}
			if ob.Kind == medbot.Weight {
				weight = ob.Value // the latest weight before a dose gives its mg/kg
			}
			switch ob.Kind.Info().Class {
			case medbot.ReadingClass:
				ch.Obs = append(ch.Obs, ob)
				ch.Readings = append(ch.Readings, ob)
			case medbot.DoseClass:
				ch.Obs = append(ch.Obs, ob)
				m, _ := o.Family.Medication(ob.Name)
				count := 0
				for _, prev := range own[:i+1] {
					if prev.Kind == medbot.Medication && prev.Name == ob.Name && prev.At.After(ob.At.Add(-24*time.Hour)) {
						count++
					}
				}
				d := doseRow{At: ob.At, Name: ob.Name, Given: givenName(ob, m), By: ob.Sender, Count: count, Limit: m.MaxPer24h, Breach: breached[ob.MessageID][ob.Name]}
				if ob.HasDose {
					d.Dose = medbot.Amount(ob.Dose, ob.Unit)
				}
				if d.Mg = milligrams(ob, m); d.Mg > 0 {
					for _, prev := range own[:i] {
						if prev.Kind == medbot.Medication && prev.Name == ob.Name && prev.At.After(ob.At.Add(-24*time.Hour)) {
							d.Mg24 += milligrams(prev, m)
						}
					}
					d.Mg24 += d.Mg
					if weight > 0 {
						d.PerKg, d.PerKg24 = d.Mg/weight, d.Mg24/weight
					}
				}
				ch.Doses = append(ch.Doses, d)
			case medbot.EventClass:
				what := medbot.Capitalise(ob.Name)
				if t := strings.TrimSpace(ob.Text); t != "" && !strings.EqualFold(t, ob.Name) {
					what += ": " + t
				}
				ch.Entries = append(ch.Entries, entry{At: ob.At, What: what, By: ob.Sender})
			case medbot.NoteClass:
				what := "Note: " + ob.Text
				if ob.Child == "" {
					what = "Family note: " + ob.Text
				}
				ch.Entries = append(ch.Entries, entry{At: ob.At, What: what, By: ob.Sender})
			}
		}
		ch.About = about(kid, own, o)
		ch.Fever = feverEpisode(own, o)
		ch.Courses = courseProgress(own, o)
		out = append(out, ch)
	}
	return out
}

// milligrams is a dose in mg: as written, or from ml by the medicine's
// strength; 0 when it cannot be told.
func milligrams(ob medbot.Observation, m medbot.Medicine) float64 {
	switch {
	case !ob.HasDose:
		return 0
	case ob.Unit == "mg":
		return ob.Dose
	case ob.Unit == "ml" && m.StrengthML > 0:
		return ob.Dose * m.StrengthMg / m.StrengthML
	}
	return 0
}

// givenName finds which of a medicine's names the parent wrote ("Calpol"
// for paracetamol), as written; "" when it was the ingredient itself or a
// typo.
func givenName(o medbot.Observation, m medbot.Medicine) string {
	words := strings.FieldsFunc(o.MessageText, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	for _, a := range m.Aliases {
		aw := strings.Fields(strings.ToLower(a))
		for i := 0; i+len(aw) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(aw)], aw) {
				return strings.Join(words[i:i+len(aw)], " ")
			}
		}
	}
	return ""
}

const (
	pageW, pageH = 210.0, 297.0 // A4, mm
	margin       = 15.0
	contentW     = pageW - 2*margin
)

// PDF writes the report of obs, read with Filter(o).
func PDF(obs []medbot.Observation, o Options) ([]byte, error) {
	zone := o.Family.Zone
	if zone == nil {
		zone = time.UTC
	}
	zoneName := zoneLabel(zone, o.To)
	children := childrenOf(obs, o)
	replaced := false
	for i := range children {
		replaced = printableChild(&children[i]) || replaced
	}
	// draw every chart first, concurrently: they are the slow part
	type imgs struct {
		temp, vitals []byte
		vitalsH      int
	}
	pics := make([]imgs, len(children))
	errs := make([]error, 2*len(children))
	copts := charts.Options{Fever: o.Family.Fever(), Now: o.To, Window: o.To.Sub(o.From), Zone: zone, Units: o.Units, Marked: o.Family.Antipyretics(), Medicines: o.Family.Medications, Family: o.Family.ChildNames(), Width: 1080, Height: 620}
	var wg sync.WaitGroup
	for i, ch := range children {
		copts := copts
		copts.Children = []string{ch.Name}
		copts.Flags = ch.Flags
		wg.Add(1)
		go func() {
			defer wg.Done()
			pics[i].temp, errs[2*i] = charts.Temperature(ch.Obs, copts)
			if charts.HasVitals(ch.Obs, copts) {
				v := copts
				v.Height = 660 + 260*max(0, charts.VitalsPanels(ch.Obs, copts)-2) // a third panel (breathing) gets room of its own
				pics[i].vitals, errs[2*i+1] = charts.Vitals(ch.Obs, v)
				pics[i].vitalsH = v.Height
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("drawing the report's charts: %w", err)
		}
	}

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+8)
	pdf.SetTitle("medbot report", true)
	pdf.SetCreator("medbot", true)
	pdf.SetCreationDate(o.Generated)
	pdf.SetModificationDate(o.Generated)
	pdf.AliasNbPages("{nb}")
	child := ""
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin - 4)
		pdf.SetFont("sans", "", 8)
		pdf.SetTextColor(100, 100, 100)
		marks := ""
		if replaced {
			marks = " " + charts.Missing + " stands for characters this report's font cannot show (emoji, some scripts); the messages in the group hold them."
		}
		pdf.MultiCell(contentW, 3.6, fmt.Sprintf("Generated by medbot from the family's messages: it holds only what was written in the group and may be incomplete. Not medical advice. Times are %s time.%s %s, page %d of {nb}.", zoneName, marks, child, pdf.PageNo()), "", "L", false)
	})
	clock := func(t time.Time) string {
		t = t.In(zone)
		if o.Units.Clock12 {
			return t.Format("Mon 2 Jan 3:04pm")
		}
		return t.Format("Mon 2 Jan 15:04")
	}
	for i, ch := range children {
		pdf.AddPage() // writes the previous page's footer, with the previous child
		child = ch.Title
		// header
		pdf.SetTextColor(26, 26, 26)
		pdf.SetFont("sans", "B", 18)
		pdf.CellFormat(contentW, 9, ch.Title, "", 1, "L", false, 0, "")
		pdf.SetFont("sans", "", 10)
		pdf.CellFormat(contentW, 5, fmt.Sprintf("Period: %s to %s (%s)", clock(o.From), clock(o.To), zoneName), "", 1, "L", false, 0, "")
		pdf.CellFormat(contentW, 5, fmt.Sprintf("Generated %s from the family's Signal group by medbot", clock(o.Generated)), "", 1, "L", false, 0, "")
		if ch.About != "" {
			pdf.CellFormat(contentW, 5, ch.About, "", 1, "L", false, 0, "")
		}
		pdf.Ln(2)
		image(pdf, fmt.Sprintf("temp%d", i), pics[i].temp, 620.0/1080)
		if pics[i].vitals != nil {
			image(pdf, fmt.Sprintf("vitals%d", i), pics[i].vitals, float64(pics[i].vitalsH)/1080)
		}
		summary(pdf, ch)
		flagTable(pdf, ch, clock, o.Family.Flags)
		breachTable(pdf, ch, clock)
		doseTable(pdf, ch, clock)
		readingTable(pdf, ch, clock, o)
		entryTable(pdf, ch, clock)
	}
	if len(children) == 0 {
		pdf.AddPage()
		pdf.SetFont("sans", "", 12)
		pdf.CellFormat(contentW, 8, "No children to report on.", "", 1, "L", false, 0, "")
	}
	if pdf.Err() {
		return nil, fmt.Errorf("writing the report: %w", pdf.Error())
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("writing the report: %w", err)
	}
	return buf.Bytes(), nil
}

// image places a PNG across the content width, on a new page if needed.
func image(pdf *fpdf.Fpdf, name string, png []byte, aspect float64) {
	h := contentW * aspect
	if pdf.GetY()+h > pageH-margin-8 {
		pdf.AddPage()
	}
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions(name, margin, pdf.GetY(), contentW, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetY(pdf.GetY() + h + 2)
}

func heading(pdf *fpdf.Fpdf, s string) {
	if pdf.GetY() > pageH-margin-30 {
		pdf.AddPage()
	}
	pdf.Ln(2)
	pdf.SetFont("sans", "B", 12)
	pdf.SetTextColor(26, 26, 26)
	pdf.CellFormat(contentW, 7, s, "", 1, "L", false, 0, "")
}

// table writes rows with a header row repeated on each new page.
func table(pdf *fpdf.Fpdf, widths []float64, header []string, rows [][]string) {
	head := func() {
		pdf.SetFont("sans", "B", 9)
		pdf.SetFillColor(235, 235, 235)
		for i, h := range header {
			pdf.CellFormat(widths[i], 6, h, "B", 0, "L", true, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("sans", "", 9)
	}
	head()
	for _, r := range rows {
		h := float64(rowLines(pdf, widths, r)) * 4.5
		if pdf.GetY()+h > pageH-margin-8 {
			pdf.AddPage()
			head()
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, c := range r {
			pdf.SetXY(x, y)
			pdf.MultiCell(widths[i], 4.5, c, "", "L", false)
			x += widths[i]
		}
		pdf.SetXY(margin, y+h)
		pdf.SetDrawColor(220, 220, 220)
		pdf.Line(margin, y+h, margin+contentW, y+h)
	}
}

// rowLines is a row's height in lines: its tallest cell as MultiCell
// wraps it (SplitText takes the cell's width and leaves out the cell's
// margins itself, as MultiCell does).
func rowLines(pdf *fpdf.Fpdf, widths []float64, r []string) int {
	lines := 1
	for i, c := range r {
		if n := len(pdf.SplitText(c, widths[i])); n > lines {
			lines = n
		}
	}
	return lines
}

// section starts a section titled title holding n rows; with none, it
// says so in the words of none and reports false.
func section(pdf *fpdf.Fpdf, title string, n int, none string) bool {
	heading(pdf, title)
	if n == 0 {
		pdf.SetFont("sans", "", 10)
		pdf.CellFormat(contentW, 6, none, "", 1, "L", false, 0, "")
	}
	return n > 0
}

// summary writes what a doctor asks first: the fever episode and each
// course's progress.
func summary(pdf *fpdf.Fpdf, ch child) {
	heading(pdf, "Fever and courses")
	pdf.SetFont("sans", "", 10)
	for _, line := range append([]string{ch.Fever}, ch.Courses...) {
		pdf.MultiCell(contentW, 5, line, "", "L", false)
	}
}

func doseTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string) {
	if !section(pdf, "Doses", len(ch.Doses), "No doses recorded in this period.") {
		return
	}
	var rows [][]string
	for _, d := range ch.Doses {
		med := d.Name
		if d.Given != "" && !strings.EqualFold(d.Given, d.Name) {
			med += " (" + d.Given + ")"
		}
		count := fmt.Sprint(d.Count)
		if d.Limit > 0 {
			count = fmt.Sprintf("%d of %d", d.Count, d.Limit)
		}
		if d.Breach {
			count += " (outside the limits)"
		}
		dose := d.Dose
		if dose == "" {
			dose = "amount not written"
		}
		if d.Mg > 0 {
			dose += " = " + medbot.FormatNumber(d.Mg) + " mg"
			count += "; " + medbot.FormatNumber(d.Mg24) + " mg"
		}
		if d.PerKg > 0 {
			dose += fmt.Sprintf(", %.1f mg/kg", d.PerKg)
			count += fmt.Sprintf(", %.1f mg/kg", d.PerKg24)
		}
		rows = append(rows, []string{clock(d.At), med, dose, d.By, count})
	}
	table(pdf, []float64{34, 46, 40, 26, 34}, []string{"Time", "Medicine (as written)", "Dose", "Given by", "In 24 h"}, rows)
}

// breachTable lists the doses outside the family's limits: which rule,
// by how much, who gave it. A doctor reads it before the dose table.
func breachTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string) {
	if !section(pdf, "Doses outside the limits", len(ch.Breaches), "None: every dose recorded in this period was within the limits the family set.") {
		return
	}
	var rows [][]string
	for _, b := range ch.Breaches {
		rows = append(rows, []string{clock(b.At), b.Name, b.Rule, b.Fact, b.By})
	}
	table(pdf, []float64{30, 28, 30, 66, 26}, []string{"Time", "Medicine", "Rule", "By how much", "Given by"}, rows)
}

// readingTable lists every reading, a fever or a flag said beside it.
func readingTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, o Options) {
	if !section(pdf, "Readings", len(ch.Readings), "No readings recorded in this period.") {
		return
	}
	var rows [][]string
	for _, r := range ch.Readings {
		v := r.Describe()
		if r.Kind == medbot.Temperature {
			v = o.Units.Temperature(r.Value)
			if r.Value >= o.Family.Fever() {
				v += " (fever)"
			}
		}
		if l := medbot.LevelOf(ch.Flags, r); l > 0 {
			v += " (" + l.String() + " flag)"
		}
		rows = append(rows, []string{clock(r.At), v, r.Sender})
	}
	table(pdf, []float64{36, 110, 34}, []string{"Time", "Reading", "Written by"}, rows)
}

func entryTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string) {
	if !section(pdf, "Events and notes", len(ch.Entries), "No events or notes recorded in this period.") {
		return
	}
	var rows [][]string
	for _, e := range ch.Entries {
		rows = append(rows, []string{clock(e.At), e.What, e.By})
	}
	table(pdf, []float64{36, 110, 34}, []string{"Time", "What", "Written by"}, rows)
}

// zoneLabel names zone for a reader of the report: its IANA name
// ("Europe/London"); for the machine's own zone, which Go calls "Local",
// its abbreviation and offset at t ("CET, UTC+01:00"), since "Local" says
// nothing to a doctor.
func zoneLabel(zone *time.Location, t time.Time) string {
	if name := zone.String(); name != "Local" && name != "" {
		return name
	}
	abbr, off := t.In(zone).Zone()
	if off == 0 {
		if abbr == "UTC" || abbr == "GMT" || abbr == "" {
			return cmp.Or(abbr, "UTC")
		}
		return abbr + ", UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	utc := fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60)
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		return utc
	}
	return abbr + ", " + utc
}
