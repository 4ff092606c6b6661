package main

import "time"

// storyLine is one message of the demo's illness: h hours after the
// story's start, from a parent. Edit, when set, is a later correction of
// that message (as the parent edits it in Signal). Answer, when set, is a
// reply to medbot's "Who is this for?".
type storyLine struct {
	h      float64
	who    string
	text   string
	edit   string
	answer string
}

// storyHours is how long the story runs; it ends about now.
const storyHours = 70

// story is a deterministic three-day illness of two children, written the
// way parents write: Rory (2) with a fever and a chest infection on
// amoxicillin, Freya (5) catching it a day later, with her asthma.
var story = []storyLine{
	{h: 0, who: "Mum", text: "Rory feels hot, 38.2"},
	{h: 0.1, who: "Mum", text: "calpol 5ml Rory"},
	{h: 1.5, who: "Dad", text: "Roo asleep"},
	{h: 3.2, who: "Dad", text: "Rory woke up crying, 38.9"},
	{h: 3.3, who: "Dad", text: "nurofen 5ml Rory"},
	{h: 5.0, who: "Dad", text: "Rory 38.1 and drank 100ml"},
	{h: 7.4, who: "Mum", text: "Rory 39.3", edit: "Rory 39.0"},
	{h: 7.5, who: "Mum", text: "calpol 5ml Rory at {clock}"},
	{h: 9.0, who: "Mum", text: "Rory was sick after his milk"},
	{h: 10.0, who: "Dad", text: "38.4"},
	{h: 10.1, who: "Dad", text: "", answer: "Rory"},
	{h: 11.0, who: "Dad", text: "Rory asleep finally"},
	{h: 13.5, who: "Mum", text: "Rory 39.4, nurofen 5ml"},
	{h: 13.6, who: "Mum", text: "Rory coughing a lot, sats 94 hr 150"},
	{h: 16.0, who: "Mum", text: "called 111, they said see GP in the morning"},
	{h: 16.1, who: "Mum", text: "", answer: "Rory"},
	{h: 17.5, who: "Dad", text: "Rory paracetemol 5ml"},
	{h: 20.0, who: "Dad", text: "GP: chest infection. amox 5ml Rory"},
	{h: 20.1, who: "Dad", text: "note: GP says keep fluids up, back if sats under 92 or breathing fast"},
	{h: 21.0, who: "Mum", text: "Rory 38.6 sats 95"},
	{h: 22.0, who: "Mum", text: "Freya says her head hurts, 37.9"},
	{h: 24.0, who: "Mum", text: "Rory ibrufen 5ml"},
	{h: 26.5, who: "Dad", text: "Rory 37.8, ate some toast"},
	{h: 28.0, who: "Dad", text: "amox 5ml Rory"},
	{h: 28.5, who: "Dad", text: "Freya 38.7"},
	{h: 28.6, who: "Dad", text: "calpol 7.5ml Freya"},
	{h: 29.0, who: "Mum", text: "Freya coughing, blue inhaler x4"},
	{h: 31.0, who: "Mum", text: "both asleep"},
	{h: 33.5, who: "Dad", text: "Freya woke up coughing, 38.9, sats 96"},
	{h: 33.6, who: "Dad", text: "nurofen 7.5ml Freya, 2 puffs blue"},
	{h: 34.0, who: "Dad", text: "Rory 38.3"},
	{h: 36.0, who: "Mum", text: "Rory amox 5ml, calpol 5ml"},
	{h: 37.0, who: "Mum", text: "Freya threw up"},
	{h: 37.2, who: "Mum", text: "Freya dioralyte 1 sachet"},
	{h: 39.5, who: "Dad", text: "Freya 38.2 Rory 37.6"},
	{h: 41.0, who: "Dad", text: "Freya calpol 7.5ml"},
	{h: 43.0, who: "Mum", text: "Rory no calpol needed, 37.4"},
	{h: 44.0, who: "Mum", text: "amox 5ml Rory"},
	{h: 45.0, who: "Mum", text: "Freya brown inhaler 2 puffs"},
	{h: 46.0, who: "Dad", text: "Freya 38.8 sats 95 hr 128"},
	{h: 46.1, who: "Dad", text: "nurofen 7.5ml Freya"},
	{h: 48.0, who: "Dad", text: "Rory 37.2 eating dinner"},
	{h: 49.0, who: "Mum", text: "both asleep"},
	{h: 51.5, who: "Mum", text: "Freya 38.4 coughing fit, blue x6"},
	{h: 51.6, who: "Mum", text: "Freya calpol 7.5ml"},
	{h: 52.0, who: "Mum", text: "amox 5ml Rory"},
	{h: 55.0, who: "Dad", text: "Freya 37.9, Rory 36.9"},
	{h: 57.0, who: "Dad", text: "Freya nurofen 7.5ml"},
	{h: 59.0, who: "Dad", text: "Rory woke, drank a bottle"},
	{h: 60.0, who: "Mum", text: "amox 5ml Rory"},
	{h: 61.0, who: "Mum", text: "Freya 38.1 sats 96"},
	{h: 62.0, who: "Mum", text: "Freya calpol 7.5ml"},
	{h: 64.0, who: "Dad", text: "Freya rash on tummy? probably the fever"},
	{h: 65.0, who: "Dad", text: "Freya rash on her tummy, not raised"},
	{h: 66.0, who: "Dad", text: "Rory 36.8 playing"},
	{h: 67.5, who: "Mum", text: "Freya 37.6"},
	{h: 68.0, who: "Mum", text: "amox 5ml Rory"},
	{h: 69.0, who: "Mum", text: "Freya nurofen 7.5ml, 2 puffs brown"},
}

// storyStart is when the story starts so that it ends just before now.
func storyStart(now time.Time) time.Time {
	return now.Add(-storyHours * time.Hour).Truncate(time.Minute)
}
