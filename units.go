package medbot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Units are the family's display settings: how temperatures and times of
// day are written in replies, charts and reports. Records are always kept
// in °C; Units only change what is shown.
type Units struct {
	// Fahrenheit shows temperatures in °F.
	Fahrenheit bool
	// Clock12 writes times of day as 2:30pm rather than 14:30.
	Clock12 bool
	// Lang is the language the family reads: "" (or "en") English, "de"
	// German (i18n.go).
	Lang string
}

// TemperatureValue returns c (°C) in the display unit.
func (u Units) TemperatureValue(c float64) float64 {
	if u.Fahrenheit {
		return c*9/5 + 32
	}
	return c
}

// TemperatureUnit returns the display unit's symbol, "°C" or "°F".
func (u Units) TemperatureUnit() string {
	if u.Fahrenheit {
		return "°F"
	}
	return "°C"
}

// Temperature writes c (°C) in the display unit: "38.4 °C", "101.1 °F".
func (u Units) Temperature(c float64) string {
	return u.Decimal(u.TemperatureValue(c), 1) + " " + u.TemperatureUnit()
}

// Clock writes t's time of day in zone: "14:30", or "2:30pm" on a 12-hour
// clock.
func (u Units) Clock(t time.Time, zone *time.Location) string {
	t = t.In(zone)
	if u.Clock12 {
		return t.Format("3:04pm")
	}
	return t.Format("15:04")
}

// WindowName writes a window of time for a title or a reply: "3 days",
// "24 hours".
func WindowName(d time.Duration) string { return Units{}.Window(d) }

// Capitalise writes s with its first letter in upper case ("paracetamol 5
// ml" -> "Paracetamol 5 ml"), for the start of a line.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Count writes n things with the plural right: "1 record", "2 records",
// "3 children".
func Count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	switch {
	case thing == "child":
		thing = "children"
	case strings.HasSuffix(thing, "y") && !strings.HasSuffix(thing, "ay"):
		thing = strings.TrimSuffix(thing, "y") + "ies"
	default:
		thing += "s"
	}
	return fmt.Sprintf("%d %s", n, thing)
}

// When writes a time in zone with the family's clock, with the day when it
// is not the day of now: "14:05", "14:05 yesterday", "04:24 tomorrow",
// "Mon 23 Nov 14:05"
// (so that "at %s" reads as a parent would say it).
func (u Units) When(t, now time.Time, zone *time.Location) string {
	return u.when(t, now, zone, false)
}

// WhenShort is When for a picture's header, with a weekday for an older
// day: "19:46 Fri"; "Fr 19:46".
func (u Units) WhenShort(t, now time.Time, zone *time.Location) string {
	return u.when(t, now, zone, true)
}

// when writes a time with its day when not today: its date, or (short)
// its weekday.
func (u Units) when(t, now time.Time, zone *time.Location, short bool) string {
	t, now = t.In(zone), now.In(zone)
	s := u.Clock(t, zone)
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return s
	case LocalDay(t, zone).Equal(LocalDay(now, zone).AddDate(0, 0, -1)):
		if u.Lang == "de" {
			return "gestern " + s
		}
		return s + " yesterday"
	case LocalDay(t, zone).Equal(LocalDay(now, zone).AddDate(0, 0, 1)):
		if u.Lang == "de" {
			return "morgen " + s
		}
		return s + " tomorrow"
	}
	switch {
	case short && u.Lang == "de":
		return u.Weekday(t) + " " + s
	case short:
		return s + " " + u.Weekday(t) // "19:46 Fri", as a parent says it
	}
	return u.Day(t) + " " + s
}

// Ago writes how long before now t was: "just now", "25 min ago",
// "2 h 10 min ago", "31 h ago".
func Ago(now, t time.Time) string { return Units{}.Ago(now, t) }
