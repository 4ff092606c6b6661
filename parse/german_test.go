package parse_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
)

// germanFamily is Mia (Mimi, Mäusi) and Jonas (Joni) in Berlin, writing
// German, with the German default vocabulary.
func germanFamily(t testing.TB) *parse.Parser {
	t.Helper()
	v := medbot.DefaultFamily()
	v.Language = "de"
	v.Medications, v.Events = medbot.DefaultMedicationsFor("de"), medbot.DefaultEventsFor("de")
	v.Zone, _ = time.LoadLocation("Europe/Berlin")
	v.Children = []medbot.Child{{Name: "Mia", Aliases: []string{"Mimi", "Mäusi"}}, {Name: "Jonas", Aliases: []string{"Joni"}}, {Name: "Alex"}}
	p, err := parse.New(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runGerman runs a table of German rules (sent Friday 20 November 2026,
// 15:05 in Berlin, unless a case says).
func runGerman(t *testing.T, rules map[string][]ruleCase) {
	t.Helper()
	p := germanFamily(t)
	for rule, cases := range rules {
		t.Run(rule, func(t *testing.T) {
			for _, c := range cases {
				checkBriefs(t, p, c)
			}
		})
	}
}

// TestGermanRules holds messages-de.md's rules, each with the examples
// the spec gives.
func TestGermanRules(t *testing.T) {
	runGerman(t, map[string][]ruleCase{
		"spelling: ä = ae = a in vocabulary words": {
			{text: "Mia schläft", want: []string{"event Mia 11-20 15:05 sleep"}},
			{text: "Mia schlaeft", want: []string{"event Mia 11-20 15:05 sleep"}},
			{text: "Mia schlaft", want: []string{"event Mia 11-20 15:05 sleep"}},
			{text: "Jonas hat sich uebergeben", want: []string{"event Jonas 11-20 15:05 vomit"}},
			{text: "Jonas 2 Huebe Sultanol", want: []string{"medication Jonas 11-20 15:05 salbutamol 2 puffs"}},
			{text: "Mausi 38,9", want: []string{"temperature Mia 11-20 15:05 38.9"}},
		},
		"typos and hyphens in medicine names": {
			{text: "Mia Nurofem 5 ml", want: []string{"medication Mia 11-20 15:05 ibuprofen 5 ml"}},
			{text: "Mia benuron 5 ml", want: []string{"medication Mia 11-20 15:05 paracetamol 5 ml"}},
			{text: "Mia ben-u-ron 5 ml", want: []string{"medication Mia 11-20 15:05 paracetamol 5 ml"}},
		},
		"who: articles, bei, für, genitive": {
			{text: "die Mia hat 38,6", want: []string{"temperature Mia 11-20 15:05 38.6"}},
			{text: "dem Jonas 5 ml Nurofen gegeben", want: []string{"medication Jonas 11-20 15:05 ibuprofen 5 ml"}},
			{text: "bei Mia 38,5", want: []string{"temperature Mia 11-20 15:05 38.5"}},
			{text: "für Jonas 5 ml Nurofen", want: []string{"medication Jonas 11-20 15:05 ibuprofen 5 ml"}},
			{text: "Mias Temperatur 38,2", want: []string{"temperature Mia 11-20 15:05 38.2"}},
			{text: "Mia's Temperatur 38,2", want: []string{"temperature Mia 11-20 15:05 38.2"}},
			{text: "Jonas' Fieber 39,1", want: []string{"temperature Jonas 11-20 15:05 39.1"}},
			{text: "Alex' Temperatur 38,4", want: []string{"temperature Alex 11-20 15:05 38.4"}},
		},
		"every child": {
			{text: "beide schlafen", want: []string{"event Mia 11-20 15:05 sleep", "event Jonas 11-20 15:05 sleep", "event Alex 11-20 15:05 sleep"}},
			{text: "alle schlafen", want: []string{"event Mia 11-20 15:05 sleep", "event Jonas 11-20 15:05 sleep", "event Alex 11-20 15:05 sleep"}},
			{text: "alles gut"},
			{text: "alle 6 Stunden ben-u-ron"},
			{text: "der Saft ist alle"},
			{text: "beide Säfte sind fast leer"},
		},
		"grown-ups are not children": {
			{text: "ich hab auch 38,2"},
			{text: "Papa hat auch Fieber, 38,4"},
			{text: "bin wach, übernehme"},
			{text: "Oma hustet auch"},
			{text: "hab bei Jonas 39 gemessen", want: []string{"temperature Jonas 11-20 15:05 39"}},
		},
		"clock times": {
			{text: "Mia um 14:30 38,5", want: []string{"temperature Mia 11-20 14:30 38.5"}},
			{text: "Mia 14.30 Uhr 38,5", want: []string{"temperature Mia 11-20 14:30 38.5"}},
			{text: "Mia um 14 Uhr 38,5", want: []string{"temperature Mia 11-20 14:00 38.5"}},
			{text: "Mia um 2 38,5", want: []string{"temperature Mia 11-20 14:00 38.5"}},
			{text: "Mia um zwei Nurofen 5 ml", want: []string{"medication Mia 11-20 14:00 ibuprofen 5 ml"}},
			{text: "Mia um 11 nachts 39,0", want: []string{"temperature Mia 11-19 23:00 39"}},
		},
		"spoken times: halb 5 is 4:30": {
			{text: "Jonas um halb 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:30 ibuprofen 5 ml"}},
			{text: "Jonas um viertel nach 2 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:15 ibuprofen 5 ml"}},
			{text: "Jonas um viertel vor 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:45 ibuprofen 5 ml"}},
			{text: "Jonas um dreiviertel 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:45 ibuprofen 5 ml"}},
			{text: "Jonas um viertel 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:15 ibuprofen 5 ml"}},
			{text: "Jonas um 10 nach 2 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:10 ibuprofen 5 ml"}},
			{text: "Jonas um 5 vor 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:55 ibuprofen 5 ml"}},
			{text: "Jonas um 5 nach halb 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:35 ibuprofen 5 ml"}},
			{text: "Jonas um 5 vor halb 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 14:25 ibuprofen 5 ml"}},
			{text: "Jonas gegen 3 Nurofen 5 ml", want: []string{"medication Jonas 11-20 15:00 ibuprofen 5 ml"}},
		},
		"counting back": {
			{text: "Jonas 38,4 vor 20 Minuten", want: []string{"temperature Jonas 11-20 14:45 38.4"}},
			{text: "Jonas 38,4 vor einer halben Stunde", want: []string{"temperature Jonas 11-20 14:35 38.4"}},
			{text: "Jonas 38,4 vor ner Stunde", want: []string{"temperature Jonas 11-20 14:05 38.4"}},
			{text: "Jonas 38,4 vor 2 Stunden", want: []string{"temperature Jonas 11-20 13:05 38.4"}},
			{text: "Jonas 38,4 vor anderthalb Stunden", want: []string{"temperature Jonas 11-20 13:35 38.4"}},
			{text: "Jonas 38,4 vor einer Viertelstunde", want: []string{"temperature Jonas 11-20 14:50 38.4"}},
			{text: "Jonas vor dem Essen 38,4", want: []string{"temperature Jonas 11-20 15:05 38.4"}},
		},
		"unknown times": {
			{text: "Gestern Abend hatte er 39,1"},
			{text: "hat die ganze Nacht gehustet, jetzt 38,1", want: []string{"temperature - 11-20 15:05 38.1"}},
			{text: "Jonas hat seit gestern Fieber, jetzt 38,9", want: []string{"temperature Jonas 11-20 15:05 38.9"}},
			{text: "gestern um 23 Uhr hatte Mia 39,4", want: []string{"temperature Mia 11-19 23:00 39.4"}},
		},
		"numbers": {
			{text: "Mia 38 Komma 5", want: []string{"temperature Mia 11-20 15:05 38.5"}},
			{text: "Mia 38 Punkt 5", want: []string{"temperature Mia 11-20 15:05 38.5"}},
			{text: "Jonas hat über 39"},
			{text: "Jonas hat knapp 39"},
		},
		"temperature": {
			{text: "Mia 39 Grad", want: []string{"temperature Mia 11-20 15:05 39"}},
			{text: "Mia 39 Fieber", want: []string{"temperature Mia 11-20 15:05 39"}},
			{text: "Mia Temp 38", want: []string{"temperature Mia 11-20 15:05 38"}},
			{text: "Mia Fieber jetzt bei 39", want: []string{"temperature Mia 11-20 15:05 39"}},
			{text: "sie hat 39", want: []string{"temperature - 11-20 15:05 39"}},
			{text: "Jonas hatte wieder 40", want: []string{"temperature Jonas 11-20 15:05 40"}},
			{text: "Mia 38,9 rektal", want: []string{"temperature Mia 11-20 15:05 38.9"}},
			{text: "kein Fieber"},
			{text: "Mia fieberfrei"},
			{text: "Thermometer zeigt 38,9 bei Mia", want: []string{"temperature Mia 11-20 15:05 38.9"}},
		},
		"SpO2, heart rate, breathing, weight": {
			{text: "Jonas Sättigung 94", want: []string{"spo2 Jonas 11-20 15:05 94"}},
			{text: "Jonas Sättigung liegt bei 95 %", want: []string{"spo2 Jonas 11-20 15:05 95"}},
			{text: "Jonas Oxi zeigt 96", want: []string{"spo2 Jonas 11-20 15:05 96"}},
			{text: "Jonas Puls 140", want: []string{"heart_rate Jonas 11-20 15:05 140"}},
			{text: "Jonas Pulsoxi 95", want: []string{"spo2 Jonas 11-20 15:05 95"}},
			{text: "Jonas Atmung 50", want: []string{"respiratory_rate Jonas 11-20 15:05 50"}},
			{text: "Mia wiegt 8,4 kg", want: []string{"weight Mia 11-20 15:05 8.4"}},
			{text: "Jonas 14,2 kg", want: []string{"weight Jonas 11-20 15:05 14.2"}},
		},
		"medication: forms name no medicine": {
			{text: "5 ml Fiebersaft gegeben"},
			{text: "Zäpfchen rein"},
			{text: "Hustensaft gegeben"},
			{text: "Mimi Nurofensaft 5ml", want: []string{"medication Mia 11-20 15:05 ibuprofen 5 ml"}},
			{text: "Mimi Ibu-Saft 5ml", want: []string{"medication Mia 11-20 15:05 ibuprofen 5 ml"}},
		},
		"medication: units and strengths": {
			{text: "Jonas Sultanol 4x", want: []string{"medication Jonas 11-20 15:05 salbutamol 4 puffs"}},
			{text: "Mia 1 Beutel Oralpädon", want: []string{"medication Mia 11-20 15:05 oral rehydration 1 sachets"}},
			{text: "Mia 10 Tropfen Fenistil", want: []string{"medication Mia 11-20 15:05 dimetindene 10 drops"}},
			{text: "Jonas 125er Zäpfchen ben-u-ron", want: []string{"medication Jonas 11-20 15:05 paracetamol 125 mg"}},
			{text: "Jonas ben-u-ron Zäpfchen 250 mg", want: []string{"medication Jonas 11-20 15:05 paracetamol 250 mg"}},
			{text: "Mia 1 Messlöffel InfectoMox", want: []string{"medication Mia 11-20 15:05 amoxicillin"}},
		},
		"medication: giving, plans, schedules, refusals": {
			{text: "Mia Nurofen", want: []string{"medication Mia 11-20 15:05 ibuprofen"}},
			{text: "Dolormin ist fast leer"},
			{text: "Mia bekommt 5 ml Ibu", want: []string{"medication Mia 11-20 15:05 ibuprofen 5 ml"}},
			{text: "um 6 gibt's wieder ben-u-ron"},
			{text: "3x täglich 5 ml Amoxi"},
			{text: "dreimal am Tag Amoxi"},
			{text: "wollte den Saft nicht"},
			{text: "Mia hat Nurofen verweigert"},
			{text: "Jonas hat das Nurofen ausgespuckt"},
		},
		"events": {
			{text: "Jonas wacht immer wieder auf", want: []string{"event Jonas 11-20 15:05 wake"}},
			{text: "Mia konnte endlich einschlafen", want: []string{"event Mia 11-20 15:05 sleep"}},
			{text: "Mia hat gut geschlafen"},
			{text: "schlaft gut"},
			{text: "hab die Kinder an Oma übergeben"},
			{text: "Flasche ben-u-ron gekauft"},
			{text: "Jonas Puls 144", want: []string{"heart_rate Jonas 11-20 15:05 144"}},
			{text: "Notiz: Kinderarzt sagt viel trinken", want: []string{"note - 11-20 15:05"}},
		},
		"questions: the verb first with its subject": {
			{text: "Hat sie schon Fieber gehabt"},
			{text: "Hast du ihr was gegeben"},
			{text: "Soll ich ihr Nurofen geben"},
			{text: "Kann er schon wieder ben-u-ron haben"},
			{text: "Schläft Mia schon"},
			{text: "Ist Papa schon da"},
			{text: "Ist 38,6 zu hoch"},
			{text: "Um 6 hat sie ben-u-ron bekommen", want: []string{"medication - 11-21 06:00 paracetamol"}, sent: time.Date(2026, 11, 21, 6, 30, 0, 0, time.UTC)},
			{text: "Dann hat sie gebrochen", want: []string{"event - 11-20 15:05 vomit"}},
			{text: "Jetzt schläft sie", want: []string{"event - 11-20 15:05 sleep"}},
			{text: "Hat 39,2", want: []string{"temperature - 11-20 15:05 39.2"}},
			{text: "Ist eingeschlafen", want: []string{"event - 11-20 15:05 sleep"}},
			{text: "Schläft endlich", want: []string{"event - 11-20 15:05 sleep"}},
			{text: "Hab ihr 5 ml Nurofen gegeben", want: []string{"medication - 11-20 15:05 ibuprofen 5 ml"}},
			{text: "Und hat sie geschlafen"},
		},
		"questions: question words, wondering, tags": {
			{text: "wann hatte Jonas das letzte Nurofen"},
			{text: "wie viel ben-u-ron darf sie"},
			{text: "vielleicht 38,5 bei Mia"},
			{text: "38,5 ist noch ok gell"},
			{text: "Mia 38,5 oder"},
			{text: "Mia 39,1. Soll ich ihr was geben?", want: []string{"temperature Mia 11-20 15:05 39.1"}},
		},
		"advice, wishes, instructions": {
			{text: "gib ihr viel zu trinken"},
			{text: "pass auf sein Fieber auf"},
			{text: "gute Besserung"},
			{text: "hoffentlich schläft sie"},
			{text: "am besten Tee"},
			{text: "viel trinken"},
			{text: "Fieber messen"},
			{text: "Mia 5 ml geben"},
			{text: "ich gebe Jonas jetzt Ibu", want: []string{"medication Jonas 11-20 15:05 ibuprofen"}},
			{text: "wieder 39 Fieber und Husten bei Jonas", want: []string{"temperature Jonas 11-20 15:05 39", "event Jonas 11-20 15:05 cough"}},
		},
		"plans, appointments, what is due": {
			{text: "nächste Dosis um 6"},
			{text: "Arzttermin um 10:40"},
			{text: "morgen zum Kinderarzt"},
			{text: "ich gebe ihr gleich Nurofen"},
			{text: "schläft gleich"},
			{text: "Mia hat Nurofen bekommen und gleich wieder ausgebrochen", want: []string{"event Mia 11-20 15:05 vomit"}},
			{text: "wir fahren jetzt in die Notaufnahme"},
			{text: "sind in der Notaufnahme mit Jonas", want: []string{"event Jonas 11-20 15:05 doctor"}},
		},
		"what someone else said": {
			{text: "der Kinderarzt sagt 38,5 ist ok"},
			{text: "laut 116117 erst ab 39,5"},
			{text: "Amoxi verschrieben"},
			{text: "Oxi sagt 96 bei Jonas", want: []string{"spo2 Jonas 11-20 15:05 96"}},
		},
		"negation over the whole clause": {
			{text: "hat den Saft nicht genommen"},
			{text: "Frühstück wollte sie nicht"},
			{text: "hat kaum getrunken"},
			{text: "hat ned viel gegessen"},
			{text: "Jonas hat gebrochen und nichts getrunken", want: []string{"event Jonas 11-20 15:05 vomit"}},
		},
		"an answer to someone": {
			{text: "ne, nur ein paar Schluck Wasser"},
			{text: "ja, hat ein bisschen Brei gegessen"},
		},
	})
}

// TestGermanYesNoAndCommands: German answers and command words, the
// English ones still understood.
func TestGermanYesNoAndCommands(t *testing.T) {
	p := germanFamily(t)
	for _, w := range []string{"ja", "Genau", "stimmt", "passt", "👍", "yes"} {
		if yes, no := p.YesNo(w); !yes || no {
			t.Errorf("%q: yes %v no %v", w, yes, no)
		}
	}
	for _, w := range []string{"nein", "nee", "nö", "falsch", "stimmt nicht", "no"} {
		if yes, no := p.YesNo(w); yes || !no {
			t.Errorf("%q: yes %v no %v", w, yes, no)
		}
	}
	for text, name := range map[string]string{"grafik": "graphs", "Fieberkurve bitte": "graphs", "bericht für Mia": "report", "rückgängig": "undo", "hilfe": "help", "graphs": "graphs", "status": "status"} {
		if c, ok := p.Command(text); !ok || c.Name != name {
			t.Errorf("%q: %+v %v, want %s", text, c, ok, name)
		}
	}
	for text, topic := range map[string]string{"hilfe dosen": "doses", "hilfe Dosen": "doses", "hilfe Flaggen": "flags", "hilfe Befehle": "commands", "hilfe korrigieren": "fixing", "hilfe schreiben": "writing"} {
		if c, ok := p.Command(text); !ok || c.Topic != topic {
			t.Errorf("%s: %+v", text, c)
		}
	}
	for _, text := range []string{"status alle", "status alles", "status all"} {
		if c, ok := p.Command(text); !ok || !c.All || c.Problem != "" {
			t.Errorf("%s: %+v", text, c)
		}
	}
	if c, ok := p.Command("grafik 3 Tage"); !ok || c.Window != 72*time.Hour {
		t.Errorf("grafik 3 Tage: %+v", c)
	}
	if _, ok := p.Command("Übergabe: Mia schläft"); ok {
		t.Error("Übergabe is no command word")
	}
}

// TestReservedInEveryLanguage: no child may be called a word medbot reads
// as every child or a command, in any language it reads.
func TestReservedInEveryLanguage(t *testing.T) {
	for _, w := range []string{"both", "status", "beide", "kinder", "grafik", "bericht", "hilfe", "rückgängig"} {
		if !parse.Reserved(w) {
			t.Errorf("%q is not reserved", w)
		}
	}
	for _, w := range []string{"mia", "rory", "jonas"} {
		if parse.Reserved(w) {
			t.Errorf("%q is reserved", w)
		}
	}
}

// TestGermanConditionsAndClauseImperatives: a condition ("wenn", "falls")
// and an imperative opening a later clause advise: nothing recorded.
func TestGermanConditionsAndClauseImperatives(t *testing.T) {
	runGerman(t, map[string][]ruleCase{
		"conditions and imperatives in a later clause": nothing(
			"Wenn er wach wird, gib ihm Tee",
			"Falls sie über 39 hat, gib Nurofen",
			"sobald sie wach ist Fieber messen",
			"Mia ist müde, gib ihr Tee",
		),
	})
}

// TestGermanAsParentsWrite: messages written the way German parents
// write, beyond the spec's examples: none of these records anything.
func TestGermanAsParentsWrite(t *testing.T) {
	runGerman(t, map[string][]ruleCase{
		"records nothing": nothing(
			"Soll ich Mia noch was geben?",
			"Hat Jonas schon sein Antibiotikum bekommen",
			"Wie hoch war das Fieber heute Nacht",
			"Kannst du Nurofen kaufen",
			"Brauchen wir noch ben-u-ron",
			"Wir haben kein Nurofen mehr",
			"Der Arzt meinte wir sollen ab 39 was geben",
			"Mia soll heute viel trinken",
			"Morgen früh Kinderarzt",
			"Bitte denk an das Antibiotikum um 18 Uhr",
			"Nächstes Ibu ab 21 Uhr",
			"Falls sie über 39 hat, gib Nurofen",
			"Ich glaube sie hat Fieber",
			"Vielleicht bekommt sie Zähne",
			"Sie wirkt schlapp, mal schauen",
			"Fieber messen nicht vergessen",
			"Gute Nacht ihr beiden",
			"Hoffentlich schläft sie durch",
			"Ich geh jetzt schlafen",
			"Ich bin total müde",
			"Ich hab Kopfschmerzen",
			"Papa hat gekotzt",
			"Oma hat auch Husten",
			"Der Saft schmeckt ihr nicht",
			"Mia will keinen Saft",
			"Jonas hat nichts gegessen",
			"Sie hat den ganzen Tag kaum was getrunken",
			"Mia wollte kein Zäpfchen",
			"ok danke",
			"bin gleich da",
			"alles klar, danke dir",
			"Laut Beipackzettel 10 ml",
			"Die Apotheke sagt 5 ml alle 6 Stunden",
			"Wie viel ml darf Jonas",
			"Ist das normal dass sie so schwitzt",
			"Hast du schon Fieber gemessen?",
			"Sollen wir in die Notaufnahme?",
			"Der Kinderarzt hat Amoxi verschrieben",
			"Mia hatte letzte Woche auch 39",
		),
		"statements": {
			{text: "Hab Mia um 22 Uhr ein Zäpfchen gegeben"},
			{text: "Jonas hat vor einer Stunde Ibu bekommen", want: []string{"medication Jonas 11-20 14:05 ibuprofen"}},
			{text: "Jonas hatte vor 2 Stunden 39,5", want: []string{"temperature Jonas 11-20 13:05 39.5"}},
			{text: "Mia um halb 3 Nurofen 3,75 ml", want: []string{"medication Mia 11-20 14:30 ibuprofen 3.75 ml"}},
			{text: "Mia Fieber 39,4, Nurofen 5 ml gegeben", want: []string{"temperature Mia 11-20 15:05 39.4", "medication Mia 11-20 15:05 ibuprofen 5 ml"}},
			{text: "Jonas ist gerade aufgewacht und hat 38,4", want: []string{"event Jonas 11-20 15:05 wake", "temperature Jonas 11-20 15:05 38.4"}},
			{text: "Wir waren mit Mia beim Kinderarzt", want: []string{"event Mia 11-20 15:05 doctor"}},
			{text: "Beide haben ben-u-ron bekommen", want: []string{"medication Mia 11-20 15:05 paracetamol", "medication Jonas 11-20 15:05 paracetamol", "medication Alex 11-20 15:05 paracetamol"}},
		},
	})
}

// TestGermanFoundByHand: what hand-written messages showed: a time
// after an emoji dates nothing before it, "erst um 3" is a plan, and a
// suppository count no one gives is a strength.
func TestGermanFoundByHand(t *testing.T) {
	runGerman(t, map[string][]ruleCase{
		"an emoji ends a sentence; erst um is a plan": {
			{text: "Jonas wieder 39,3 😩 Ibu geht erst um 3", want: []string{"temperature Jonas 11-20 15:05 39.3"}},
			{text: "Nurofen erst wieder ab 18 Uhr"},
		},
		"a count no one gives is a strength": {
			{text: "Mia ben-u-ron 125 Zäpfchen um 14:00", want: []string{"medication Mia 11-20 14:00 paracetamol 125 mg"}},
			{text: "Mia 1 Zäpfchen ben-u-ron", want: []string{"medication Mia 11-20 15:05 paracetamol 1 suppositories"}},
		},
	})
}

// TestGermanObjectAfterFirstPerson: a child's name after a verb of the
// first person is its object ("Hab Jonas grad Nurofen gegeben"), not a
// question's subject.
func TestGermanObjectAfterFirstPerson(t *testing.T) {
	runGerman(t, map[string][]ruleCase{
		"the first person": {
			{text: "Hab Jonas grad Nurofen gegeben", want: []string{"medication Jonas 11-20 15:05 ibuprofen"}},
			{text: "Habe Mia um 14 Uhr 5 ml Nurofen gegeben", want: []string{"medication Mia 11-20 14:00 ibuprofen 5 ml"}},
			{text: "Hat Mia heute schon Amoxi gehabt"},
			{text: "Kann Jonas schon wieder Ibu haben"},
		},
	})
}

// A German question about doses that records nothing is answered as the
// English one is: its children (or a pronoun) and its medicines.
func TestGermanDoseQuestions(t *testing.T) {
	p := germanFamily(t)
	for text, want := range map[string]string{
		"darf Mia schon wieder Nurofen?":         "[Mia] [ibuprofen] false",
		"Wann hatte Jonas das letzte Nurofen":    "[Jonas] [ibuprofen] false",
		"wann darf Mimi wieder ben-u-ron?":       "[Mia] [paracetamol] false",
		"wann gab es das letzte Nurofen?":        "[] [ibuprofen] false",
		"Kann sie schon wieder ben-u-ron haben?": "[] [paracetamol] true",
		"hat Jonas heute schon Ibu bekommen?":    "[Jonas] [ibuprofen] false",
	} {
		r := p.Read(text, time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC))
		if r.Question == nil || len(r.Observations) > 0 {
			t.Errorf("%q: question %+v, records %v", text, r.Question, r.Observations)
			continue
		}
		if got := fmt.Sprint(r.Question.Children, r.Question.Medicines, r.Question.Pronoun); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
	// a question that names no medicine nor dose asks nothing of the doses
	for _, text := range []string{"wie geht es Mia?", "Ist Jonas schon wach?"} {
		if r := p.Read(text, time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)); r.Question != nil || len(r.Observations) > 0 {
			t.Errorf("%q: question %+v, records %v", text, r.Question, r.Observations)
		}
	}
}

// A clock time that does not exist dates nothing now: the message's
// readings wait for the time, as in English ("38.4 at 25:00").
func TestGermanBadClock(t *testing.T) {
	p := germanFamily(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	for text, written := range map[string]string{
		"um 25:00 38,5 Mia":         "25:00",
		"Mia 38,5 um 25:00":         "25:00",
		"23:60 Uhr Mia 38,5":        "23:60",
		"um 14.75 Nurofen 5 ml Mia": "14.75",
	} {
		r := p.Read(text, at)
		if len(r.Observations) > 0 || len(r.Doubts) != 1 || r.Doubts[0].Kind != parse.BadTime || r.Doubts[0].Written != written {
			t.Errorf("%q: records %v, doubts %+v", text, r.Observations, r.Doubts)
		}
	}
	for _, text := range []string{"um 23:59 38,5 Mia", "Mia 38,5 um 0:00", "14.30 Uhr Nurofen 5 ml Mia"} {
		if r := p.Read(text, at); len(r.Observations) != 1 || len(r.Doubts) != 0 {
			t.Errorf("%q: records %v, doubts %+v", text, r.Observations, r.Doubts)
		}
	}
}
