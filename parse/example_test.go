package parse_test

import (
	"fmt"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

func ExampleParser_Parse() {
	v := medbot.DefaultFamily()
	v.Zone, _ = time.LoadLocation("Europe/London")
	v.Children = []medbot.Child{{Name: "Freya"}, {Name: "Rory", Aliases: []string{"Roo"}}}
	p, err := parse.New(v)
	if err != nil {
		panic(err)
	}
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	for _, o := range p.Parse("Roo 38.9, calpol 7.5ml at 2pm", sent) {
		fmt.Println(o.Child, o.Kind, o.At.Format("15:04"), o.Describe())
	}
	// Output:
	// Rory temperature 14:05 38.9 °C
	// Rory medication 14:00 paracetamol 7.5 ml
}

func ExampleParser_Command() {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Freya"}, {Name: "Rory"}}
	p, _ := parse.New(v)
	c, ok := p.Command("graphs 3d Rory")
	fmt.Println(ok, c.Name, c.Window, c.Children)
	// Output: true graphs 72h0m0s [Rory]
}

func ExampleParser_ParseLine() {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Freya"}, {Name: "Rory"}}
	p, _ := parse.New(v)
	out, _ := p.ParseLine([]byte(`{"id":"m1","sender":"Dad","at":"2026-11-20T14:05:00Z","text":"Rory 38.4"}`)).MarshalJSON()
	fmt.Println(string(out))
	// Output: {"id":"m1","observations":[{"kind":"temperature","child":"Rory","at":"2026-11-20T14:05:00+00:00","value":38.4}]}
}

// Only what a message says happened is recorded: questions, advice, plans
// and what someone else said record nothing, whatever numbers they hold.
func ExampleParser_Parse_whatRecordsNothing() {
	v := medbot.DefaultFamily()
	v.Children = []medbot.Child{{Name: "Freya"}, {Name: "Rory"}}
	p, _ := parse.New(v)
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	for _, text := range []string{
		"Freya 38.9, should I give calpol",
		"is 5ml of calpol right for Rory",
		"calpol due at 6 for rory",
		"the GP said 38.5 is fine",
		"rory brought up his amox",
		"calpol 5ml Freya and 7.5ml Rory",
	} {
		fmt.Printf("%q:", text)
		for _, o := range p.Parse(text, sent) {
			fmt.Printf(" [%s %s %s]", o.Child, o.Kind, o.Describe())
		}
		fmt.Println()
	}
	// Output:
	// "Freya 38.9, should I give calpol": [Freya temperature 38.9 °C]
	// "is 5ml of calpol right for Rory":
	// "calpol due at 6 for rory":
	// "the GP said 38.5 is fine":
	// "rory brought up his amox": [Rory event vomit]
	// "calpol 5ml Freya and 7.5ml Rory": [Freya medication paracetamol 5 ml] [Rory medication paracetamol 7.5 ml]
}
