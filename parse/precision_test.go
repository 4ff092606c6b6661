package parse_test

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/medbot/medbot/parse"
)

// ruleCase is one message of a rule's table: what it must record, in
// brief() form; nil records nothing.
type ruleCase struct {
	text string
	sent time.Time // zero: Friday 20 November 2026, 14:05 UTC
	want []string
}

// runRules runs a table of rules, one subtest per rule.
func runRules(t *testing.T, rules map[string][]ruleCase) {
	t.Helper()
	p := twoChildren(t)
	for rule, cases := range rules {
		t.Run(rule, func(t *testing.T) {
			for _, c := range cases {
				checkBriefs(t, p, c)
			}
		})
	}
}

// checkBriefs parses c.text, sent at c.sent (zero: Friday 20 November
// 2026, 14:05 UTC), and compares what it records with c.want.
func checkBriefs(t *testing.T, p *parse.Parser, c ruleCase) {
	t.Helper()
	sent := c.sent
	if sent.IsZero() {
		sent = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	}
	var got []string
	for _, o := range p.Parse(c.text, sent) {
		got = append(got, brief(o))
	}
	if diff := cmp.Diff(c.want, got); diff != "" {
		t.Errorf("Parse(%q) (-want +got):\n%s", c.text, diff)
	}
}

// nothing makes record-nothing cases of texts.
func nothing(texts ...string) []ruleCase {
	cs := make([]ruleCase, len(texts))
	for i, s := range texts {
		cs[i] = ruleCase{text: s}
	}
	return cs
}

// TestWhatRecordsNothing holds each rule of the spec's "What records
// nothing", with every phrase the spec quotes and more written the way
// parents write.
func TestWhatRecordsNothing(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"question mark": nothing("has Freya had calpol?", "Rory 38.2, Freya?", "has she had calpol? 🙏",
			"Rory sleeping? no", "is rory due his amox?", "5ml calpol ok for a 3yo?"),
		"question opening: auxiliary and subject": nothing("is 38.6 too high for a toddler", "does she need more calpol",
			"should I give nurofen", "can they have ibuprofen with amox", "should rory have more nurofen",
			"can I give them both calpol", "do you think she needs the GP", "has anyone given freya her amox",
			"did you give rory his inhaler", "is freya's temp ok at 38.3", "is 5ml of calpol right for a 2 year old",
			"is she due her calpol", "can freya have calpol yet", "is it time for rory's amox"),
		"question opening: question word": nothing("when was the last dose", "how much calpol can rory have",
			"what time did she have nurofen", "when did rory last have calpol", "when was the last nurofen",
			"what's her temp now 38.4?", "who gave rory calpol 5ml", "why is she 38.9 again"),
		"question tag": nothing("5ml is the right amount isn't it", "hr 125 is fine at his age right",
			"that's normal yeah", "calpol 5ml for her is right isn't it", "sats 94 is ok yeah"),
		"question inside a message": nothing("Freya asleep? not yet", "calpol? can she have it now",
			"any temp? is she ok"),
		"advice, wishes and instructions": nothing("give her lots of fluids", "keep an eye on his temp",
			"let me know what the GP says", "sleep tight both", "get well soon x", "hope he sleeps",
			"give rory calpol at 6 if he's still hot", "keep giving her fluids", "try and get him to drink",
			"make sure she has her amox at 8", "let's see how she is in the morning", "hope freya sleeps tonight 🤞",
			"get well soon rory ❤️", "sleep tight both xx", "can you grab some calpol on the way home"),
		"plans, appointments and what is due": nothing("calpol due at 6", "nurofen next at 4", "GP appointment at 10.40",
			"booked the doctor for 3", "will give amox after tea", "going to try some toast", "calpol due at 8 for rory",
			"rory's nurofen next due 6pm", "GP appt for freya at 10.40 tomorrow", "booked the doctor for rory at 3",
			"will give freya amox after tea", "going to try rory with some toast", "gonna give her a bath",
			"going to check his sats", "last calpol was at 4", "freya's last nurofen 5ml at 2",
			"Rory due calpol 5ml at 18:00"),
		"conditions": nothing("if she's over 38.5 give nurofen", "if rory wakes give him calpol",
			"nurofen 5ml if she's still 38.5 at 6"),
		"what someone else said": nothing("111 said sats above 92 are fine", "the GP said 38 is ok",
			"pharmacist says 5ml every 4h", "111 said give calpol and nurofen", "GP said 38.5 is nothing to worry about",
			"pharmacist said 2.5ml every 4 hours", "nurse told us sats above 92 are fine", "my mum says calpol 5ml is fine",
			"GP prescribed amox 5ml 3 times a day for rory"),
		"limits are not readings": nothing("rory temp hasn't gone above 38 today", "Rory temp over 39",
			"Rory hasn't been over 38.5 since lunch"),
		"commands": nothing("graphs", "graphs 3d Rory", "/status", "help", "status", "undo"),
		"chat": nothing("ok thanks", "on my way", "ok thanks love", "on my way home now", "running late sorry",
			"we're out of nurofen", "need more calpol", "bought more calpol", "the calpol is in the cupboard",
			"thermometer battery died", "all good here x", "up all night with freya", "we're nearly out of calpol"),
		"a time that does not exist":         nothing("Rory 38.4 at 25:00", "Rory 38.4 at 14:75"),
		"undated: last night without a time": nothing("freya 38.8 last night", "Rory 39.2 last night"),
	})
}

// TestStatementsStillRead holds statements that look like the forms above
// but say what happened: an auxiliary with its subject dropped, a
// question word that is a conjunction, advice after what was done.
func TestStatementsStillRead(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"auxiliary without a subject": {
			{text: "has been sick twice", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "was 38.2 at 4", want: []string{"temperature - 11-20 04:00 38.2"}},
			{text: "was 38.2 at 4 rory", want: []string{"temperature Rory 11-20 04:00 38.2"}},
			{text: "has been sick again", want: []string{"event - 11-20 14:05 vomit"}},
		},
		"question word as a conjunction": {
			{text: "when she woke up she was 38.9", want: []string{"event - 11-20 14:05 wake", "temperature - 11-20 14:05 38.9"}},
			{text: "what a night, rory 39.2 at 3am", want: []string{"temperature Rory 11-20 03:00 39.2"}},
		},
		"the statement before a plan, wish or report": {
			{text: "Rory had calpol 5ml, next due at 18:00", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
			{text: "Freya 38.9 calpol 5ml given at 14:00 next due 18:00", want: []string{"temperature Freya 11-20 14:00 38.9", "medication Freya 11-20 14:00 paracetamol 5 ml"}},
			{text: "Rory asleep, hope he stays asleep", want: []string{"event Rory 11-20 14:05 sleep"}},
			{text: "rory temp 38.3 will check again in an hour", want: []string{"temperature Rory 11-20 14:05 38.3"}},
			{text: "Rory had calpol 5ml, GP said fine", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
			{text: "doctor said it's viral, gave calpol 5ml rory", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
			{text: "Rory saw the GP, she said it's an ear infection", want: []string{"event Rory 11-20 14:05 doctor"}},
			{text: "Rory had nurofen at 2 so can have calpol now", want: []string{"medication Rory 11-20 14:00 ibuprofen"}},
			{text: "Freya 38.9, should I give calpol", want: []string{"temperature Freya 11-20 14:05 38.9"}},
		},
		"a reading before a question": {
			{text: "rory 39.1 should I be worried", want: []string{"temperature Rory 11-20 14:05 39.1"}},
			{text: "Rory 38.9 should I give calpol", want: []string{"temperature Rory 11-20 14:05 38.9"}},
			{text: "Rory 37.5 is that ok", want: []string{"temperature Rory 11-20 14:05 37.5"}},
			{text: "38.6 is that too high", want: []string{"temperature - 11-20 14:05 38.6"}},
			{text: "Freya 38.4 what should I give her", want: []string{"temperature Freya 11-20 14:05 38.4"}},
		},
		"a device says a reading": {
			{text: "oximeter says 96% Rory", want: []string{"spo2 Rory 11-20 14:05 96"}},
		},
		"a no that answers": {
			{text: "no she had calpol at 2", want: []string{"medication - 11-20 14:00 paracetamol"}},
		},
	})
}

// TestNegation covers a negation reaching to the end of its clause, lists
// of refused medicines, and a denied stop.
func TestNegation(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"negation reaches the end of its clause": nothing("won't eat any of her tea", "hasn't touched his breakfast",
			"refusing his bottle", "not drinking much", "freya not drinking much today", "rory hasn't eaten all day",
			"freya won't eat her tea", "not sick since this morning", "Freya doesn't want her milk",
			"rory not coughing as much", "can't get freya to take her amox", "not asleep yet Rory", "Freya hasn't been sick"),
		"a negated or refused dose": nothing("no calpol yet", "didn't have amox", "refused amox", "spat out the nurofen",
			"won't take calpol", "skipped nurofen", "rory won't take his amox", "freya refused the nurofen",
			"rory spat out half his calpol", "no calpol for freya since 2", "didn't give rory any nurofen",
			"refused calpol and nurofen", "Rory won't take calpol or nurofen"),
		"a stop that is denied goes on": {
			{text: "rory can't stop coughing", want: []string{"event Rory 11-20 14:05 cough"}},
			{text: "freya stopped coughing"},
		},
		"negation ends with its clause": {
			{text: "no fever, rory 37.1", want: []string{"temperature Rory 11-20 14:05 37.1"}},
			{text: "Freya still coughing but no temp", want: []string{"event Freya 11-20 14:05 cough"}},
			{text: "no calpol yet for Freya, 38.1", want: []string{"temperature Freya 11-20 14:05 38.1"}},
		},
	})
}

// TestCameBackUp covers a medicine that is what came back up.
func TestCameBackUp(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"a medicine that came back up is a vomit": {
			{text: "brought up his amox", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "sick straight after the nurofen", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "rory brought up his amox", want: []string{"event Rory 11-20 14:05 vomit"}},
			{text: "freya sick straight after the calpol", want: []string{"event Freya 11-20 14:05 vomit"}},
			{text: "gave calpol 5ml but he threw it up", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "amox came straight back up", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "Rory threw up his calpol", want: []string{"event Rory 11-20 14:05 vomit"}},
		},
		"what came back up is a vomit, never fluids or food": {
			{text: "bottle came back up", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "Rory was sick after his milk", want: []string{"event Rory 11-20 14:05 vomit"}},
			{text: "freya threw up too, mostly water i think", want: []string{"event Freya 11-20 14:05 vomit"}},
			{text: "threw up, mostly water", want: []string{"event - 11-20 14:05 vomit"}},
			{text: "think he brought up his amox", want: []string{"event - 11-20 14:05 vomit"}},
		},
		"a drink after a vomit, with its own verb, is a drink": {
			{text: "Rory was sick at 2, drank 100ml since", want: []string{"event Rory 11-20 14:00 vomit", "event Rory 11-20 14:05 fluids"}},
			{text: "Rory drank 100ml of water", want: []string{"event Rory 11-20 14:05 fluids"}},
		},
		"a dose after a vomit is a dose": {
			{text: "Rory was sick, gave calpol 5ml after", want: []string{"event Rory 11-20 14:05 vomit", "medication Rory 11-20 14:05 paracetamol 5 ml"}},
		},
	})
}

// TestRemindersAndAdvice covers what a parent says to the other parent:
// reminders of what was done before and advice record nothing; a
// reminder's findings come back as Recalled doubts, for the bot to look
// up.
func TestRemindersAndAdvice(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, london)
	tests := []struct {
		text     string
		recalled []string // the Recalled doubts' Meant, briefly
	}{
		{text: "he already had nurofen at 11 remember", recalled: []string{"medication - 11-20 11:00 ibuprofen"}},
		{text: "like I said she had calpol at 6", recalled: []string{"medication - 11-20 06:00 paracetamol"}},
		{text: "as I said, 38.2 earlier", recalled: []string{"temperature - 11-20 14:05 38.2"}},
		{text: "Rory had calpol at 1 remember", recalled: []string{"medication Rory 11-20 13:00 paracetamol"}},
		{text: "you get some sleep"},
		{text: "ok im taking over, you get some sleep"},
		{text: "go and lie down"},
		{text: "u rest, I've got them"},
	}
	for _, tt := range tests {
		r := p.Read(tt.text, sent)
		if len(r.Observations) > 0 {
			t.Errorf("%q records %v, want nothing", tt.text, r.Observations)
		}
		got := meantOf(r, parse.Recalled)
		if !slices.Equal(got, tt.recalled) {
			t.Errorf("%q recalls %q, want %q", tt.text, got, tt.recalled)
		}
	}
	// statements that only look like reminders are read
	runRules(t, map[string][]ruleCase{
		"a statement with 'remember' in it is read": {
			{text: "remember Rory had calpol at 1", want: nil},
			{text: "you gave Rory calpol 5ml", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		},
	})
}

// TestQueriedReadings covers a reading written with only "?" after it: it
// records nothing, and comes back as a Queried doubt so the bot can ask.
// A real question gives none.
func TestQueriedReadings(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, london)
	tests := []struct {
		text string
		want []string
	}{
		{text: "Rory 38.4?", want: []string{"temperature Rory 11-20 14:05 38.4"}},
		{text: "rory sats 88 now?? breathing looks fast", want: []string{"spo2 Rory 11-20 14:05 88"}},
		{text: "Rory 37.2, Freya 38.9?", want: []string{"temperature Rory 11-20 14:05 37.2", "temperature Freya 11-20 14:05 38.9"}}, // the message records nothing: both are asked
		{text: "rory sats 88 now??", want: []string{"spo2 Rory 11-20 14:05 88"}},
		{text: "freya hr 150?", want: []string{"heart_rate Freya 11-20 14:05 150"}},
		{text: "is 38.6 too high?"},
		{text: "Rory 38.4 is that ok?"},
		{text: "calpol 5ml?"},
		{text: "38.5 normal?"},
	}
	for _, tt := range tests {
		r := p.Read(tt.text, sent)
		if len(r.Observations) > 0 {
			t.Errorf("%q records %v, want nothing", tt.text, r.Observations)
		}
		got := meantOf(r, parse.Queried)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: queried %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestQuestionAfterAnOpening: a question in a later sentence is answered
// like one that opens the message.
func TestQuestionAfterAnOpening(t *testing.T) {
	p := twoChildren(t)
	r := p.Read("oh no. when can rory have calpol again", time.Date(2026, 11, 20, 14, 5, 0, 0, london))
	if len(r.Observations) > 0 || r.Question == nil || !slices.Equal(r.Question.Children, []string{"Rory"}) || !slices.Equal(r.Question.Medicines, []string{"paracetamol"}) {
		t.Errorf("got %+v, question %+v; want a question about Rory's paracetamol", r.Observations, r.Question)
	}
}

// TestWholeWords covers whole-word matching: no event or child is read out
// of another word; typos are forgiven in medication names alone.
func TestWholeWords(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"no event out of another word": nothing("taking her temp now", "Rory walking around", "walking the dog",
			"heating is on", "heating is on full", "tapping on the window", "tapping on the window lol"),
		"typos in medication names": {
			{text: "Rory ibuprofin 5ml", want: []string{"medication Rory 11-20 14:05 ibuprofen 5 ml"}},
			{text: "gave paracetemol 5ml freya", want: []string{"medication Freya 11-20 14:05 paracetamol 5 ml"}},
		},
		"one event per name per child per message": {
			{text: "had lunch, first food all day", want: []string{"event - 11-20 14:05 food"}},
			{text: "Rory had breakfast and a snack", want: []string{"event Rory 11-20 14:05 food"}},
			{text: "freya coughing, rory coughing too", want: []string{"event Freya 11-20 14:05 cough", "event Rory 11-20 14:05 cough"}},
		},
	})
}

// TestWho covers the new forms of "Who".
func TestWho(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"possessive without apostrophe": {
			{text: "rorys temp 38.2", want: []string{"temperature Rory 11-20 14:05 38.2"}},
			{text: "freyas tummy hurts, coughing", want: []string{"event Freya 11-20 14:05 cough"}},
			{text: "freyas sats 96", want: []string{"spo2 Freya 11-20 14:05 96"}},
		},
		"all for the children": {
			{text: "all asleep", want: []string{"event Freya 11-20 14:05 sleep", "event Rory 11-20 14:05 sleep"}},
			{text: "all had calpol", want: []string{"medication Freya 11-20 14:05 paracetamol", "medication Rory 11-20 14:05 paracetamol"}},
			{text: "them all asleep", want: []string{"event Freya 11-20 14:05 sleep", "event Rory 11-20 14:05 sleep"}},
			{text: "all of them had calpol", want: []string{"medication Freya 11-20 14:05 paracetamol", "medication Rory 11-20 14:05 paracetamol"}},
		},
		"all that is not the children": {
			{text: "coughing all night", want: []string{"event - 11-20 14:05 cough"}},
			{text: "asleep all day", want: []string{"event - 11-20 14:05 sleep"}},
			{text: "rash all over", want: []string{"event - 11-20 14:05 rash"}},
			{text: "drank all of it", want: []string{"event - 11-20 14:05 fluids"}},
			{text: "Rory coughing all night", want: []string{"event Rory 11-20 14:05 cough"}},
			{text: "not hungry at all"},
			{text: "all good"},
		},
		"a dose after a second name carries the medicine": {
			{text: "calpol 5ml Freya and 7.5ml Rory", want: []string{"medication Freya 11-20 14:05 paracetamol 5 ml", "medication Rory 11-20 14:05 paracetamol 7.5 ml"}},
			{text: "Freya calpol 5ml, Rory 7.5ml", want: []string{"medication Freya 11-20 14:05 paracetamol 5 ml", "medication Rory 11-20 14:05 paracetamol 7.5 ml"}},
			{text: "nurofen 5ml rory and 7.5ml freya", want: []string{"medication Rory 11-20 14:05 ibuprofen 5 ml", "medication Freya 11-20 14:05 ibuprofen 7.5 ml"}},
			{text: "Rory calpol 5ml 2.5ml", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		},
	})
}

// TestWhen covers the spoken times of "When".
func TestWhen(t *testing.T) {
	evening := time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)
	runRules(t, map[string][]ruleCase{
		"half 5 and half past 5": {
			{text: "Rory 38.4 at half 5", sent: evening, want: []string{"temperature Rory 11-20 17:30 38.4"}},
			{text: "Rory 38.4 half past 5", sent: evening, want: []string{"temperature Rory 11-20 17:30 38.4"}},
			{text: "gave amox 5ml to rory at half 8", want: []string{"medication Rory 11-20 08:30 amoxicillin 5 ml"}},
		},
		"quarter past and quarter to": {
			{text: "Rory calpol quarter past 3", want: []string{"medication Rory 11-20 03:15 paracetamol"}},
			{text: "Rory calpol 5ml quarter to 4", sent: evening, want: []string{"medication Rory 11-20 15:45 paracetamol 5 ml"}},
			{text: "nurofen 5 mils for freya at quarter past 2", want: []string{"medication Freya 11-20 02:15 ibuprofen 5 ml"}},
		},
		"minutes past and to": {
			{text: "i gave freya calpol at 10 past 3", want: []string{"medication Freya 11-20 03:10 paracetamol"}},
			{text: "Rory 38.1 at 20 to 5", sent: evening, want: []string{"temperature Rory 11-20 16:40 38.1"}},
		},
		"3ish, about 3, around 3": {
			{text: "Rory 38.4 3ish", want: []string{"temperature Rory 11-20 03:00 38.4"}},
			{text: "Rory 38.4 about 3", sent: evening, want: []string{"temperature Rory 11-20 15:00 38.4"}},
			{text: "Rory 38.4 around 3", want: []string{"temperature Rory 11-20 03:00 38.4"}},
			{text: "both had nurofen 5ml at 3ish", sent: evening, want: []string{"medication Freya 11-20 15:00 ibuprofen 5 ml", "medication Rory 11-20 15:00 ibuprofen 5 ml"}},
			{text: "Rory drank about 3 cups", want: []string{"event Rory 11-20 14:05 fluids"}},
		},
		"four digits after at": {
			{text: "Rory 38.4 at 1300", want: []string{"temperature Rory 11-20 13:00 38.4"}},
			{text: "nurofen given 5ml @ 1400 rory", want: []string{"medication Rory 11-20 14:00 ibuprofen 5 ml"}},
		},
		"an hour and a half ago": {
			{text: "Rory nurofen 5ml an hour and a half ago", want: []string{"medication Rory 11-20 12:35 ibuprofen 5 ml"}},
			{text: "Rory nurofen 5ml 1.5 hours ago", want: []string{"medication Rory 11-20 12:35 ibuprofen 5 ml"}},
			{text: "2 and a half hours ago rory had calpol 5ml", want: []string{"medication Rory 11-20 11:35 paracetamol 5 ml"}},
			{text: "Rory 38.5 20 mins ago", want: []string{"temperature Rory 11-20 13:45 38.5"}},
		},
		"just now is the message's time": {
			{text: "rory had calpol 5ml half an hour ago and nurofen 5ml just now", want: []string{"medication Rory 11-20 13:35 paracetamol 5 ml", "medication Rory 11-20 14:05 ibuprofen 5 ml"}},
		},
	})
}

// TestVoiceTypedNumbers covers numbers and units as voice typing writes them.
func TestVoiceTypedNumbers(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"point": {
			{text: "Rory 38 point 4", want: []string{"temperature Rory 11-20 14:05 38.4"}},
			{text: "Rory temperature 38 point 6", want: []string{"temperature Rory 11-20 14:05 38.6"}},
			{text: "freya 39 point 2 😬 calpol given", want: []string{"temperature Freya 11-20 14:05 39.2", "medication Freya 11-20 14:05 paracetamol"}},
		},
		"spoken units": {
			{text: "calpol 7 point 5 mils Freya", want: []string{"medication Freya 11-20 14:05 paracetamol 7.5 ml"}},
			{text: "rory 38 point 9 calpol 5 mils", want: []string{"temperature Rory 11-20 14:05 38.9", "medication Rory 11-20 14:05 paracetamol 5 ml"}},
			{text: "calpol 5 millilitres freya", want: []string{"medication Freya 11-20 14:05 paracetamol 5 ml"}},
			{text: "nurofen 100 milligrams rory", want: []string{"medication Rory 11-20 14:05 ibuprofen 100 mg"}},
			{text: "Rory 7.5 mls nurofen", want: []string{"medication Rory 11-20 14:05 ibuprofen 7.5 ml"}},
		},
	})
}

// TestNewVocabulary covers the words the spec added.
func TestNewVocabulary(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"fluids: water, milk, juice": {
			{text: "Freya drank water", want: []string{"event Freya 11-20 14:05 fluids"}},
			{text: "Rory milk 100ml", want: []string{"event Rory 11-20 14:05 fluids"}},
			{text: "juice for Freya", want: []string{"event Freya 11-20 14:05 fluids"}},
		},
		"SpO2: oximeter, words between": {
			{text: "oximeter says 96% Rory", want: []string{"spo2 Rory 11-20 14:05 96"}},
			{text: "sats are 94 Rory", want: []string{"spo2 Rory 11-20 14:05 94"}},
			{text: "Rory sats are hovering around 93", want: []string{"spo2 Rory 11-20 14:05 93"}},
			{text: "Rory o2 sats 95%", want: []string{"spo2 Rory 11-20 14:05 95"}},
		},
	})
}

// specDirs are where the message language's spec is read from: beside the
// checkout, or the copy kept in testdata.
var specDirs = []string{"../../shared/spec", "testdata"}

// TestSpecQuotesUnderWhatRecordsNothing reads the spec itself and checks
// that every phrase it quotes under "What records nothing", and every
// negated example under "Medication" and "Events and notes", records
// nothing, so a phrase added to the spec is a test at once.
func TestSpecQuotesUnderWhatRecordsNothing(t *testing.T) {
	var f *os.File
	for _, d := range specDirs {
		if h, err := os.Open(d + "/messages.md"); err == nil {
			f = h
			break
		}
	}
	if f == nil {
		t.Fatal("messages.md not found in", specDirs)
	}
	defer f.Close()
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	quoted := regexp.MustCompile("`([^`]+)`")
	checked := 0
	for _, b := range specBullets(t, f) {
		for _, sentence := range strings.Split(b.text, ". ") {
			says := strings.Contains(sentence, "records nothing") || strings.Contains(sentence, "record nothing")
			if b.section != "What records nothing" && !says || strings.Contains(sentence, "are read") {
				continue
			}
			for _, m := range quoted.FindAllStringSubmatch(sentence, -1) {
				if obs := p.Parse(m[1], sent); len(obs) > 0 {
					t.Errorf("%s: %q records %d observations, want none: %+v", b.section, m[1], len(obs), obs)
				}
				checked++
			}
		}
	}
	t.Logf("%d quoted phrases record nothing", checked)
	if checked < 40 {
		t.Fatalf("only %d quoted phrases found: has the spec's layout changed?", checked)
	}
}

type bullet struct{ section, text string }

// specBullets returns the spec's paragraphs and list items, each joined
// into one line, with the heading they stand under.
func specBullets(t *testing.T, f *os.File) []bullet {
	t.Helper()
	var out []bullet
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			section = strings.TrimLeft(line, "# ")
		case trimmed == "":
			out = append(out, bullet{section: section})
		case strings.HasPrefix(line, "- ") || len(out) == 0:
			out = append(out, bullet{section: section, text: strings.TrimPrefix(line, "- ")})
		default:
			out[len(out)-1].text += " " + trimmed
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCommandWithWords covers commands as people phrase them: polite words around them, windows medbot cannot honour,
// and command words it cannot read the rest of.
func TestCommandWithWords(t *testing.T) {
	p := twoChildren(t)
	tests := []struct {
		text     string
		name     string
		window   time.Duration
		kids     []string
		problem  string // "" none; else parse.Problem…
		all      bool
		topic    string
		observed int // what Parse records from it
	}{
		{text: "Graphs please", name: "graphs"},
		{text: "show me the graphs", name: "graphs"},
		{text: "can I have the status", name: "status"},
		{text: "report for Freya", name: "report", kids: []string{"Freya"}},
		{text: "graphs 5 days", name: "graphs", window: 5 * 24 * time.Hour},
		{text: "graphs for the last 2 days please", name: "graphs", window: 48 * time.Hour},
		{text: "graphs 100000d", name: "graphs", problem: parse.ProblemWindow},
		{text: "graphs 5000 days", name: "graphs", problem: parse.ProblemWindow},
		{text: "status all", name: "status", kids: []string{"Freya", "Rory"}, all: true},
		{text: "help doses", name: "help", topic: "doses"},
		{text: "@medbot what's up", name: "unknown"},
		{text: "medbot, graphs please", name: "graphs"},
		{text: "graphs are great", name: "graphs", problem: parse.ProblemUnclear},
		// each command's grammar (parse.Commands' Takes)
		{text: "undo 3d", name: "undo", window: 72 * time.Hour, problem: parse.ProblemUnclear},
		{text: "undo Rory", name: "undo", kids: []string{"Rory"}, problem: parse.ProblemUnclear},
		{text: "help Rory", name: "help", kids: []string{"Rory"}, problem: parse.ProblemUnclear},
		{text: "status 3d", name: "status", window: 72 * time.Hour, problem: parse.ProblemUnclear},
		{text: "status: Rory 38.4", name: "status", kids: []string{"Rory"}, problem: parse.ProblemUnclear, observed: 1},
	}
	for _, tt := range tests {
		c, ok := p.Command(tt.text)
		switch {
		case !ok:
			t.Errorf("Command(%q): not a command", tt.text)
		case c.Name != tt.name || c.Window != tt.window || !cmp.Equal(c.Children, tt.kids) || c.All != tt.all || c.Topic != tt.topic:
			t.Errorf("Command(%q) = %+v", tt.text, c)
		case tt.problem == "" && c.Problem != "", tt.problem != "" && c.Problem != tt.problem:
			t.Errorf("Command(%q).Problem = %q, want %q", tt.text, c.Problem, tt.problem)
		}
		if n := len(p.Parse(tt.text, time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC))); n != tt.observed {
			t.Errorf("Parse(%q): %d observations, want %d", tt.text, n, tt.observed)
		}
	}
}

// TestRead covers what Read reports beside the observations: doubts,
// with what was probably meant, and dose questions; Parse records none
// of it.
func TestRead(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	doubts := []struct {
		text    string
		kind    parse.DoubtKind
		child   string
		written string
		meant   float64
	}{
		{"Rory 3.84", parse.Misplaced, "Rory", "3.84", 38.4},
		{"rory 384", parse.Misplaced, "Rory", "384", 38.4},
		{"rory 3802", parse.Misplaced, "Rory", "3802", 38},
		{"temp 384 Freya", parse.Misplaced, "Freya", "384", 38.4},
		{"Rory 48.4", parse.OutOfRange, "Rory", "48.4", 48.4},
		{"Freya 33.2", parse.OutOfRange, "Freya", "33.2", 33.2},
		{"Rory 37", parse.WholeNumber, "Rory", "37", 37},
		{"Rory 38.4 at 25:00", parse.BadTime, "Rory", "25:00", 0},
		{"Freya calpol 5ml at 14:75", parse.BadTime, "Freya", "14:75", 0},
	}
	for _, tt := range doubts {
		r := p.Read(tt.text, sent)
		if len(r.Observations) != 0 || len(p.Parse(tt.text, sent)) != 0 {
			t.Errorf("Read(%q) recorded %+v", tt.text, r.Observations)
		}
		if len(r.Doubts) != 1 {
			t.Errorf("Read(%q): doubts %+v", tt.text, r.Doubts)
			continue
		}
		d := r.Doubts[0]
		if d.Kind != tt.kind || d.Meant.Child != tt.child || d.Written != tt.written || d.Meant.Value != tt.meant {
			t.Errorf("Read(%q) = %+v", tt.text, d)
		}
	}
	for _, text := range []string{"Rory 38.4", "Rory 5", "Rory 50", "Rory 120", "Freya 38.75", "calpol 5ml Rory", "is 3.84 ok?", "Rory 2.5ml calpol"} {
		if r := p.Read(text, sent); len(r.Doubts) != 0 {
			t.Errorf("Read(%q): doubts %+v", text, r.Doubts)
		}
	}
	if r := p.Read("Freya 38.75", sent); len(r.Observations) != 1 || r.Observations[0].Value != 38.8 {
		t.Errorf("Freya 38.75: %+v", r.Observations)
	}
	questions := []struct {
		text        string
		kids, meds  []string
		notQuestion bool
	}{
		{text: "is rory due his amox?", kids: []string{"Rory"}, meds: []string{"amoxicillin"}},
		{text: "can freya have calpol yet?", kids: []string{"Freya"}, meds: []string{"paracetamol"}},
		{text: "when was the last nurofen", meds: []string{"ibuprofen"}},
		{text: "when is the next dose due", meds: nil},
		{text: "is she ok?", notQuestion: true},
		{text: "Rory calpol 5ml", notQuestion: true},
	}
	for _, tt := range questions {
		q := p.Read(tt.text, sent).Question
		switch {
		case tt.notQuestion && q != nil:
			t.Errorf("Read(%q).Question = %+v", tt.text, q)
		case !tt.notQuestion && (q == nil || !cmp.Equal(q.Children, tt.kids) || !cmp.Equal(q.Medicines, tt.meds)):
			t.Errorf("Read(%q).Question = %+v, want %v %v", tt.text, q, tt.kids, tt.meds)
		}
	}
	if r := p.Read("note: GP says fluids", sent); len(r.Observations) != 1 {
		t.Errorf("note: %+v", r)
	}
}

// TestHalfRecognised covers health news medbot cannot record as written:
// it records nothing, and comes back as a doubt the bot asks about, never
// as silence (a bare number, a °F reading without its F, a child named
// with a symptom word).
func TestHalfRecognised(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, london)
	tests := []struct {
		text string
		kind parse.DoubtKind // 0: no doubt
		want string          // the doubt's Meant, briefly
	}{
		{text: "38", kind: parse.WholeNumber, want: "temperature - 11-20 14:05 38"},
		{text: "38 now", kind: parse.WholeNumber, want: "temperature - 11-20 14:05 38"},
		{text: "baby's 38 now", kind: parse.WholeNumber, want: "temperature - 11-20 14:05 38"},
		{text: "rory 100.4", kind: parse.Fahrenheit, want: "temperature Rory 11-20 14:05 38"},
		{text: "freya sick", kind: parse.Symptom, want: "event Freya 11-20 14:05 vomit"},
		{text: "rory breathing fast", kind: parse.Symptom, want: "note Rory 11-20 14:05"},
		{text: "rory floppy and not himself", kind: parse.Symptom, want: "note Rory 11-20 14:05"},
		{text: "rory not sick any more"},
		{text: "keep an eye on rory's breathing"},
		{text: "is rory poorly?"},
		{text: "we have 38 cans"},
		{text: "both poorly"}, // the same note for two: said, not guessed
	}
	for _, tt := range tests {
		r := p.Read(tt.text, sent)
		if len(r.Observations) > 0 {
			t.Errorf("%q records %v", tt.text, r.Observations)
		}
		var kinds []parse.DoubtKind
		var got []string
		for _, d := range r.Doubts {
			kinds = append(kinds, d.Kind)
			got = append(got, brief(d.Meant))
		}
		switch {
		case tt.kind == 0 && len(r.Doubts) > 0:
			t.Errorf("%q: doubts %v %q, want none", tt.text, kinds, got)
		case tt.kind != 0 && (len(r.Doubts) != 1 || r.Doubts[0].Kind != tt.kind || got[0] != tt.want):
			t.Errorf("%q: doubts %v %q, want %v %q", tt.text, kinds, got, tt.kind, tt.want)
		}
	}
}

// TestFluidsKeepTheirAmount: an amount in a clause of its own after a
// drink is the drink's ("drank his bottle at 23:50, 120ml").
func TestFluidsKeepTheirAmount(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 0, 5, 0, 0, london)
	for text, want := range map[string]string{
		"rory drank his bottle at 23:50, 120ml":   "drank his bottle at 23:50, 120ml",
		"rory drank his bottle, about 90 ml":      "drank his bottle, 90 ml",
		"rory drank 100ml":                        "drank 100ml",
		"rory drank his bottle, calpol 5ml after": "drank his bottle",
	} {
		var got string
		for _, o := range p.Parse(text, sent) {
			if o.Name == "fluids" {
				got = o.Text
			}
		}
		if got != want {
			t.Errorf("%q: fluids text %q, want %q", text, got, want)
		}
	}
}

// TestFullWidthAndZeroWidth: digits typed full-width, and zero-width
// characters inside a number or a name, read as plain ones.
func TestFullWidthAndZeroWidth(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"full-width digits and stops are digits": {
			{text: "Rory ３８．５", want: []string{"temperature Rory 11-20 14:05 38.5"}},
			{text: "ｃａｌｐｏｌ ５ｍｌ Ｒｏｒｙ", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		},
		"zero-width characters are not there": {
			{text: "Rory 38\u200d.5", want: []string{"temperature Rory 11-20 14:05 38.5"}},
			{text: "Ro\u200bry 38.5", want: []string{"temperature Rory 11-20 14:05 38.5"}},
			{text: "\ufeffRory 38.5", want: []string{"temperature Rory 11-20 14:05 38.5"}},
		},
	})
}

// meantOf is what the doubts of kind in r meant, briefly.
func meantOf(r parse.Reading, kind parse.DoubtKind) []string {
	var got []string
	for _, d := range r.Doubts {
		if d.Kind == kind {
			got = append(got, brief(d.Meant))
		}
	}
	return got
}

// TestEnglishPrecision holds the classes of false records the held-out
// sets still showed, each as a rule where the spec was silent.
func TestEnglishPrecision(t *testing.T) {
	runRules(t, map[string][]ruleCase{
		"who said it may be several words before the verb": {
			{text: "the nurse on the phone said 38 is fine"},
			{text: "the nurse on the phone said 38.5 is fine"},
			{text: "111 on the phone said rory 38.4 is ok"},
			{text: "the GP on the phone told us 38.4 is ok"},
			{text: "nurse at the walk in said sats 94 fine"},
			{text: "Rory had calpol 5ml, GP on the phone said fine", want: []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		},
		"a do or modal auxiliary then a number asks": {
			{text: "does 38.6 need calpol"},
			{text: "does 38.6 need calpol for rory"},
			{text: "should 39 get nurofen"},
			{text: "was 38.2 at 4", want: []string{"temperature - 11-20 04:00 38.2"}},
			{text: "has 39.1 now rory", want: []string{"temperature Rory 11-20 14:05 39.1"}},
		},
		"the night set against now: only the clause that says now": {
			{text: "rory coughing all night, 38.1 now", want: []string{"temperature Rory 11-20 14:05 38.1"}},
			{text: "rory 38.8 last night, 37.9 now", want: []string{"temperature Rory 11-20 14:05 37.9"}},
			{text: "rory 38.8 last night"},
			{text: "rory's been coughing all night", want: []string{"event Rory 11-20 14:05 cough"}},
			{text: "up overnight with a cough, sats 95 now rory", want: []string{"spo2 Rory 11-20 14:05 95"}},
		},
		"a bottle that is not a drink": {
			{text: "rory hot water bottle"},
			{text: "freya had a hot water bottle for her tummy"},
			{text: "bought a bottle of calpol"},
			{text: "rory drank his bottle", want: []string{"event Rory 11-20 14:05 fluids"}},
		},
		"a yes or no and a comma answers someone": {
			{text: "no, just sips of water"},
			{text: "yes, a bit of toast"},
			{text: "nope, still 38.5"},
			{text: "no, just sips of water. Rory 38.2 now", want: []string{"temperature Rory 11-20 14:05 38.2"}},
			{text: "no calpol yet"},
		},
	})
}
