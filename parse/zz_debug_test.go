package parse_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

func TestZZGerman(t *testing.T) {
	msgs := os.Getenv("ZZ")
	if msgs == "" {
		return
	}
	fam := medbot.DefaultFamily()
	fam.Medications, fam.Events = medbot.DefaultMedicationsFor("de"), medbot.DefaultEventsFor("de")
	fam.Language = "de"
	fam.Zone, _ = time.LoadLocation("Europe/Berlin")
	fam.Children = []medbot.Child{{Name: "Mia", Aliases: []string{"Mimi", "Mäusi"}}, {Name: "Jonas", Aliases: []string{"Joni", "Jojo"}}}
	p, err := parse.New(fam)
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	for _, m := range strings.Split(msgs, "|") {
		fmt.Printf("%q:", m)
		for _, o := range p.Parse(m, sent) {
			fmt.Printf(" [%s %s %s %s]", o.Kind, o.Child, o.At.In(fam.Zone).Format("15:04"), o.Describe())
		}
		fmt.Println()
	}
}
