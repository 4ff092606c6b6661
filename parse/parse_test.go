package parse_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

var london = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

func twoChildren(t testing.TB) *parse.Parser {
	t.Helper()
	v := medbot.DefaultFamily()
	v.Zone = london
	v.Children = []medbot.Child{{Name: "Freya", Aliases: []string{"Frey", "Fifi"}}, {Name: "Rory", Aliases: []string{"Roo"}}}
	p, err := parse.New(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// brief writes an observation as "kind child local-time what".
func brief(o medbot.Observation) string {
	child := o.Child
	if child == "" {
		child = "-"
	}
	s := fmt.Sprintf("%s %s %s", o.Kind, child, o.At.Format("01-02 15:04"))
	switch {
	case o.Kind.Reading():
		s += " " + medbot.FormatNumber(o.Value)
	case o.Kind == medbot.Medication:
		s += " " + o.Name
		if o.HasDose {
			s += " " + medbot.FormatNumber(o.Dose)
		}
		if o.Unit != "" {
			s += " " + o.Unit
		}
	case o.Kind == medbot.Event:
		s += " " + o.Name
	}
	return s
}

func TestParseRules(t *testing.T) {
	p := twoChildren(t)
	tests := []struct {
		rule string
		text string
		sent time.Time // zero: afternoon
		want []string
	}{
		// Who
		{"name first", "Rory 38.4", time.Time{}, []string{"temperature Rory 11-20 14:05 38.4"}},
		{"name case-insensitive, possessive", "RORY's temp 38.2", time.Time{}, []string{"temperature Rory 11-20 14:05 38.2"}},
		{"alias", "Fifi 38.9", time.Time{}, []string{"temperature Freya 11-20 14:05 38.9"}},
		{"split at each mention", "38.2 Freya, Rory 37.9", time.Time{}, []string{"temperature Freya 11-20 14:05 38.2", "temperature Rory 11-20 14:05 37.9"}},
		{"names closing their readings", "calpol 5ml Freya, nurofen 5ml Rory", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 5 ml", "medication Rory 11-20 14:05 ibuprofen 5 ml"}},
		{"two names joined by and", "Freya and Rory had calpol", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol", "medication Rory 11-20 14:05 paracetamol"}},
		{"and between split readings", "38.2 Freya and Rory 37.9", time.Time{}, []string{"temperature Freya 11-20 14:05 38.2", "temperature Rory 11-20 14:05 37.9"}},
		{"both", "both had calpol 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 5 ml", "medication Rory 11-20 14:05 paracetamol 5 ml"}},
		{"the kids", "the kids asleep", time.Time{}, []string{"event Freya 11-20 14:05 sleep", "event Rory 11-20 14:05 sleep"}},
		{"everyone", "everyone had nurofen 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 ibuprofen 5 ml", "medication Rory 11-20 14:05 ibuprofen 5 ml"}},
		{"all is not every child after it", "Freya drank it all", time.Time{}, []string{"event Freya 11-20 14:05 fluids"}},
		{"no child named: null", "38.4", time.Time{}, []string{"temperature - 11-20 14:05 38.4"}},
		{"name is a whole word", "Roomba 38.4", time.Time{}, []string{"temperature - 11-20 14:05 38.4"}},

		// When
		{"at 14:30", "calpol 5ml at 14:30 Rory", time.Date(2026, 11, 20, 14, 40, 0, 0, time.UTC), []string{"medication Rory 11-20 14:30 paracetamol 5 ml"}},
		{"@14:30", "gave amox @14:30 Rory", time.Date(2026, 11, 20, 14, 40, 0, 0, time.UTC), []string{"medication Rory 11-20 14:30 amoxicillin"}},
		{"bare 14:30", "14:30 calpol 5ml Freya", time.Date(2026, 11, 20, 14, 40, 0, 0, time.UTC), []string{"medication Freya 11-20 14:30 paracetamol 5 ml"}},
		{"at 2:30pm", "Rory 38.1 at 2:30pm", time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), []string{"temperature Rory 11-20 14:30 38.1"}},
		{"at 2pm", "calpol 5ml at 2pm Rory", time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC), []string{"medication Rory 11-20 14:00 paracetamol 5 ml"}},
		{"2,30pm (decimal comma)", "Rory calpol 5ml 2,30pm", time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), []string{"medication Rory 11-20 14:30 paracetamol 5 ml"}},
		{"2.30pm", "Rory calpol 5ml 2.30pm", time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), []string{"medication Rory 11-20 14:30 paracetamol 5 ml"}},
		{"12-hour without am/pm, afternoon", "Freya 38.4 at 3:15", time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), []string{"temperature Freya 11-20 15:15 38.4"}},
		{"12-hour without am/pm, night", "Freya 38.4 at 3:15", time.Date(2026, 11, 20, 4, 0, 0, 0, time.UTC), []string{"temperature Freya 11-20 03:15 38.4"}},
		{"at 3 is a time, not a dose", "Rory 5ml calpol at 2", time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC), []string{"medication Rory 11-20 14:00 paracetamol 5 ml"}},
		{"time ahead is yesterday", "gave amox at 23:50 Rory", time.Date(2026, 11, 21, 0, 10, 0, 0, time.UTC), []string{"medication Rory 11-20 23:50 amoxicillin"}},
		{"up to 5 minutes ahead is today", "Rory 38.2 at 14:08", time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC), []string{"temperature Rory 11-20 14:08 38.2"}},
		{"10 mins ago", "Freya ibrufen 5ml 10 mins ago", time.Time{}, []string{"medication Freya 11-20 13:55 ibuprofen 5 ml"}},
		{"10 minutes ago", "Rory 38 c 10 minutes ago", time.Time{}, []string{"temperature Rory 11-20 13:55 38"}},
		{"2 hours ago", "Freya 2 hours ago calpol 5ml", time.Time{}, []string{"medication Freya 11-20 12:05 paracetamol 5 ml"}},
		{"2h ago", "Freya calpol 5ml 2h ago", time.Time{}, []string{"medication Freya 11-20 12:05 paracetamol 5 ml"}},
		{"an hour ago", "Rory nurofen 5ml an hour ago", time.Time{}, []string{"medication Rory 11-20 13:05 ibuprofen 5 ml"}},
		{"half an hour ago", "Rory 36.9 half an hour ago", time.Time{}, []string{"temperature Rory 11-20 13:35 36.9"}},
		{"a time in a plan dates nothing", "Rory had calpol 5ml, next due at 18:00", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		{"BST offset", "Freya 38.3", time.Date(2026, 7, 14, 13, 5, 0, 0, time.UTC), []string{"temperature Freya 07-14 14:05 38.3"}},
		{"clocks go forward: 00:30 is GMT", "Rory calpol 5ml at 00:30", time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC), []string{"medication Rory 03-29 00:30 paracetamol 5 ml"}},
		{"clocks go back: 00:30 is BST", "Rory calpol 5ml at 00:30", time.Date(2026, 10, 25, 3, 0, 0, 0, time.UTC), []string{"medication Rory 10-25 00:30 paracetamol 5 ml"}},
		{"yesterday", "yesterday at 23:00 Rory calpol 5ml", time.Time{}, []string{"medication Rory 11-19 23:00 paracetamol 5 ml"}},

		// Temperature
		{"decimal comma", "Freya 38,9", time.Time{}, []string{"temperature Freya 11-20 14:05 38.9"}},
		{"two decimals round half up", "Freya 38.45", time.Time{}, []string{"temperature Freya 11-20 14:05 38.5"}},
		{"°C", "Freya 38.2°C", time.Time{}, []string{"temperature Freya 11-20 14:05 38.2"}},
		{"c", "Rory 39.1c", time.Time{}, []string{"temperature Rory 11-20 14:05 39.1"}},
		{"whole with unit", "Rory 38c", time.Time{}, []string{"temperature Rory 11-20 14:05 38"}},
		{"whole after keyword", "temp 39 Roo", time.Time{}, []string{"temperature Rory 11-20 14:05 39"}},
		{"t keyword", "t 38 Rory", time.Time{}, []string{"temperature Rory 11-20 14:05 38"}},
		{"temp: keyword", "Freya temp: 39", time.Time{}, []string{"temperature Freya 11-20 14:05 39"}},
		{"temperature keyword", "Freya temperature 38", time.Time{}, []string{"temperature Freya 11-20 14:05 38"}},
		{"fahrenheit", "Fifi 101.3F", time.Time{}, []string{"temperature Freya 11-20 14:05 38.5"}},
		{"fahrenheit after keyword", "temp 100.4 Freya", time.Time{}, []string{"temperature Freya 11-20 14:05 38"}},
		{"°F", "Rory 102°F", time.Time{}, []string{"temperature Rory 11-20 14:05 38.9"}},
		{"range gives the highest", "Rory 38.2-38.6", time.Time{}, []string{"temperature Rory 11-20 14:05 38.6"}},
		{"whole number alone is not a temperature", "Rory 38", time.Time{}, nil},
		{"37.5mg is not a temperature", "Rory ibuprofen 37.5mg", time.Time{}, []string{"medication Rory 11-20 14:05 ibuprofen 37.5 mg"}},
		{"a dose unit is never a temperature", "Rory 37.5mg", time.Time{}, nil},
		{"a time is not a temperature", "Rory 14:30", time.Time{}, nil},
		{"out of range", "Rory 44.1", time.Time{}, nil},
		{"below range", "Rory 33.9", time.Time{}, nil},
		{"three decimals", "Rory 38.123", time.Time{}, nil},

		// SpO2 and heart rate
		{"sats and hr", "Rory sats 94 hr 130", time.Time{}, []string{"spo2 Rory 11-20 14:05 94", "heart_rate Rory 11-20 14:05 130"}},
		{"pulse ox is SpO2", "pulse ox 95 Freya", time.Time{}, []string{"spo2 Freya 11-20 14:05 95"}},
		{"spo2 %", "spo2 92% Rory", time.Time{}, []string{"spo2 Rory 11-20 14:05 92"}},
		{"o2", "Rory o2 97", time.Time{}, []string{"spo2 Rory 11-20 14:05 97"}},
		{"oxygen", "Rory oxygen 96%", time.Time{}, []string{"spo2 Rory 11-20 14:05 96"}},
		{"sat", "Rory sat 93", time.Time{}, []string{"spo2 Rory 11-20 14:05 93"}},
		{"ox", "Rory ox 99", time.Time{}, []string{"spo2 Rory 11-20 14:05 99"}},
		{"sats out of range", "Rory sats 101", time.Time{}, nil},
		{"sats below range", "Rory sats 49", time.Time{}, nil},
		{"N bpm", "Rory 140 bpm", time.Time{}, []string{"heart_rate Rory 11-20 14:05 140"}},
		{"pulse", "Rory pulse 120", time.Time{}, []string{"heart_rate Rory 11-20 14:05 120"}},
		{"heart rate", "Freya heart rate 128", time.Time{}, []string{"heart_rate Freya 11-20 14:05 128"}},
		{"bpm keyword", "Freya bpm 110", time.Time{}, []string{"heart_rate Freya 11-20 14:05 110"}},
		{"hr out of range", "Freya hr 251", time.Time{}, nil},
		{"hr is not 111 the phone line", "Rory hr 111", time.Time{}, []string{"heart_rate Rory 11-20 14:05 111"}},

		// Respiratory rate and weight
		{"resp", "Rory resp 45", time.Time{}, []string{"respiratory_rate Rory 11-20 14:05 45"}},
		{"breathing", "Freya breathing 48", time.Time{}, []string{"respiratory_rate Freya 11-20 14:05 48"}},
		{"rr", "rr 40 Rory", time.Time{}, []string{"respiratory_rate Rory 11-20 14:05 40"}},
		{"breaths a minute", "Rory breaths 52 a minute", time.Time{}, []string{"respiratory_rate Rory 11-20 14:05 52"}},
		{"resp rate /min", "Rory resp rate 38/min", time.Time{}, []string{"respiratory_rate Rory 11-20 14:05 38"}},
		{"respiratory rate per min", "Freya respiratory rate 44 per min", time.Time{}, []string{"respiratory_rate Freya 11-20 14:05 44"}},
		{"breathing fast is no reading", "Rory breathing fast", time.Time{}, nil},
		{"breathing out of range", "Rory breathing 121", time.Time{}, nil},
		{"breathing below range", "Rory breathing 9", time.Time{}, nil},
		{"breathing with sats", "freya breathing 60 per minute, sats 93", time.Time{}, []string{"respiratory_rate Freya 11-20 14:05 60", "spo2 Freya 11-20 14:05 93"}},
		{"name then kg", "Rory 14.2kg", time.Time{}, []string{"weight Rory 11-20 14:05 14.2"}},
		{"weighs", "Freya weighs 14.2 kg", time.Time{}, []string{"weight Freya 11-20 14:05 14.2"}},
		{"weight with a comma", "Rory weight 14,2kg", time.Time{}, []string{"weight Rory 11-20 14:05 14.2"}},
		{"pounds to kg", "Rory weighs 31 lbs", time.Time{}, []string{"weight Rory 11-20 14:05 14.1"}},
		{"mg/kg is not a weight", "Rory nurofen 10mg/kg", time.Time{}, []string{"medication Rory 11-20 14:05 ibuprofen 10 mg"}},
		{"kg after a dose is not a weight", "Rory calpol 5ml 14kg", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		{"weight out of range", "Rory weighs 151 kg", time.Time{}, nil},
		{"weight below range", "Rory weighs 0.9 kg", time.Time{}, nil},
		{"a weight question", "does rory weigh 14kg?", time.Time{}, nil},
		{"a weight not given", "rory weight not checked", time.Time{}, nil},

		// Medication
		{"brand to ingredient", "calpol 5ml Freya", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 5 ml"}},
		{"dose before", "5 ml calpol Rory", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		{"mls", "Rory 7.5mls nurofen", time.Time{}, []string{"medication Rory 11-20 14:05 ibuprofen 7.5 ml"}},
		{"decimal comma dose", "Rory 7,5ml calpol", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 7.5 ml"}},
		{"mg", "pred 10mg Rory", time.Time{}, []string{"medication Rory 11-20 14:05 prednisolone 10 mg"}},
		{"puffs", "Freya 2 puffs brown", time.Time{}, []string{"medication Freya 11-20 14:05 beclometasone 2 puffs"}},
		{"inhaler x-count is puffs", "Roo blue inhaler x4", time.Time{}, []string{"medication Rory 11-20 14:05 salbutamol 4 puffs"}},
		{"sachets", "Roo dioralyte 1 sachet", time.Time{}, []string{"medication Rory 11-20 14:05 oral rehydration 1 sachets"}},
		{"tablets", "Rory 2 tabs piriton", time.Time{}, []string{"medication Rory 11-20 14:05 chlorphenamine 2 tablets"}},
		{"half a tablet", "Freya had half a tablet of piriton", time.Time{}, []string{"medication Freya 11-20 14:05 chlorphenamine 0.5 tablets"}},
		{"drops", "Rory 3 drops zirtek", time.Time{}, []string{"medication Rory 11-20 14:05 cetirizine 3 drops"}},
		{"doses across the first name", "calpol Rory 5ml, nurofen Freya 5ml", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 5 ml", "medication Freya 11-20 14:05 ibuprofen 5 ml"}},
		{"doses never cross to another child", "Rory calpol, Freya 5ml nurofen", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol", "medication Freya 11-20 14:05 ibuprofen 5 ml"}},
		{"dose after the name", "calpol given to Freya 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 5 ml"}},
		{"several medications", "Freya calpol 5ml and nurofen 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 5 ml", "medication Freya 11-20 14:05 ibuprofen 5 ml"}},
		{"dose then temperature", "Freya 7.5ml calpol 38.6", time.Time{}, []string{"medication Freya 11-20 14:05 paracetamol 7.5 ml", "temperature Freya 11-20 14:05 38.6"}},
		{"typo: wrong letter", "Rory paracetemol 5ml", time.Time{}, []string{"medication Rory 11-20 14:05 paracetamol 5 ml"}},
		{"typo: missing letter", "Rory amoxicilin 5ml", time.Time{}, []string{"medication Rory 11-20 14:05 amoxicillin 5 ml"}},
		{"typo: extra letter", "Freya ibrufen 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 ibuprofen 5 ml"}},
		{"typo: swapped letters", "Freya nurfoen 5ml", time.Time{}, []string{"medication Freya 11-20 14:05 ibuprofen 5 ml"}},
		{"no typo for short names", "Rory amix 5ml", time.Time{}, nil},
		{"child named, no dose", "Rory nurofen", time.Time{}, []string{"medication Rory 11-20 14:05 ibuprofen"}},
		{"giving word, no dose", "gave calpol", time.Time{}, []string{"medication - 11-20 14:05 paracetamol"}},
		{"talk", "we're nearly out of calpol", time.Time{}, nil},
		{"talk with a child", "Rory is nearly out of calpol", time.Time{}, nil},
		{"a plan is not a dose", "Rory due calpol 5ml at 18:00", time.Time{}, nil},
		{"after a dose is not a dose", "Freya 38.2 after calpol", time.Time{}, []string{"temperature Freya 11-20 14:05 38.2"}},
		{"no calpol", "no calpol yet for Freya, 38.1", time.Time{}, []string{"temperature Freya 11-20 14:05 38.1"}},
		{"didn't have", "Rory didn't have amox", time.Time{}, nil},
		{"refused", "refused amox Rory", time.Time{}, nil},
		{"spat out", "Freya spat out the nurofen", time.Time{}, nil},
		{"won't take", "Rory won't take calpol", time.Time{}, nil},
		{"skipped", "skipped nurofen Freya", time.Time{}, nil},
		{"refused after", "Rory calpol refused", time.Time{}, nil},
		{"negation across a name", "didn't give Rory any calpol", time.Time{}, nil},
		{"blue lips are not salbutamol", "Rory's lips look blue", time.Time{}, nil},

		// Events and notes
		{"event", "Rory asleep", time.Time{}, []string{"event Rory 11-20 14:05 sleep"}},
		{"two events", "Freya woke up coughing", time.Time{}, []string{"event Freya 11-20 14:05 wake", "event Freya 11-20 14:05 cough"}},
		{"phrase", "Rory threw up", time.Time{}, []string{"event Rory 11-20 14:05 vomit"}},
		{"fluids with an amount", "Rory drank 100ml", time.Time{}, []string{"event Rory 11-20 14:05 fluids"}},
		{"event then sats", "Rory coughing fit, sats 91", time.Time{}, []string{"event Rory 11-20 14:05 cough", "spo2 Rory 11-20 14:05 91"}},
		{"A&E", "Rory taken to A&E", time.Time{}, []string{"event Rory 11-20 14:05 doctor"}},
		{"111", "called 111 about Freya", time.Time{}, []string{"event Freya 11-20 14:05 doctor"}},
		{"not asleep yet", "not asleep yet Rory", time.Time{}, nil},
		{"hasn't been sick", "Freya hasn't been sick", time.Time{}, nil},
		{"no more vomiting", "Rory no more vomiting", time.Time{}, nil},
		{"note", "note: GP says keep fluids up", time.Time{}, []string{"note - 11-20 14:05"}},
		{"note names a child", "note Rory GP says fluids", time.Time{}, []string{"note Rory 11-20 14:05"}},

		// Nothing
		{"question", "has Freya had calpol?", time.Time{}, nil},
		{"command", "graphs", time.Time{}, nil},
		{"command with args", "graphs 3d Rory", time.Time{}, nil},
		{"slash command", "/status", time.Time{}, nil},
		{"chat", "ok thanks", time.Time{}, nil},
		{"chat", "on my way home", time.Time{}, nil},
		{"empty", "   ", time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			checkBriefs(t, p, ruleCase{text: tt.text, sent: tt.sent, want: tt.want})
		})
	}
}

func TestNoteKeepsText(t *testing.T) {
	obs := twoChildren(t).Parse("note: GP says keep fluids up", time.Now())
	if len(obs) != 1 || obs[0].Text != "GP says keep fluids up" {
		t.Fatalf("got %+v", obs)
	}
}

func TestSingleChild(t *testing.T) {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Isla"}}
	p, err := parse.New(v)
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for text, want := range map[string]int{"38.4": 1, "calpol 5ml": 1, "both had calpol 5ml": 1, "calpol": 0, "asleep": 1} {
		obs := p.Parse(text, sent)
		if len(obs) != want {
			t.Errorf("%q: %d observations, want %d", text, len(obs), want)
		}
		for _, o := range obs {
			if o.Child != "Isla" {
				t.Errorf("%q: child %q, want Isla", text, o.Child)
			}
		}
	}
}

func TestVocabularyConflicts(t *testing.T) {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Freya", Aliases: []string{"F"}}, {Name: "Fred", Aliases: []string{"f"}}}
	if _, err := parse.New(v); err == nil || !strings.Contains(err.Error(), `"f"`) {
		t.Errorf("shared child alias: err = %v", err)
	}
	v = medbot.DefaultFamily()
	v.Medications = append(v.Medications, medbot.Medicine{Name: "fakeol", Aliases: []string{"calpol"}})
	if _, err := parse.New(v); err == nil {
		t.Error("shared medication alias: no error")
	}
}

func TestCustomVocabulary(t *testing.T) {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Zoë", Aliases: []string{"Zo"}}, {Name: "Łucja"}}
	v.Medications = append(v.Medications, medbot.Medicine{Name: "fexofenadine", Aliases: []string{"telfast"}, Unit: "mg"})
	v.Events = append(v.Events, medbot.EventType{Name: "nosebleed", Aliases: []string{"nose bleed"}})
	p, err := parse.New(v)
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var got []string
	for _, o := range p.Parse("ZOË telfast 30mg, łucja nose bleed", sent) {
		got = append(got, brief(o))
	}
	want := []string{"medication Zoë 11-20 09:00 fexofenadine 30 mg", "event Łucja 11-20 09:00 nosebleed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestCommand(t *testing.T) {
	p := twoChildren(t)
	tests := []struct {
		text   string
		ok     bool
		name   string
		window time.Duration
		kids   []string
	}{
		{"graphs", true, "graphs", 0, nil},
		{"Graphs 24h", true, "graphs", 24 * time.Hour, nil},
		{"graphs 3d Rory", true, "graphs", 72 * time.Hour, []string{"Rory"}},
		{"/status roo", true, "status", 0, []string{"Rory"}},
		{"@medbot help", true, "help", 0, nil},
		{"report Rory 5 days", true, "report", 5 * 24 * time.Hour, []string{"Rory"}},
		{"undo", true, "undo", 0, nil},
		{"status both", true, "status", 0, []string{"Freya", "Rory"}},
		{"/frobnicate", true, "unknown", 0, nil},
		{"Rory status ok", false, "", 0, nil},
		{"the graphs look better today", false, "", 0, nil},
		{"Rory 38.4", false, "", 0, nil},
	}
	for _, tt := range tests {
		c, ok := p.Command(tt.text)
		if ok != tt.ok || c.Name != tt.name || c.Window != tt.window || !cmp.Equal(c.Children, tt.kids) {
			t.Errorf("Command(%q) = %+v, %v; want %s %v %v %v", tt.text, c, ok, tt.name, tt.window, tt.kids, tt.ok)
		}
	}
}

func TestParseLine(t *testing.T) {
	p := twoChildren(t)
	tests := []struct{ in, want string }{
		{`{"id":"m1","sender":"Dad","at":"2026-11-20T14:05:00Z","text":"Rory 38.4"}`, `{"id":"m1","observations":[{"kind":"temperature","child":"Rory","at":"2026-11-20T14:05:00+00:00","value":38.4}]}`},
		{`{"id":7,"at":"2026-11-20T14:05:00Z","text":"Rory nurofen","extra":true}`, `{"id":7,"observations":[{"kind":"medication","child":"Rory","at":"2026-11-20T14:05:00+00:00","name":"ibuprofen","dose":null,"unit":null}]}`},
		{`{"id":"m3","at":"2026-11-20T14:05:00Z","text":"ok thanks"}`, `{"id":"m3","observations":[]}`},
		{`not json`, `{"id":null,"error":"not a JSON message: invalid character 'o' in literal null (expecting 'u')"}`},
		{`{"id":"m4","text":"Rory 38.4"}`, `{"id":"m4","error":"\"at\" must be an RFC 3339 time"}`},
		{`{"id":"m5","at":"2026-11-20T14:05:00Z"}`, `{"id":"m5","error":"\"text\" is missing"}`},
	}
	for _, tt := range tests {
		b, err := p.ParseLine([]byte(tt.in)).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("ParseLine(%s)\n got %s\nwant %s", tt.in, b, tt.want)
		}
	}
}

func TestFractionsAndNoteNames(t *testing.T) {
	p := twoChildren(t)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	obs := p.Parse("Rory had ½ a sachet of dioralyte", sent)
	if len(obs) != 1 || obs[0].Dose != 0.5 || obs[0].Unit != "sachets" {
		t.Errorf("½ a sachet: %+v", obs)
	}
	obs = p.Parse("note Rory: GP says fluids", sent)
	if len(obs) != 1 || obs[0].Child != "Rory" || obs[0].Text != "GP says fluids" {
		t.Errorf("note: %+v", obs)
	}
}
