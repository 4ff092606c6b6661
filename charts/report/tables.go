package report

import (
	"github.com/medbot/medbot"

	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

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
		pdf.MultiCell(contentW, 5, none, "", "L", false)
	}
	return n > 0
}

// summary writes what a doctor asks first: the fever episode and each
// course's progress.
func summary(pdf *fpdf.Fpdf, ch child, u medbot.Units) {
	heading(pdf, u.T("Fever and courses"))
	pdf.SetFont("sans", "", 10)
	for _, line := range append([]string{ch.Fever}, ch.Courses...) {
		pdf.MultiCell(contentW, 5, line, "", "L", false)
	}
}

func doseTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, u medbot.Units) {
	if !section(pdf, u.T("Doses"), len(ch.Doses), u.T("No doses recorded in this period.")) {
		return
	}
	var rows [][]string
	for _, d := range ch.Doses {
		med := u.T(d.Name)
		if d.Given != "" && !strings.EqualFold(d.Given, d.Name) && !strings.EqualFold(d.Given, u.T(d.Name)) {
			med += " (" + d.Given + ")"
		}
		count := fmt.Sprint(d.Count)
		if d.Limit > 0 {
			count = u.F("%d of %d", d.Count, d.Limit)
		}
		if d.Breach {
			count += u.T(" (outside the limits)")
		}
		dose := d.Dose
		if dose == "" {
			dose = u.T("amount not written")
		}
		if d.Mg > 0 {
			dose += " = " + u.Number(d.Mg) + " mg"
			count += "; " + u.Number(d.Mg24) + " mg"
		}
		if d.PerKg > 0 {
			dose += ", " + u.Decimal(d.PerKg, 1) + " mg/kg"
			count += ", " + u.Decimal(d.PerKg24, 1) + " mg/kg"
		}
		rows = append(rows, []string{clock(d.At), med, dose, d.By, count})
	}
	table(pdf, []float64{34, 46, 40, 26, 34}, []string{u.T("Time"), u.T("Medicine (as written)"), u.T("Dose"), u.T("Given by"), u.T("In 24 h")}, rows)
}

// breachTable lists the doses outside the family's limits: which rule,
// by how much, who gave it. A doctor reads it before the dose table.
func breachTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, u medbot.Units) {
	if !section(pdf, u.T("Doses outside the limits"), len(ch.Breaches), u.T("None: every dose recorded in this period was within the limits the family set.")) {
		return
	}
	var rows [][]string
	for _, b := range ch.Breaches {
		rows = append(rows, []string{clock(b.At), u.T(b.Name), b.Rule, b.Fact, b.By})
	}
	table(pdf, []float64{30, 28, 30, 66, 26}, []string{u.T("Time"), u.T("Medicine"), u.T("Rule"), u.T("By how much"), u.T("Given by")}, rows)
}

// readingTable lists every reading, a fever or a flag said beside it.
func readingTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, o Options) {
	u := o.Units
	if !section(pdf, u.T("Readings"), len(ch.Readings), u.T("No readings recorded in this period.")) {
		return
	}
	var rows [][]string
	for _, r := range ch.Readings {
		v := u.Describe(r)
		if r.Kind == medbot.Temperature && r.Value >= o.Family.Fever() {
			v += u.T(" (fever)")
		}
		if l := medbot.LevelOf(ch.Flags, r); l > 0 {
			v += " (" + u.T(l.String()+" flag") + ")"
		}
		rows = append(rows, []string{clock(r.At), v, r.Sender})
	}
	table(pdf, []float64{36, 110, 34}, []string{u.T("Time"), u.T("Reading"), u.T("Written by")}, rows)
}

func entryTable(pdf *fpdf.Fpdf, ch child, clock func(time.Time) string, u medbot.Units) {
	if !section(pdf, u.T("Events and notes"), len(ch.Entries), u.T("No events or notes recorded in this period.")) {
		return
	}
	var rows [][]string
	for _, e := range ch.Entries {
		rows = append(rows, []string{clock(e.At), e.What, e.By})
	}
	table(pdf, []float64{36, 110, 34}, []string{u.T("Time"), u.T("What"), u.T("Written by")}, rows)
}
