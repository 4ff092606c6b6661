package parse

import (
	"github.com/medbot/medbot"
)

// spo2Words is how many other words may stand between an SpO2 keyword
// and its number ("sats were hovering at 93").
const spo2Words = 3

// vitalRanges are the readings a keyword names and the unit that may
// follow them; the whole numbers each may be are its plausible range in
// medbot.Kinds.
var vitalRanges = map[phraseKind]struct {
	kind medbot.Kind
	unit string
}{
	pSpO2: {medbot.SpO2, "%"},
	pHR:   {medbot.HeartRate, "bpm"},
	pRR:   {medbot.RespRate, ""},
}

// findVitals reads keyword forms: "temp 39", "sats 94", "hr 130", "pulse ox 95".
func (s *state) findVitals() {
	for i := 0; i < len(s.toks); i++ {
		if s.tooMany {
			break
		}
		if s.used[i] || s.toks[i].kind == tNum {
			continue
		}
		ph, ok := s.p.match(s.toks, i, pTemp, pSpO2, pHR, pRR)
		if !ok {
			continue
		}
		kw := i + len(ph.words)
		j := kw
		// skip fillers, time expressions and repeated keywords ("o2 sats
		// 95"); for SpO2 a few other words too ("oximeter says 96%")
		others := 0
		for steps := 0; j < len(s.toks) && steps < 6; steps++ {
			if s.used[j] || s.l.keywordFillers[s.toks[j].s] {
				j++
				continue
			}
			if ph2, ok := s.p.match(s.toks, j, ph.kind); ok {
				j += len(ph2.words)
				continue
			}
			if ph.kind == pSpO2 && others < spo2Words && s.toks[j].kind == tWord && !s.mentionTok[j] &&
				!s.l.clauseWords[s.toks[j].s] && !s.l.thresholds[s.toks[j].s] && s.sentence[j] == s.sentence[i] {
				if _, kw := s.p.match(s.toks, j, pTemp, pHR, pRR, pMed, pEvent); !kw {
					others++
					j++
					continue
				}
			}
			break
		}
		if j >= len(s.toks) || s.toks[j].kind != tNum || s.used[j] || s.threshold(j) {
			continue
		}
		n := &s.toks[j]
		end := j + 1
		switch ph.kind {
		case pTemp:
			scale, uEnd := s.tempUnit(end)
			v, ok := tempValue(n, scale, true)
			if !ok {
				s.doubtAt(j, scale, true) // "temp 384", "temp 48.4"
				continue
			}
			end = uEnd
			s.addItem(i, medbot.Observation{Kind: medbot.Temperature, Value: v})
		default:
			r := vitalRanges[ph.kind]
			if n.frac != "" || !r.kind.Info().Plausible(n.val) {
				continue
			}
			if r.unit != "" && end < len(s.toks) && s.toks[end].s == r.unit {
				end++ // "94%", "130 bpm"
			}
			if ph.kind == pRR {
				end = s.perMinute(end) // "52 a minute", "40/min"
			}
			s.addItem(i, medbot.Observation{Kind: r.kind, Value: n.val})
		}
		s.mark(i, kw)
		s.mark(j, end)
		i = end - 1
	}
}

// tempUnit reads a temperature unit at toks[i]: °C, c, °, degrees, F, °F.
// It returns 'C', 'F' or 0, and the token after it.
func (s *state) tempUnit(i int) (byte, int) {
	if i >= len(s.toks) {
		return 0, i
	}
	t := &s.toks[i]
	switch {
	case s.l.tempMarkers[t.s]:
		return 'C', i // "39 gemessen", "39 Fieber": said to be a temperature
	case s.l.degreeWords[t.s]:
		if i+1 < len(s.toks) {
			switch s.toks[i+1].s {
			case "c", "celsius", "centigrade":
				return 'C', i + 2
			case "f", "fahrenheit":
				return 'F', i + 2
			}
		}
		return 'C', i + 1
	case t.s == "c" || t.s == "celsius" || t.s == "℃":
		return 'C', i + 1
	case t.s == "f" || t.s == "fahrenheit" || t.s == "℉":
		return 'F', i + 1
	}
	return 0, i
}

// tempValue reads a temperature in °C from a number and its scale.
// keyword says a temperature keyword came before it (whole numbers count).
func tempValue(n *token, scale byte, keyword bool) (float64, bool) {
	if len(n.frac) > 2 {
		return 0, false
	}
	switch scale {
	case 'F':
		return fahrenheit(n.val)
	case 'C':
		if n.val >= 34 && n.val <= 43 {
			return roundTenth(n), true
		}
		return 0, false
	}
	if n.frac == "" && !keyword {
		return 0, false
	}
	switch {
	case n.val >= 34 && n.val <= 43:
		return roundTenth(n), true
	case keyword && n.val >= 93 && n.val < 110:
		return fahrenheit(n.val)
	}
	return 0, false
}

// fahrenheit converts a reading in °F, keeping only what lies in the
// plausible 34-43 °C (93.2-109.4 °F).
func fahrenheit(f float64) (float64, bool) {
	if f < 93 || f >= 110 {
		return 0, false
	}
	c := fahrenheitToC(f)
	return c, c >= 34 && c <= 43
}

// findTemperatures reads the remaining numbers that are temperatures on
// their own ("38.4", "39.1c", "101.3F", "38.2-38.6"), heart rates written
// "140 bpm", and SpO2 written "94% sats".
func (s *state) findTemperatures() {
	for i := 0; i < len(s.toks); i++ {
		if s.tooMany {
			break
		}
		n := &s.toks[i]
		if s.used[i] || n.kind != tNum {
			continue
		}
		if i > 0 && s.word(i-1, "x") && n.glued() {
			continue // x4: a count
		}
		if s.threshold(i) {
			continue // "hasn't been over 38.5": a limit, not a reading
		}
		end := i + 1
		if s.word(end, "bpm") {
			if n.frac == "" && medbot.HeartRate.Info().Plausible(n.val) {
				s.addItem(i, medbot.Observation{Kind: medbot.HeartRate, Value: n.val})
				s.mark(i, end+1)
			}
			continue
		}
		if s.punct(end, "%") {
			if ph, ok := s.matchAt(end+1, pSpO2); ok && n.frac == "" && medbot.SpO2.Info().Plausible(n.val) {
				s.addItem(i, medbot.Observation{Kind: medbot.SpO2, Value: n.val})
				s.mark(i, end+1+len(ph.words))
			}
			continue
		}
		if end < len(s.toks) {
			if _, ok := s.l.unitWords[s.toks[end].v]; ok {
				continue
			}
			if s.l.notTempAfter[s.toks[end].s] {
				continue
			}
		}
		scale, uEnd := s.tempUnit(end)
		v, ok := tempValue(n, scale, false)
		if !ok {
			s.doubtAt(i, scale, false) // "Rory 3.84", "Rory 48.4", "Rory 37"
			continue
		}
		end = uEnd
		// a range, "38.2-38.6": one reading, the highest
		if scale == 0 && (s.punct(end, "-") || s.punct(end, "–")) && end+1 < len(s.toks) && s.toks[end+1].kind == tNum && !s.used[end+1] {
			sc2, uEnd2 := s.tempUnit(end + 2)
			if v2, ok := tempValue(&s.toks[end+1], sc2, false); ok {
				if v2 > v {
					v = v2
				}
				end = uEnd2
			}
		}
		s.addItem(i, medbot.Observation{Kind: medbot.Temperature, Value: v})
		s.mark(i, end)
		i = end - 1
	}
}

// threshold reports whether the number toks[i] is a limit ("above 92",
// "over 38.5", "less than 36") rather than a reading.
func (s *state) threshold(i int) bool {
	return i > 0 && s.l.thresholds[s.toks[i-1].s]
}

func (s *state) matchAt(i int, kinds ...phraseKind) (phrase, bool) {
	if i >= len(s.toks) || s.used[i] {
		return phrase{}, false
	}
	return s.p.match(s.toks, i, kinds...)
}

// findDoses finds amounts with a unit ("5ml", "7.5 mls", "2 puffs",
// "half a tablet") and bare counts ("x4", "4x").
func (s *state) findDoses() []dose {
	var ds []dose
	for i := 0; i < len(s.toks); i++ {
		if len(ds) > 2*MaxFindings {
			s.tooMany = true // more amounts than a message records
			return ds
		}
		if s.used[i] {
			continue
		}
		t := &s.toks[i]
		var val float64
		start := i
		switch {
		case t.kind == tNum:
			val = t.val
			if val <= 1 && (s.word(i+1, "a") || s.word(i+1, "an")) {
				i++ // "½ a sachet"
			}
		case t.kind == tWord && t.s == "x" && i+1 < len(s.toks) && s.toks[i+1].kind == tNum && !s.used[i+1]:
			// x4, x 4
			if v := s.toks[i+1].val; v > 0 && v <= 20 {
				ds = append(ds, dose{pos: i, end: i + 2, val: v})
				s.mark(i, i+2)
			}
			i++
			continue
		case t.kind == tWord && s.l.numWords[t.v] > 0:
			val = s.l.numWords[t.v]
			if t.s == "half" && (s.word(i+1, "a") || s.word(i+1, "an")) {
				i++
			}
		case t.kind == tWord && (t.s == "a" || t.s == "an"):
			val = 1
		default:
			continue
		}
		u := i + 1
		if u >= len(s.toks) || s.used[u] {
			continue
		}
		ut := &s.toks[u]
		if unit, ok := s.l.unitWords[ut.v]; ok && ut.kind == tWord {
			if t.kind != tNum && (unit == "ml" || unit == "mg") && t.s != "half" {
				continue // "a ml" is not a dose
			}
			if val <= 0 || val > 10000 {
				continue
			}
			ds = append(ds, dose{pos: start, end: u + 1, val: val, unit: unit})
			s.mark(start, u+1)
			i = u
			continue
		}
		if t.kind == tNum && ut.s == "x" && ut.glued() && val > 0 && val <= 20 {
			ds = append(ds, dose{pos: start, end: u + 1, val: val})
			s.mark(start, u+1)
			i = u
		}
	}
	return ds
}

// perMinute reads "a minute", "per min", "/min", "pm" or "bpm" at
// toks[i] and returns the token after it (i when there is none).
func (s *state) perMinute(i int) int {
	if i < len(s.toks) && (s.toks[i].s == "bpm" || s.toks[i].s == "brpm") {
		return i + 1
	}
	if i+1 < len(s.toks) && (s.toks[i].s == "a" || s.toks[i].s == "per" || s.toks[i].s == "/") {
		switch s.toks[i+1].s {
		case "min", "minute", "mins", "m":
			return i + 2
		}
	}
	return i
}

// weightUnits are the units a weight is written in, with the factor to kg.
var weightUnits = map[string]float64{"kg": 1, "kgs": 1, "kilo": 1, "kilos": 1, "kilograms": 1, "kilogram": 1, "lb": 0.45359237, "lbs": 0.45359237, "pounds": 0.45359237}

// findWeights reads weights: a number with a weight unit after a weight
// keyword ("weighs 14.2 kg", "weight 14,2kg") or right after a child's
// name ("Rory 14.2kg"). A number with kg right after a medicine or a
// dose ("10 mg/kg") is not a weight.
func (s *state) findWeights() {
	for i := 0; i < len(s.toks); i++ {
		n := &s.toks[i]
		if s.used[i] || n.kind != tNum || i+1 >= len(s.toks) {
			continue
		}
		f, ok := weightUnits[s.toks[i+1].s]
		if !ok || i == 0 {
			continue
		}
		kw := i - 1
		for kw > 0 && s.l.keywordFillers[s.toks[kw].s] && !s.mentionTok[kw] {
			kw--
		}
		start := kw
		switch {
		case s.mentionTok[i-1]:
			start = i
		default:
			ph, ok := s.p.match(s.toks, kw, pKg)
			if !ok || kw+len(ph.words) > i || s.used[kw] {
				continue
			}
		}
		info := medbot.Weight.Info()
		v := info.Round(n.val * f)
		if !info.Plausible(v) {
			continue
		}
		s.addItem(start, medbot.Observation{Kind: medbot.Weight, Value: v})
		s.mark(start, i+2)
		i++
	}
}
