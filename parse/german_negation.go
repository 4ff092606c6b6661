package parse

import "strings"

// germanNegation: a negation reaches over its whole clause, both ways
// ("hat den Saft nicht genommen", "Frühstück wollte sie nicht"), except
// a denied stop ("hört nicht auf zu husten").
func (s *state) germanNegation() {
	for from := 0; from < len(s.toks); {
		to := nextRange(s.clause, from)
		neg := false
		for i := from; i < to; i++ {
			if !s.isWord(i, s.l.negations) && !s.isWord(i, s.l.postNegations) {
				continue
			}
			if s.word(i, "nicht") && s.word(i+1, "auf") {
				continue // "hört nicht auf zu husten": it goes on
			}
			neg = true
		}
		if neg {
			for i := from; i < to; i++ {
				s.negated[i] = true
				s.silent[i] = true
			}
		}
		from = to
	}
}

// separablePrefixes stand before the "ge" of a participle ("ausgebrochen",
// "eingeschlafen", "aufgewacht").
var separablePrefixes = []string{"aus", "ein", "auf", "ab", "an", "zu", "mit", "vor", "weg", "raus", "rein", "hin", "her", "durch", "nach", "zurueck", "um", "los", "runter", "hoch"}

// participles without "ge" that say the past.
var deParticiples = gset("bekommen", "übergeben", "erbrochen", "verweigert", "verabreicht", "inhaliert", "erwacht", "verschrieben", "verordnet", "probiert")

// isParticiple reports whether w is a past participle: "gegessen",
// "gegeben", "ausgebrochen", "eingeschlafen", "bekommen".
func isParticiple(w string) bool {
	if deParticiples[w] {
		return true
	}
	if !(strings.HasSuffix(w, "en") || strings.HasSuffix(w, "t")) || len(w) < 6 {
		return false
	}
	if strings.HasPrefix(w, "ge") {
		return true
	}
	for _, p := range separablePrefixes {
		if strings.HasPrefix(w, p+"ge") && len(w) > len(p)+4 {
			return true
		}
	}
	return false
}
