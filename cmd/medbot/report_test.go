package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot/charts/report/reporttest"
)

const accentConfig = `timezone = "Europe/London"
[[child]]
name = "Zoë"
aliases = ["Zo"]
[[child]]
name = "Łucja"
`

// seed imports a day of messages for Zoë and Łucja and returns the
// configuration and database paths.
func seed(t testing.TB) (string, string, time.Time) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "medbot.toml")
	os.WriteFile(cfg, []byte(accentConfig), 0o600)
	db := filepath.Join(dir, "m.db")
	now := time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)
	lines := []struct {
		h         float64
		who, text string
	}{
		{-30, "Mum", "Zoë 38.9"},
		{-20, "Mum", "Zoë calpol 5ml"},
		{-16, "Dad", "Zoë nurofen 5ml"},
		{-12, "Dad", "Łucja 38.2, calpol 2.5ml"},
		{-10, "Mum", "Zoë 39.1 sats 95"},
		{-8, "Mum", "paracetamol 5ml Zoë"},
		{-6, "Dad", "Łucja threw up, had ½ a sachet of dioralyte"},
		{-4, "Mum", "note Zoë: ½ bottle at lunch, temp 38.4°C"},
		{-2, "Dad", "Zoë nurofen 5ml"},
		{-1, "Dad", "Zoë 37.8"},
	}
	var b strings.Builder
	for i, l := range lines {
		at := now.Add(time.Duration(l.h * float64(time.Hour)))
		fmt.Fprintf(&b, `{"id":"%d","sender":%q,"at":%q,"text":%q}`+"\n", i, l.who, at.Format(time.RFC3339), l.text)
	}
	if _, stderr, code := runCmd(t, b.String(), "import", "-config", cfg, "-db", db); code != 0 {
		t.Fatal(stderr)
	}
	return cfg, db, now
}

func TestReportPDF(t *testing.T) {
	cfg, db, now := seed(t)
	out := filepath.Join(t.TempDir(), "report.pdf")
	// an older report left readable by everyone: the new one is private
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(out, 0o644)
	start := time.Now()
	if _, stderr, code := runCmd(t, "", "report", "-config", cfg, "-db", db, "-now", now.Format(time.RFC3339), "-window", "48h", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	elapsed := time.Since(start)
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 300<<10 || fi.Mode().Perm() != 0o600 {
		t.Errorf("report: %d bytes, mode %v", fi.Size(), fi.Mode().Perm())
	}
	t.Logf("report written in %v, %d bytes", elapsed, fi.Size())
	s := strings.Join(pdfPages(t, out), "")
	for _, want := range []string{
		"Zoë", "Łucja", "°C", "½",
		"Period: Wed 18 Nov 18:00 to Fri 20 Nov 18:00 (Europe/London)",
		"Generated Fri 20 Nov 18:00",
		"Doses", "Events and notes", "may be incomplete",
		// every dose row: time, medicine as written, dose, given by, count
		"Thu 19 Nov 22:00", "paracetamol (calpol)", "1 of 4",
		"Fri 20 Nov 02:00", "ibuprofen (nurofen)", "1 of 3",
		"Fri 20 Nov 10:00", "2 of 4",
		"Fri 20 Nov 16:00", "2 of 3",
		"Fri 20 Nov 06:00", "2.5 ml",
		"Fri 20 Nov 12:00", "oral rehydration (dioralyte)", "0.5 sachets",
		"Vomit: threw up",
		"Note: ½ bottle at lunch, temp 38.4°C",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report text lacks %q", want)
		}
	}
	if n := strings.Count(s, "paracetamol (calpol)") + strings.Count(s, "paracetamol  "); n < 2 {
		t.Errorf("paracetamol rows: %d\n%s", n, s)
	}
	// a page is not blank: drawn by poppler's pdftoppm, which .ci/run
	// installs (and MEDBOT_CI makes required); on a machine with Go alone
	// the page's text, read above, is the check
	if _, err := exec.LookPath("pdftoppm"); err != nil && os.Getenv("MEDBOT_CI") == "" {
		t.Logf("pdftoppm not installed: page 1 not drawn, only its text read")
		return
	}
	dir := t.TempDir()
	if err := exec.Command("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", out, filepath.Join(dir, "p")).Run(); err != nil {
		t.Fatalf("pdftoppm (Debian's poppler-utils): %v", err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(pages) != 1 {
		t.Fatalf("pages %v", pages)
	}
	b, _ := os.ReadFile(pages[0])
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	ink := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xe000 {
				ink++
			}
		}
	}
	if total := img.Bounds().Dx() * img.Bounds().Dy(); ink < total/50 {
		t.Errorf("page 1 is nearly blank: %d of %d pixels inked", ink, total)
	}
}

func TestExportCSVRoundTrip(t *testing.T) {
	cfg, db, _ := seed(t)
	out, stderr, code := runCmd(t, "", "export", "-config", cfg, "-db", db)
	if code != 0 {
		t.Fatal(stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(exportColumns, ",") {
		t.Errorf("header %v", recs[0])
	}
	// 10 messages: 13 records
	if len(recs) != 14 {
		t.Fatalf("%d rows:\n%s", len(recs), out)
	}
	found := false
	for _, r := range recs[1:] {
		if len(r) != len(exportColumns) {
			t.Fatalf("row %v", r)
		}
		if r[1] == "Łucja" && r[4] == "oral rehydration" && r[5] == "0.5" && r[6] == "sachets" && r[9] == "Dad" && r[10] == "Łucja threw up, had ½ a sachet of dioralyte" && r[0] == "2026-11-20T12:00:00Z" {
			found = true
		}
	}
	if !found {
		t.Errorf("no round-tripped dioralyte row in\n%s", out)
	}
	// JSON lines, one child
	out, _, code = runCmd(t, "", "export", "-config", cfg, "-db", db, "-format", "json", "-child", "zo")
	if code != 0 {
		t.Fatal(out)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["child"] != "Zoë" {
			t.Errorf("json line %s: %v", l, err)
		}
	}
}

func TestExportRetracted(t *testing.T) {
	cfg, db, _ := seed(t)
	// retract via a reparse-independent path: delete the first message
	st, err := openStoreForTest(db)
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := st.LastMessages(ctxBG, "import", "import:Mum", 100)
	if _, err := st.Retract(ctxBG, msgs[len(msgs)-1].Key, "test"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	without, _, _ := runCmd(t, "", "export", "-config", cfg, "-db", db)
	with, _, _ := runCmd(t, "", "export", "-config", cfg, "-db", db, "-include-retracted")
	if strings.Count(with, "\n") != strings.Count(without, "\n")+1 || !strings.Contains(with, ",true\r\n") || strings.Contains(without, ",true\r\n") {
		t.Errorf("retracted record: without=%d with=%d lines", strings.Count(without, "\n"), strings.Count(with, "\n"))
	}
}

// BenchmarkReport3Days writes a 3-day report for one child (target 300 ms).
func BenchmarkReport3Days(b *testing.B) {
	cfg, db, now := seed(b)
	out := filepath.Join(b.TempDir(), "r.pdf")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, stderr, code := runCmd(b, "", "report", "-config", cfg, "-db", db, "-child", "Zoë", "-now", now.Format(time.RFC3339), "-o", out); code != 0 {
			b.Fatal(stderr)
		}
	}
}

func TestGraphsCommand(t *testing.T) {
	cfg, db, now := seed(t)
	dir := filepath.Join(t.TempDir(), "out")
	out, stderr, code := runCmd(t, "", "graphs", "-config", cfg, "-db", db, "-out", dir, "-now", now.Format(time.RFC3339), "-child", "zo")
	if code != 0 {
		t.Fatal(stderr)
	}
	paths := strings.Fields(out)
	want := []string{"temperature.png", "vitals.png", "timeline-zoë.png"}
	if len(paths) != len(want) {
		t.Fatalf("paths %v", paths)
	}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Errorf("%s, want %s", p, want[i])
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, args := range [][]string{{"graphs", "-window", "400d"}, {"graphs", "-timeline", "91d"}, {"report", "-window", "2200h", "-o", filepath.Join(dir, "r.pdf")}} {
		args = append(args, "-config", cfg, "-db", db)
		if _, stderr, code := runCmd(t, "", args...); code != 1 || !strings.Contains(stderr, "more than the 90 days medbot draws; for every record, use medbot export") {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
	if _, stderr, code := runCmd(t, "", "graphs", "-config", cfg, "-db", db, "-child", "Nobody"); code != 1 || !strings.Contains(stderr, `"Nobody" is not one of the configured children`) {
		t.Errorf("unknown child: %d %s", code, stderr)
	}
}

// TestReportFooterNamesItsChild: every page's footer names the child whose
// pages it belongs to, and the family's time zone.
func TestReportFooterNamesItsChild(t *testing.T) {
	cfg, db, now := seed(t)
	out := filepath.Join(t.TempDir(), "report.pdf")
	if _, stderr, code := runCmd(t, "", "report", "-config", cfg, "-db", db, "-now", now.Format(time.RFC3339), "-window", "48h", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	pages := pdfPages(t, out)
	if len(pages) < 3 {
		t.Fatalf("%d pages", len(pages))
	}
	child := ""
	for i, page := range pages {
		for _, name := range []string{"Zoë", "Łucja"} {
			if strings.HasPrefix(strings.TrimSpace(page), name+"\n") {
				child = name // the page that opens the child's part
			}
		}
		flat := strings.Join(strings.Fields(page), " ")
		want := fmt.Sprintf("Times are Europe/London time. %s, page %d of %d.", child, i+1, len(pages))
		if !strings.Contains(flat, want) {
			t.Errorf("page %d (%s's): footer lacks %q:\n%s", i+1, child, want, flat)
		}
	}
}

// TestReportForTheGP: the report holds what a GP asks for: every reading
// with who took it, the fever episode, and, when the family set them, the
// doses in mg and mg/kg.
func TestReportForTheGP(t *testing.T) {
	cfg, db, now := seed(t)
	withWeights := strings.Replace(accentConfig, "name = \"Zoë\"\n", "name = \"Zoë\"\nweight_kg = 13\n", 1) +
		"[[medication]]\nname = \"paracetamol\"\nstrength = \"120mg/5ml\"\n"
	if err := os.WriteFile(cfg, []byte(withWeights), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report.pdf")
	if _, stderr, code := runCmd(t, "", "report", "-config", cfg, "-db", db, "-now", now.Format(time.RFC3339), "-window", "48h", "-child", "Zoë", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	flat := strings.Join(strings.Fields(strings.Join(pdfPages(t, out), "")), " ")
	for _, want := range []string{
		"Fever and courses", "Fever from Thu 19 12:00 to Fri 20 08:00",
		"Readings", "38.9 °C (fever) Mum", "SpO2 95 % (amber flag) Mum", "37.8 °C Dad",
		"5 ml = 120 mg, 9.2 mg/kg", // paracetamol, strength and weight set
		"Times are Europe/London time.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("report lacks %q:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "ibuprofen (nurofen) 5 ml =") {
		t.Error("ibuprofen's mg guessed without its strength")
	}
}

// TestExportToAPrivateFile: export -o writes a file
// readable by its user only, also over an older one readable by all.
func TestExportToAPrivateFile(t *testing.T) {
	cfg, db, _ := seed(t)
	out := filepath.Join(t.TempDir(), "records.csv")
	os.WriteFile(out, []byte("XYZZY-LEFTOVER of an older, longer export that must not show through"), 0o644)
	os.Chmod(out, 0o644)
	stdout, stderr, code := runCmd(t, "", "export", "-config", cfg, "-db", db, "-o", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	if stdout != "" {
		t.Errorf("with -o, standard output got %q", stdout)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi, err)
	}
	data, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(data), strings.Join(exportColumns, ",")+"\r\n") || strings.Contains(string(data), "XYZZY") {
		t.Errorf("export file:\n%.300s", data)
	}
}

// pdfPages is the text of each page of the PDF at path, read in Go.
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := reporttest.Pages(b)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}
