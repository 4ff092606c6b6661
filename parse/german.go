package parse

import (
	"strings"
	"time"
)

// german is the German of messages-de.md: its words in the tables the
// shared finders read, and its own rules where German grammar differs
// from English (german_rules.go: spellings, times, questions, advice,
// plans, what someone said, negation).
var german *language

// init builds German after English (english.go's init): what German does
// not change is English's.
func init() {
	german = newGerman()
	languages["de"] = german
}

func newGerman() *language {
	g := *english // the English vocabulary stays: families mix ("Temp 38", "sats 94")
	g.code = "de"
	g.forms = germanForms
	g.compounds = (*Parser).germanCompounds
	g.keywords = map[phraseKind][]string{}
	for k, ws := range english.keywords {
		g.keywords[k] = append([]string(nil), ws...)
	}
	g.keywords[pTemp] = append(g.keywords[pTemp], "temperatur", "fieber", "fiebermessung")
	g.keywords[pSpO2] = append(g.keywords[pSpO2], "sättigung", "sauerstoff", "sauerstoffsättigung", "pulsoxi", "pulsoximeter", "oxi", "sat")
	g.keywords[pHR] = append(g.keywords[pHR], "puls", "herzfrequenz", "hf", "herzschlag")
	g.keywords[pRR] = append(g.keywords[pRR], "atemfrequenz", "af", "atmung", "atemzüge", "atemzuege")
	g.keywords[pKg] = append(g.keywords[pKg], "wiegt", "gewicht", "gewogen")
	g.groupOK = (*state).germanGroupOK
	g.findTimes = (*state).germanTimes
	g.undated = (*state).germanUndated
	g.questionMessage = (*state).germanQuestionMessage
	g.asksLater = (*state).germanAsksLater
	g.allWords = []string{"all", "alle", "alles"}
	g.pronouns = append([]string{"er", "ihm", "ihn", "sie", "ihr"}, english.pronouns...)
	g.quieten = (*state).germanQuieten
	g.negation = (*state).germanNegation
	g.decimalWords = gset("komma", "punkt", "point")
	g.spell = germanSpelling
	g.timeFor = (*state).germanTimeFor
	g.doses = (*state).germanDoses
	g.readings = (*state).germanReadings
	g.degreeWords = gset("°", "º", "grad", "degrees", "°c")
	g.tempMarkers = gset("fieber", "gemessen", "temperatur")
	g.noteWords = gset("notiz", "note", "nb", "anmerkung")
	g.vomitWords = gset("ausgebrochen", "erbrochen", "gebrochen", "gespuckt", "gekotzt", "übergeben", "rausgekommen", "sick")
	g.upWords = map[string]bool{}
	g.vomitBack = gset("wieder", "gleich")
	g.bottleWords = gset("flasche", "flaschen", "fläschchen", "packung", "tube")
	g.drinkingVerbs = gset("getrunken", "trinkt", "trinken", "gegessen", "isst", "essen", "gestillt", "stillt", "gefrühstückt", "frühstückt")
	g.everyChild = []string{"beide", "beiden", "die beiden", "alle beide", "beide kinder", "die kinder", "kinder", "die kids", "kids", "die kleinen", "alle", "allen"}
	g.windowUnits = map[string]time.Duration{
		"h": time.Hour, "std": time.Hour, "stunde": time.Hour, "stunden": time.Hour,
		"d": 24 * time.Hour, "t": 24 * time.Hour, "tag": 24 * time.Hour, "tage": 24 * time.Hour, "tagen": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "woche": 7 * 24 * time.Hour, "wochen": 7 * 24 * time.Hour,
	}
	g.yesWords = []string{"ja", "jo", "jup", "jap", "jawohl", "genau", "stimmt", "passt", "richtig", "ja genau", "ja stimmt", "ja passt", "👍", "yes", "ok ja"}
	g.noWords = []string{"nein", "ne", "nee", "nö", "na", "falsch", "stimmt nicht", "no", "nein falsch"}
	g.noStarts = []string{"nein", "ne", "nee", "nö", "nicht", "falsch"}
	g.noReasons = []string{"falsch", "vertippt", "ignorieren", "ignoriere", "fehler", "sorry", "verschrieben"}
	g.commandWords = map[string]string{"grafik": "graphs", "grafiken": "graphs", "diagramm": "graphs", "diagramme": "graphs", "kurve": "graphs", "fieberkurve": "graphs",
		"bericht": "report", "rueckgaengig": "undo", "hilfe": "help", "befehle": "help"}
	g.helpTopics = map[string]string{"schreiben": "writing", "dosen": "doses", "befehle": "commands", "korrigieren": "fixing", "flaggen": "flags"}
	g.commandFillers = gset("bitte", "mal", "zeig", "zeige", "schick", "schicke", "mir", "uns", "die", "den", "das", "danke", "kannst", "du", "medbot",
		"aktuelle", "neue", "letzte", "letzten", "für", "fuer", "von", "und", "", "😊", "🙏", "👍", "hallo", "hi", "hey")
	g.answerFillers = gset("ist", "es", "für", "fuer", "war", "das", "die", "der", "und", "&", "+", "sorry", "oh", "ups", "bei", "von")
	g.clauseWords = gset("und", "aber", "dann", "danach", "doch", "sondern", "weil", "plus", "anschließend", "anschliessend")
	g.mentionJoin = gset("und", "&", "+", "u", "/")
	g.givingWords = gset("gegeben", "gab", "bekommen", "bekam", "gekriegt", "genommen", "eingenommen", "geschluckt", "hatte", "gehabt",
		"inhaliert", "gesprüht", "gespruht", "gemacht", "verabreicht", "rein", "drin", "intus", "gebe", "geb", "gibt", "bekommt", "kriegt", "nimmt", "kriegte")
	g.negations = gset("kein", "keine", "keinen", "keinem", "keiner", "nicht", "nichts", "nix", "nie", "ohne", "kaum", "net", "ned", "nöd", "nid", "nüt")
	g.postNegations = gset("verweigert", "ausgespuckt", "ausgespuckt")
	g.notYet = gset("noch")
	g.schedules = gset("täglich", "taglich", "tagl", "mal", "pro", "alle", "jeweils")
	g.listJoins = gset("und", "oder", ",", "&", "die", "der", "das")
	g.beforeDose = gset("hat", "hatte", "bekommt", "bekam", "hab", "habe", "gebe", "geb", "gibt", "kriegt", "nimmt", "noch", "schon", "wieder", "jetzt", "gerade")
	g.keywordFillers = gset(":", "=", "-", "~", "ist", "liegt", "lag", "bei", "jetzt", "noch", "wieder", "auf", "von", "zeigt", "zeigte", "sagt", "nur", "schon",
		"so", "ca", "etwa", "um", "gemessen", "misst", "hat", "hatte", "war", "mit", "gerade", "grad", "aktuell", "runter", "hoch", "rauf", "immer")
	g.thresholds = gset("über", "uber", "unter", "fast", "knapp", "bis", "mehr", "weniger", "höchstens", "hochstens", "mindestens", "ab", "als", ">", "<", "max")
	g.notTempAfter = gset("%", "x", "kg", "g", "lb", "cm", "min", "minuten", "std", "stunden", "h", "tage", "wochen", "monate", "mal", "ml", "mg", "jahre", "uhr", "er")
	g.numWords = map[string]float64{"ein": 1, "eine": 1, "einen": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5, "sechs": 6, "sieben": 7,
		"acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "halb": 0.5, "halbe": 0.5, "halbes": 0.5, "halben": 0.5,
		"anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5}
	g.unitWords = map[string]string{
		"ml": "ml", "milliliter": "ml", "milli": "ml", "mls": "ml",
		"mg": "mg", "milligramm": "mg",
		"hub": "puffs", "hube": "puffs", "spruhstoss": "puffs", "spruhstosse": "puffs", "stoss": "puffs", "stosse": "puffs", "pumpstoss": "puffs", "puff": "puffs", "puffs": "puffs", "pumpstosse": "puffs",
		"tablette": "tablets", "tabletten": "tablets", "tabl": "tablets", "tbl": "tablets",
		"tropfen": "drops", "trpf": "drops",
		"beutel": "sachets", "btl": "sachets", "beutelchen": "sachets", "sackchen": "sachets", "sachet": "sachets", "tutchen": "sachets",
		"zapfchen": "suppositories", "zapfli": "suppositories",
	}
	g.weakAliases = map[string]bool{}
	g.standIns = gset("sie", "er", "es", "baby", "temp", "die kleine", "der kleine", "kleine", "kleiner")
	g.doseWords = gset("dosis", "dosen", "medizin", "medikament", "saft", "zäpfchen", "zapfchen")
	g.symptoms = gset("krank", "schlapp", "matt", "apathisch", "fiebrig", "heiss", "heiß", "warm", "mies", "jammert", "weint", "quengelig", "elend")
	g.devices = gset("thermometer", "oxi", "pulsoxi", "pulsoximeter", "gerät", "gerat", "app", "messgerät", "messgerat", "anzeige", "display", "es")
	g.reporting = gset("sagt", "sagen", "sagte", "sagten", "gesagt", "meint", "meinen", "meinte", "gemeint", "empfiehlt", "empfohlen", "rät", "rat", "laut", "lt")
	return &g
}

// germanSpelling is a German word as the grammar rules read it: lower
// case, ä ö ü as ae oe ue, ß as ss ("hätte" and "haette" are one word,
// "hatte" another).
func germanSpelling(w string) string {
	if !strings.ContainsAny(w, "äöüßÄÖÜ") {
		return w
	}
	return umlauts.Replace(w)
}

// umlauts and digraphs write the spellings (built once: a Replacer is
// costly to make for every word).
var (
	umlauts  = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue")
	digraphs = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")
)

// germanFold is a word as the vocabulary reads it: ä = ae = a, ö = oe =
// o, ü = ue = u, ß = ss ("schläft", "schlaeft", "schlaft").
func germanFold(w string) string {
	w = germanSpelling(w)
	if strings.Contains(w, "ae") || strings.Contains(w, "oe") || strings.Contains(w, "ue") {
		w = digraphs.Replace(w)
	}
	return w
}

// gset is a set of German grammar words, in the spelling the rules read.
func gset(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[germanSpelling(w)] = true
	}
	return m
}
