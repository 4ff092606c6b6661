// Package parse reads what parents write into observations: the message
// language of medbot (shared/spec/messages.md).
//
// A Parser is built once from a medbot.Family (the family's children, the
// medications and events, the family's zone) and reads any number of
// messages. Parse never fails: what it cannot read yields nothing, and a
// message's raw text is always kept by the store, so a later vocabulary can
// read it again.
//
// # Who
//
// Children are named by name or alias, whole words, any case, possessive
// allowed with or without the apostrophe: "Rory 38.4", "RORY's temp 38.2",
// "rorys temp 38.2", "Roo 38". A message is split at each mention; the text
// before the first belongs to the first child named: "38.2 Freya, Rory
// 37.9" is Freya 38.2 and Rory 37.9. Names joined by "and" mean both
// ("Freya and Rory had calpol"); when a message opens with a reading and
// names no one after its last reading, names close their stretch ("calpol
// 5ml Freya, nurofen 5ml Rory"). A dose after a second child's name takes
// the medicine named before it ("calpol 5ml Freya and 7.5ml Rory").
// "both", "everyone", "kids", "the kids", "them all", "all of them" mean
// every child; "all" alone only where it stands for them ("all asleep",
// "all had calpol"), never in "all night", "all over" or "at all". With one
// child configured every observation is that child's; with several and
// none named, the child is unknown ("") and the bot asks.
//
// # When
//
// By default the message's sent time. "at 14:30", "@14:30", "14:30",
// "at 2:30pm", "at 2pm", "2.30pm", "at 1300" are clock times in the
// family's zone on the message's local date, or the day before when more
// than five minutes ahead ("gave amox at 23:50" sent at 00:10). "at 3:15"
// and "at 3" without am/pm are the most recent past 03:15 or 15:15, and so
// are spoken times: "half 5" and "half past 5" (5:30), "quarter past 3",
// "quarter to 4", "at 10 past 3", "3ish", "about 3", "around 3". "10 mins
// ago", "2 hours ago", "2h ago", "an hour ago", "half an hour ago", "an
// hour and a half ago", "1.5 hours ago" count back; "just now" is the
// message's time. "yesterday at 23:00" is the day before. A time applies to
// its clause, or to the whole sentence when it holds only one ("calpol 5ml
// and nurofen 5ml at 2pm"); a time in a plan ("next due at 18:00") dates
// nothing.
//
// # What
//
//	Rory 38.4 / 38,4 / 39.1c / 38.2°C / 38c     temperature (°C, one decimal)
//	38 point 4                                  as voice typing writes it
//	temp 39 / t 38 / temp: 39                   whole number after a keyword
//	101.3F / temp 100.4                         Fahrenheit, stored as °C
//	38.2-38.6                                   a range: the highest
//	sats 94 / spo2 92% / pulse ox 95 / o2 97    SpO2 (50-100)
//	oximeter says 96% / sats are 94             a few words may come between
//	hr 130 / pulse 120 / 140 bpm                heart rate (30-250)
//	calpol 5ml / 5 ml calpol / 7.5mls nurofen   medication, dose and unit
//	calpol 5 mils / nurofen 100 milligrams      spoken units
//	pred 10mg / 2 puffs blue / blue inhaler x4  (x-counts of inhalers are puffs)
//	half a tablet of piriton / dioralyte x2     (counts take the medicine's unit)
//	paracetemol / ibrufen / amoxicilin          one-letter typos, medicine names of 6+ letters
//	calpol 5ml and nurofen 5ml                  several medications
//	Rory nurofen / gave calpol                  a dose without an amount
//	asleep / woke up / threw up / coughing fit  events of the vocabulary, whole words
//	drank some water / milk / juice             fluids
//	note: GP says keep fluids up                one note, nothing else read
//
// # What records nothing
//
// A wrong record is worse than a missing one, so only statements of what
// happened are read. The parser's notion of context (mood.go) splits a
// message into sentences (at punctuation and new lines) and clauses (at
// "and", "but", "then"...), and records nothing from:
//
//   - a question: a message ending in "?", opening with an auxiliary and
//     its subject or a question word ("does she need more calpol", "when
//     was the last dose", "is 38.6 too high for a toddler"), or ending in a
//     tag ("5ml is right isn't it", "that's normal yeah"); inside a message,
//     what follows a question's word order ("Rory 39.1 should I be
//     worried" keeps the reading and drops the question). An
//     auxiliary with no subject after it is a statement ("has been sick
//     twice", "was 38.2 at 4"), but "do", "does", "did" and the modals
//     never open a statement, so with a number after them they ask ("does
//     38.6 need calpol");
//   - advice, wishes and instructions ("give her lots of fluids", "sleep
//     tight both", "hope he sleeps") and wondering ("maybe", "not sure");
//   - plans, appointments, schedules and what is due, in their clause
//     ("calpol due at 6", "GP appointment at 10.40", "will give amox after
//     tea", "5ml every 4h", "last calpol was at 4"), unless a word of giving
//     comes first ("had calpol 5ml next due at 6");
//   - conditions ("if she's over 38.5 give nurofen");
//   - what someone else said, and who said it, in up to six words before
//     the verb and a phone line's number ("the GP said 38 is ok", "111 said
//     sats above 92 are fine", "the nurse on the phone said 38 is fine",
//     "111 on the phone said…"), though a device may say a reading
//     ("oximeter says 96%");
//   - a reply to someone's question in the chat: a message opening with a
//     yes or a no and a comma records nothing from its first sentence ("no,
//     just sips of water"): what it answers may lie hours back;
//   - things that are not drinks: "hot water bottle", "a bottle of calpol";
//   - numbers that are limits ("hasn't been over 38.5");
//   - anything after a negation in its clause ("won't eat any of her tea",
//     "not drinking much", "refused calpol and nurofen"), except a denied
//     stop ("can't stop coughing");
//   - a medicine that came back up: "brought up his amox", "sick straight
//     after the nurofen", "gave calpol but he threw it up" are a vomit;
//   - a message whose time cannot be known ("38.4 at 25:00", "39.2 last
//     night" without a clock time), except a clause with its own "now"
//     ("38.8 last night, 37.9 now" records 37.9); what went on all night
//     is kept at the message's time ("coughing all night"), unless the
//     message sets it against now ("coughing all night, 38.1 now" records
//     only the 38.1);
//   - commands ("graphs", "status Rory", "/help") and chat ("ok thanks").
//
// One message records each event at most once per child ("had lunch, then
// a snack" is one food event). "blue" and "brown" alone are everyday words
// ("her lips are blue"): they name an inhaler only with an amount or a word
// of giving.
//
// Temperatures outside 34-43 °C, SpO2 outside 50-100 and heart rates outside
// 30-250 are never recorded: they are typos, not readings.
package parse
