package parse_test

import (
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// checkPlausible fails for an observation no message could have meant.
func checkPlausible(t *testing.T, text string, sent time.Time, o medbot.Observation, children map[string]bool) {
	t.Helper()
	if !o.Kind.Known() {
		t.Errorf("%q: kind %q", text, o.Kind)
		return
	}
	switch info := o.Kind.Info(); {
	case info.Class == medbot.ReadingClass:
		if !info.Plausible(o.Value) {
			t.Errorf("%q: %s %v outside %v–%v", text, info.Name, o.Value, info.Min, info.Max)
		}
	case o.Kind == medbot.Medication:
		if o.Name == "" || (o.HasDose && (o.Dose <= 0 || o.Dose > 10000)) {
			t.Errorf("%q: medication %+v", text, o)
		}
	case o.Kind == medbot.Event:
		if o.Name == "" {
			t.Errorf("%q: event without a name", text)
		}
	}
	if o.At.After(sent.Add(5 * time.Minute)) {
		t.Errorf("%q: at %v is more than 5 minutes after the message (%v)", text, o.At, sent)
	}
	if o.At.Before(sent.Add(-49 * time.Hour)) {
		t.Errorf("%q: at %v is more than two days before the message (%v)", text, o.At, sent)
	}
	if o.Child != "" && !children[o.Child] {
		t.Errorf("%q: child %q", text, o.Child)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Rory 38.4", "38.2 Freya, Rory 37.9", "calpol 5ml at 2pm Rory", "gave amox at 23:50 Rory",
		"Rory sats 94 hr 130", "Roo blue inhaler x4", "note: GP says keep fluids up", "Freya 2 hours ago calpol 5ml",
		"both had calpol 5ml", "Fifi 101.3F", "no calpol yet for Freya, 38.1", "Rory 38.2-38.6", "at 12:60pm 38.4",
		"x99999 blue", "half an hour ago", "Freya and Rory had calpol", "temp 109.9F", "\xff\xfe Rory 38.4",
		// the grown spec: moods, negation scope, spoken times and numbers
		"is 38.6 too high for a toddler", "5ml is the right amount isn't it", "the GP said 38 is ok",
		"calpol 5ml Freya and 7.5ml Rory", "Rory 38.4 at half 5", "quarter to 4 calpol", "at 1300 3ish",
		"an hour and a half ago rory", "38 point 4 mils", "brought up his amox", "won't eat any of her tea",
		"at 10 past 3", "2 and a half hours ago", "38.4 at 25:00", "freya 38.8 last night", "all asleep all night",
		"oximeter says 96%", "no she had calpol at 2", "if sats drop below 92 go to A&E", "rorys temp 38 point",
		// German: read by the German family's parser too
		"Mia 38,5", "Jonas um halb 5 Nurofen 2,5 ml", "ein halbes Zäpfchen ben-u-ron 250 für Mia", "Mias Temperatur 38,2",
		"Hat sie über 39, gib Nurofen", "vor anderthalb Stunden 38 Komma 7", "Jonas 5 vor halb 4 125er Zäpfchen",
		"hat die ganze Nacht gehustet, jetzt 38,1", "ne, nur ein paar Schluck Wasser", "Ibusaft 5ml für beide",
	} {
		f.Add(s, int64(1763647500000))
	}
	p := twoChildren(f)
	de := germanFamily(f)
	children := map[string]bool{"Freya": true, "Rory": true, "Mia": true, "Jonas": true, "Alex": true}
	f.Fuzz(func(t *testing.T, text string, sentMS int64) {
		if sentMS < 0 || sentMS > 4102444800000 {
			sentMS %= 4102444800000
			if sentMS < 0 {
				sentMS = -sentMS
			}
		}
		sent := time.UnixMilli(sentMS).Truncate(time.Second)
		for _, parser := range []*parse.Parser{p, de} {
			for _, o := range parser.Parse(text, sent) {
				checkPlausible(t, text, sent, o, children)
			}
			parser.Command(text)
		}
	})
}

func TestPathological(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	children := map[string]bool{"Freya": true, "Rory": true}
	inputs := map[string]string{
		"1 MiB of digits":        strings.Repeat("7", 1<<20),
		"digits with decimals":   strings.Repeat("38.4 ", 100000),
		"invalid UTF-8":          strings.Repeat("\xff\xfe\xc3 Rory 38.4 \x80", 10000),
		"control characters":     strings.Repeat("\x00\x01\x1b[31mRory\x07 38.4\r\n", 10000),
		"10,000 child names":     strings.Repeat("Rory Freya ", 10000),
		"10,000 names and doses": strings.Repeat("calpol 5ml Rory, ", 10000),
		"many times":             strings.Repeat("at 14:30 ", 20000),
		"many negations":         strings.Repeat("no not didn't ", 20000),
		"German: many times":     strings.Repeat("um halb 5 vor 20 Minuten ", 10000),
		"German: many clauses":   strings.Repeat("Mia 38,5, hat kein ben-u-ron bekommen und ", 5000),
		"German: many compounds": strings.Repeat("Ibusaft Mias Zäpfchen 125er ", 10000),
	}
	de := germanFamily(t)
	for k, v := range map[string]bool{"Mia": true, "Jonas": true, "Alex": true} {
		children[k] = v
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			for _, parser := range []*parse.Parser{p, de} {
				for _, o := range parser.Parse(text, sent) {
					checkPlausible(t, name, sent, o, children)
				}
			}
		})
	}
	// a message reads every reading in it up to MaxFindings; beyond, it
	// records nothing (the bot says so), and the work stops there
	if n := len(p.Parse(strings.Repeat("Rory 38.4, ", parse.MaxFindings), sent)); n != parse.MaxFindings {
		t.Errorf("%d readings: got %d observations", parse.MaxFindings, n)
	}
	if r := p.Read(strings.Repeat("Rory 38.4, ", 1000), sent); !r.TooMany || len(r.Observations) != 0 {
		t.Errorf("1000 readings: too many %v, %d observations", r.TooMany, len(r.Observations))
	}
}
