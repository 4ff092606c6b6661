package medbot

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// What the family reads is written in its language (Units.Lang): every
// sentence medbot posts, help, status, the pictures' words and the
// report. The English text is the key of each language's catalogue
// (catalog_de.go); a sentence is written through Units.T (a fixed text)
// or Units.F (a format), and the helpers here write numbers, counts,
// days and spans the language's way. TestCatalogue holds every English
// text the code writes to a German one.

// catalogues are the languages medbot writes, by code.
var catalogues = map[string]map[string]string{"de": catalogDE}

// T returns the English text s in the family's language (s itself in
// English, or when the catalogue has no entry).
func (u Units) T(s string) string {
	if c := catalogues[u.Lang]; c != nil {
		if t, ok := c[s]; ok {
			return t
		}
	}
	return s
}

// F writes format, in the family's language, with args.
func (u Units) F(format string, args ...any) string {
	s := fmt.Sprintf(u.T(format), args...)
	if u.Lang == "de" {
		s = germanOrder(s)
	}
	return s
}

// germanDayFirst is "um" before a day and a time: German names the day
// first ("gestern um 14:05", "am Mo 2. Nov um 14:05").
var germanDayFirst = regexp.MustCompile(`\bum (gestern|morgen|(?:Mo|Di|Mi|Do|Fr|Sa|So)(?: \d{1,2}\.(?: [A-Z][a-zä]{2})?)?) `)

// germanOrder puts a German sentence's words in their order where the
// English sentence's order, kept by the catalogue, is not German's: the
// day before "um", and an abbreviation's point not doubled by the
// sentence's ("24 Std..").
func germanOrder(s string) string {
	if strings.Contains(s, "um ") {
		s = germanDayFirst.ReplaceAllStringFunc(s, func(m string) string {
			day := strings.TrimSuffix(strings.TrimPrefix(m, "um "), " ")
			if day != "gestern" && day != "morgen" {
				day = "am " + day
			}
			return day + " um "
		})
	}
	return strings.NewReplacer("Std..", "Std.", "Min..", "Min.").Replace(s)
}

// tag is the family's language for CLDR's plural rules.
func (u Units) tag() language.Tag {
	if u.Lang == "de" {
		return language.German
	}
	return language.English
}

// germanNouns are the things medbot counts, singular and plural.
var germanNouns = map[string][2]string{
	"record": {"Eintrag", "Einträge"}, "message": {"Nachricht", "Nachrichten"}, "child": {"Kind", "Kinder"},
	"dose": {"Dosis", "Dosen"}, "day": {"Tag", "Tage"}, "time": {"Mal", "Mal"}, "hour": {"Stunde", "Stunden"},
	"minute": {"Minute", "Minuten"}, "week": {"Woche", "Wochen"}, "month": {"Monat", "Monate"}, "year": {"Jahr", "Jahre"},
	"question": {"Frage", "Fragen"}, "reading": {"Messwert", "Messwerte"}, "puff": {"Hub", "Hübe"}, "backup": {"Sicherung", "Sicherungen"},
	"reply": {"Antwort", "Antworten"}, "picture": {"Bild", "Bilder"}, "page": {"Seite", "Seiten"}, "group": {"Gruppe", "Gruppen"},
}

// Count writes n things with the plural of the family's language: "1
// record", "2 records"; "1 Eintrag", "2 Einträge".
func (u Units) Count(n int, thing string) string {
	if u.Lang == "" || u.Lang == "en" {
		return Count(n, thing)
	}
	forms, ok := germanNouns[thing]
	if !ok {
		return Count(n, thing)
	}
	if plural.Cardinal.MatchPlural(u.tag(), n, 0, 0, 0, 0) == plural.One {
		return fmt.Sprintf("%d %s", n, forms[0])
	}
	return fmt.Sprintf("%d %s", n, forms[1])
}

// Number writes f without trailing zeros, with the language's decimal
// mark: "7.5"; "7,5".
func (u Units) Number(f float64) string {
	s := FormatNumber(f)
	if u.Lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Decimal writes f with its decimals and the language's decimal mark.
func (u Units) Decimal(f float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, f)
	if u.Lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Amount writes a dose with its unit in the family's language: "5 ml",
// "2 puffs"; "7,5 ml", "2 Hübe".
func (u Units) Amount(dose float64, unit string) string {
	s := u.Number(dose)
	if unit == "" {
		return s
	}
	if forms, ok := unitNames[u.Lang == "de"][unit]; ok {
		unit = forms[1]
		if dose == 1 {
			unit = forms[0]
		}
	}
	return s + " " + unit
}

// unitNames are the dose units' names, one and more, in English (false)
// and German (true); ml and mg are the same in both.
var unitNames = map[bool]map[string][2]string{
	false: {"puffs": {"puff", "puffs"}, "tablets": {"tablet", "tablets"}, "drops": {"drop", "drops"},
		"sachets": {"sachet", "sachets"}, "suppositories": {"suppository", "suppositories"}},
	true: {"puffs": {"Hub", "Hübe"}, "tablets": {"Tablette", "Tabletten"}, "drops": {"Tropfen", "Tropfen"},
		"sachets": {"Beutel", "Beutel"}, "suppositories": {"Zäpfchen", "Zäpfchen"}},
}

// germanDays and germanMonths are the short names of the days and months.
var (
	germanDays   = [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	germanMonths = [12]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"}
)

// Weekday writes t's day of the week, short: "Mon"; "Mo".
func (u Units) Weekday(t time.Time) string {
	if u.Lang == "de" {
		return germanDays[t.Weekday()]
	}
	return t.Format("Mon")
}

// Day writes a local date: "Mon 2 Jan"; "Mo 2. Jan".
func (u Units) Day(t time.Time) string {
	if u.Lang == "de" {
		return fmt.Sprintf("%s %d. %s", germanDays[t.Weekday()], t.Day(), germanMonths[t.Month()-1])
	}
	return t.Format("Mon 2 Jan")
}

// Span writes a duration to the minute: "2 h 24 min"; "2 Std. 24 Min.".
func (u Units) Span(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return u.F("%d min", m)
	case m == 0:
		return u.F("%d h", h)
	}
	return u.F("%d h %d min", h, m)
}

// Ago writes how long before now t was: "just now", "25 min ago", "2 h
// 10 min ago" (minutes under 5 left out), "31 h ago"; "vor 25 Min.".
func (u Units) Ago(now, t time.Time) string {
	if now.Sub(t) < time.Minute {
		return u.T("just now")
	}
	return u.F("%s ago", u.For(now, t))
}

// For writes how long since t, as Ago without its "ago": "6 h"; "6 Std.".
func (u Units) For(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return u.T("just now")
	case d < time.Hour:
		return u.F("%d min", int(d.Minutes()))
	case d < 10*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m >= 5 {
			return u.F("%d h %d min", h, m)
		}
		return u.F("%d h", h)
	}
	return u.F("%d h", int(d.Hours()+0.5))
}

// Ordinal writes n as an ordinal: "5th"; "5.".
func (u Units) Ordinal(n int) string {
	if u.Lang == "de" {
		return fmt.Sprintf("%d.", n)
	}
	return Ordinal(n)
}

// Window writes a window of time: "3 days"; "3 Tage".
func (u Units) Window(d time.Duration) string {
	h := int(d.Round(time.Hour).Hours())
	if h%24 == 0 && h > 24 {
		return u.Count(h/24, "day")
	}
	return u.Count(h, "hour")
}

// Schedule writes a course's schedule: as the family wrote it in English
// ("3/day for 7 days"); "3/Tag für 7 Tage".
func (u Units) Schedule(s Schedule) string {
	if u.Lang != "de" || s.PerDay <= 0 {
		return s.Text
	}
	out := u.F("%d/day", s.PerDay)
	if s.Days > 0 {
		out += u.F(" for %s", u.Count(s.Days, "day"))
	}
	return out
}

// Date writes a calendar date, with its day or only its month: "14 Sep
// 2025", "Sep 2025"; "14. Sep 2025".
func (u Units) Date(t time.Time, withDay bool) string {
	if u.Lang != "de" {
		if withDay {
			return t.Format("2 Jan 2006")
		}
		return t.Format("Jan 2006")
	}
	my := fmt.Sprintf("%s %d", germanMonths[t.Month()-1], t.Year())
	if withDay {
		return fmt.Sprintf("%d. %s", t.Day(), my)
	}
	return my
}

// Within writes a window after "in the last": "3 days"; "3 Tagen" (in
// German the dative: "in den letzten 3 Tagen").
func (u Units) Within(d time.Duration) string {
	w := u.Window(d)
	if u.Lang == "de" && strings.HasSuffix(w, " Tage") {
		w += "n"
	}
	return w
}

// Describe writes an observation in the family's language: "38.4 °C",
// "paracetamol 5 ml", "SpO2 94 %"; "38,4 °C", "Paracetamol 5 ml".
func (u Units) Describe(o Observation) string {
	if u.Lang != "de" {
		if o.Kind == Temperature {
			return u.Temperature(o.Value)
		}
		return o.Describe()
	}
	switch o.Kind {
	case Temperature:
		return u.Temperature(o.Value)
	case Medication:
		name := u.T(o.Name)
		if o.HasDose {
			return name + " " + u.Amount(o.Dose, o.Unit)
		}
		return name
	case Event:
		return u.T(o.Name)
	case Note:
		return u.T("note")
	}
	i := o.Kind.Info()
	return u.T(i.Name) + " " + u.Value(o.Kind, o.Value)
}

// Value writes a reading's value with its unit: "94 %", "14.2 kg";
// "14,2 kg".
func (u Units) Value(k Kind, v float64) string {
	i := k.Info()
	s := u.Decimal(v, i.Decimals)
	if i.Spaced {
		return s + " " + i.Unit
	}
	return s + i.Unit
}

// CatalogDE returns the German of an English text, for the catalogue's
// test.
func CatalogDE(en string) (string, bool) {
	de, ok := catalogDE[en]
	return de, ok
}
