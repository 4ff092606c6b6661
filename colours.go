package medbot

// The family's colour scheme, the one place every picture takes its
// colours from. Children have colours (and marker shapes) of their own;
// medicines, events and readings share eight other colours, with shapes
// telling kinds apart (medicines ●, events ▲, SpO2, heart rate, breathing rate and weight ■,
// temperature ○, notes △), so a legend never holds more than eight hues.
//
// The eight were chosen for readers with deuteranopia, the commonest
// colour blindness: simulated (Machado et al. 2009, severity 1), every two
// of them are at least 20 apart in CIELAB, and at least 20 from the first
// two children's colours; all are dark enough to read on white
// (TestColourScheme measures it).

// ChildColours are the children's colours, in the family's order: the
// strongest of the Okabe-Ito palette.
var ChildColours = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7"}

// The things' colours.
const (
	SkyBlue   = "#56B4E9"
	NearBlack = "#1A1A1A"
	Wine      = "#882255"
	Teal      = "#44AA99"
	Indigo    = "#332288"
	Purple    = "#AA4499"
	Rose      = "#BB5566"
	RedBrown  = "#A0281E"
)

// ThingColours are the eight colours of medicines, events and readings.
var ThingColours = []string{Indigo, Rose, Teal, SkyBlue, Wine, Purple, NearBlack, RedBrown}

// Colours of the readings and notes on a timeline.
const (
	TemperatureColour = RedBrown
	SpO2Colour        = Teal
	HeartRateColour   = Purple
	RespRateColour    = SkyBlue
	WeightColour      = Indigo
	NoteColour        = NearBlack
)
