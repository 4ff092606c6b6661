package bot

import (
	"testing"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// TestEveryCommandHasAHandler: each row of parse.Commands runs, has its
// help line, and no handler waits for a command the parser never reads.
func TestEveryCommandHasAHandler(t *testing.T) {
	for _, c := range parse.Commands {
		if handlers[c.Name] == nil {
			t.Errorf("%s: no handler", c.Name)
		}
		if c.Usage == "" || len(c.Words) == 0 || c.Words[0] != c.Name {
			t.Errorf("%s: incomplete %+v", c.Name, c)
		}
		if c.Name != "help" && c.Unclear == "" {
			t.Errorf("%s: no reply for words around it medbot cannot read", c.Name)
		}
	}
	for name := range handlers {
		if _, ok := parse.Spec(name); !ok {
			t.Errorf("handler %s: not a command of parse.Commands", name)
		}
	}
}

// TestReactionsAreTheKindsTable: the reactions bot names are those of
// medbot.Kinds, so help and the reactions say the same.
func TestReactionsAreTheKindsTable(t *testing.T) {
	for k, e := range map[medbot.Kind]string{medbot.Temperature: EmojiTemperature, medbot.Medication: EmojiMedication, medbot.SpO2: EmojiVitals, medbot.HeartRate: EmojiVitals, medbot.Event: EmojiEvent} {
		if got := k.Info().Emoji; got != e {
			t.Errorf("%s: the table says %s, bot %s", k, got, e)
		}
	}
}
