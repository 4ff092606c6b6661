// Package parse reads what parents write into observations: the message
// language of medbot (shared/spec/messages.md).
//
// A Parser is built once from a Vocabulary (the family's children, the
// medications and events, the family's zone) and reads any number of
// messages. Parse never fails: what it cannot read yields nothing, and a
// message's raw text is always kept by the store, so a later vocabulary can
// read it again.
//
// # Who
//
// Children are named by name or alias, whole words, any case, possessive
// allowed: "Rory 38.4", "RORY's temp 38.2", "Roo 38". A message is split at
// each mention; the text before the first belongs to the first child named:
// "38.2 Freya, Rory 37.9" is Freya 38.2 and Rory 37.9. Names joined by "and"
// mean both ("Freya and Rory had calpol"); when a message opens with a
// reading and names no one after its last reading, names close their
// stretch ("calpol 5ml Freya, nurofen 5ml Rory"). "both", "all",
// "everyone", "kids", "the kids" mean every child. With one child
// configured every observation is that child's; with several and none
// named, the child is unknown ("") and the bot asks.
//
// # When
//
// By default the message's sent time. "at 14:30", "@14:30", "14:30",
// "at 2:30pm", "at 2pm", "2.30pm" are clock times in the family's zone on
// the message's local date, or the day before when more than five minutes
// ahead ("gave amox at 23:50" sent at 00:10). "at 3:15" and "at 3" without
// am/pm are the most recent past 03:15 or 15:15. "10 mins ago",
// "2 hours ago", "2h ago", "an hour ago", "half an hour ago" count back.
// "yesterday at 23:00" is the day before. A time applies to its clause, or
// to the whole sentence when it holds only one ("calpol 5ml and nurofen 5ml
// at 2pm"); a time in a plan ("next due at 18:00") dates nothing.
//
// # What
//
//	Rory 38.4 / 38,4 / 39.1c / 38.2°C / 38c     temperature (°C, one decimal)
//	temp 39 / t 38 / temp: 39                   whole number after a keyword
//	101.3F / temp 100.4                         Fahrenheit, stored as °C
//	38.2-38.6                                   a range: the highest
//	sats 94 / spo2 92% / pulse ox 95 / o2 97    SpO2 (50-100)
//	hr 130 / pulse 120 / 140 bpm                heart rate (30-250)
//	calpol 5ml / 5 ml calpol / 7.5mls nurofen   medication, dose and unit
//	pred 10mg / 2 puffs blue / blue inhaler x4  (x-counts of inhalers are puffs)
//	half a tablet of piriton / dioralyte x2     (counts take the medicine's unit)
//	paracetemol / ibrufen / amoxicilin          one-letter typos, names of 6+ letters
//	calpol 5ml and nurofen 5ml                  several medications
//	Rory nurofen / gave calpol                  a dose without an amount
//	asleep / woke up / threw up / coughing fit  events of the vocabulary
//	note: GP says keep fluids up                one note, nothing else read
//
// Nothing is recorded for a negated or refused dose or event ("no calpol
// yet", "didn't have amox", "refused amox", "spat out the nurofen", "not
// asleep yet", "hasn't been sick"), talk about a medicine with no amount,
// no child and no word of giving ("we're nearly out of calpol"), plans
// ("Rory due calpol at 18:00"), questions (ending in "?"), commands
// ("graphs", "status Rory", "/help"), and chat ("ok thanks").
//
// "blue" and "brown" alone are everyday words ("her lips are blue"): they
// name an inhaler only with an amount or a word of giving.
//
// Temperatures outside 34-43 °C, SpO2 outside 50-100 and heart rates outside
// 30-250 are never recorded: they are typos, not readings.
package parse
