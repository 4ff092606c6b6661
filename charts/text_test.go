package charts_test

import (
	"testing"

	"github.com/medbot/medbot/charts"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Zoë Łucja ½ 38.4 °C", "Zoë Łucja ½ 38.4 °C"},
		{"Mum 💕", "Mum □"},
		{"🤒🤒🤒 woke up", "□ woke up"},
		{"\u202eDad\u200f", "Dad"},
		{"Dad 👨\u200d👩\u200d👧", "Dad □"},
		{"(שרה), 18:25", "(הרש), 18:25"},
		{"(שרה כהן) 5 ml", "(ןהכ הרש) 5 ml"},
		{"שָׁלוֹם", "םוֹלשָׁ"}, // marks stay after their letters
		{"e\u0301", "e\u0301"},
	} {
		if got, changed := charts.Printable(tc.in); got != tc.want || changed != (tc.in != tc.want) {
			t.Errorf("Printable(%q) = %q, %v; want %q", tc.in, got, changed, tc.want)
		}
	}
}
