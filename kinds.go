package medbot

import (
	"fmt"
	"math"
)

// Class is what sort of thing a kind of observation is.
type Class int

// The classes of observation.
const (
	ReadingClass Class = iota + 1 // a measured number with a unit
	DoseClass                     // a medicine given
	EventClass                    // something that happened
	NoteClass                     // free text
)

// Marker is the shape a kind is drawn with on a timeline and in a legend.
type Marker int

// The markers.
const (
	Circle Marker = iota + 1
	Ring
	Square
	Triangle
	OpenTriangle
)

// KindInfo is everything medbot's packages know about one kind of
// observation: the store, the parser, the timeline, the charts, the
// report, the export and the replies all read it from Kinds, so a new
// reading is one row here, its words in the parser and a test.
type KindInfo struct {
	Kind  Kind
	Class Class
	// Name is the kind in a sentence ("heart rate"); Label the same at
	// the start of a line or a legend ("Heart rate").
	Name, Label string
	// Unit is what follows a reading's value ("°C", "%", "/min", "kg"),
	// Spaced whether a space stands between them.
	Unit   string
	Spaced bool
	// Min and Max are the plausible values of a reading: the parser reads
	// nothing outside them, and Decimals is how many it keeps.
	Min, Max float64
	Decimals int
	// Colour and Marker are how the kind is drawn (medicines and events
	// take their own colours from the family's legend).
	Colour string
	Marker Marker
	// Emoji is the reaction on a message that recorded this kind only.
	Emoji string
}

// Kinds is every kind medbot records, readings first in the order status
// and the report list them.
var Kinds = []KindInfo{
	{Kind: Temperature, Class: ReadingClass, Name: "temperature", Label: "Temperature", Unit: "°C", Spaced: true,
		Min: 34, Max: 43, Decimals: 1, Colour: TemperatureColour, Marker: Ring, Emoji: "🌡️"},
	{Kind: SpO2, Class: ReadingClass, Name: "SpO2", Label: "SpO2", Unit: "%", Spaced: true,
		Min: 50, Max: 100, Colour: SpO2Colour, Marker: Square, Emoji: "🫀"},
	{Kind: HeartRate, Class: ReadingClass, Name: "heart rate", Label: "Heart rate", Unit: "bpm", Spaced: true,
		Min: 30, Max: 250, Colour: HeartRateColour, Marker: Square, Emoji: "🫀"},
	{Kind: RespRate, Class: ReadingClass, Name: "breathing rate", Label: "Breathing rate", Unit: "/min",
		Min: 10, Max: 120, Colour: RespRateColour, Marker: Square, Emoji: "🫁"},
	{Kind: Weight, Class: ReadingClass, Name: "weight", Label: "Weight", Unit: "kg", Spaced: true,
		Min: 1, Max: 150, Decimals: 1, Colour: WeightColour, Marker: Square, Emoji: "⚖️"},
	{Kind: Medication, Class: DoseClass, Name: "dose", Label: "Dose", Marker: Circle, Emoji: "💊"},
	{Kind: Event, Class: EventClass, Name: "event", Label: "Event", Marker: Triangle, Emoji: "📝"},
	{Kind: Note, Class: NoteClass, Name: "note", Label: "Note", Colour: NoteColour, Marker: OpenTriangle, Emoji: "📝"},
}

// Readings are the kinds of Kinds that are readings, in Kinds' order.
var Readings = func() []Kind {
	var ks []Kind
	for _, k := range Kinds {
		if k.Class == ReadingClass {
			ks = append(ks, k.Kind)
		}
	}
	return ks
}()

// Info returns k's row of Kinds. A kind not in Kinds is a programming
// error: it panics rather than be stored as zero or drawn blank.
func (k Kind) Info() KindInfo {
	for _, i := range Kinds {
		if i.Kind == k {
			return i
		}
	}
	panic(fmt.Sprintf("medbot: kind %q is not in medbot.Kinds", string(k)))
}

// Known reports whether k is a kind in Kinds (for data read from outside).
func (k Kind) Known() bool {
	for _, i := range Kinds {
		if i.Kind == k {
			return true
		}
	}
	return false
}

// Reading reports whether k is a measured reading (a number with a
// unit), as opposed to a dose, an event or a note.
func (k Kind) Reading() bool {
	return k.Known() && k.Info().Class == ReadingClass
}

// Plausible reports whether v is a value a reading of this kind can be.
func (i KindInfo) Plausible(v float64) bool {
	return v >= i.Min && v <= i.Max
}

// Round rounds v to the kind's Decimals.
func (i KindInfo) Round(v float64) float64 {
	p := math.Pow(10, float64(i.Decimals))
	return math.Round(v*p) / p
}

// Value writes a reading's value with its unit: "38.4 °C", "94 %",
// "45/min", "14.2 kg".
func (i KindInfo) Value(v float64) string {
	s := fmt.Sprintf("%.*f", i.Decimals, v)
	if i.Spaced {
		return s + " " + i.Unit
	}
	return s + i.Unit
}

// Clinical lines every package draws and checks against: one of each,
// from NICE NG143 (fever in under 5s) and its NHS parent version. A
// family's configuration may set its own fever line (Family.FeverC).
const (
	// FeverC is NICE NG143's fever: 38 °C or more.
	FeverC = 38.0
	// LowTemperatureC is the NHS parent version's red line for a baby
	// under 3 months: below 36 °C.
	LowTemperatureC = 36.0
	// LowSpO2 is NICE NG143's amber line: SpO2 of 95 % or less in air.
	LowSpO2 = 95.0
)
