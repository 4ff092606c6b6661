package medbot

import "time"

// The default vocabulary of a German-speaking family (messages-de.md):
// the English names stay, the brands and words of Germany, Austria and
// Switzerland are added, with two medicines more and the locale's
// defaults (paracetamol at least 6 h apart).

// germanMedicines are the aliases added per medicine, and the medicines
// added.
var germanMedicines = map[string][]string{
	"paracetamol":      {"Paracetamol", "Parazetamol", "ben-u-ron", "benuron", "ben u ron", "Paracetamol-ratiopharm", "Paracetamol-AL", "Mexalen", "Dafalgan"},
	"ibuprofen":        {"Ibuprofen", "Nurofen Junior", "Dolormin", "Dolormin für Kinder", "Ibuflam", "IbuHEXAL", "Ibu-ratiopharm", "Algifor"},
	"amoxicillin":      {"Amoxicillin", "Amoxi", "InfectoMox", "Amoxi-Lich", "Ospamox"},
	"salbutamol":       {"Salbutamol", "Salbu", "Sultanol", "SalbuHEXAL", "Bedarfsspray", "Notfallspray"},
	"beclometasone":    {"Beclometason", "Junik", "Ventolair"},
	"prednisolone":     {"Prednisolon", "Infectocortikrupp", "Klismacort", "Rectodelt"},
	"cetirizine":       {"Cetirizin", "Zyrtec"},
	"oral rehydration": {"Elektrolytlösung", "Elektrolyte", "Elektrolyt", "Oralpädon", "Elotrans", "Normolyt", "Normhydral", "Normolytoral"},
}

// germanEvents are the German words of each event.
var germanEvents = map[string][]string{
	"sleep":  {"schläft", "schlafen", "eingeschlafen", "eingepennt", "pennt", "Mittagsschlaf", "Schläfchen", "Nickerchen", "einschlafen"},
	"wake":   {"wach", "aufgewacht", "wacht", "erwacht"},
	"vomit":  {"erbrochen", "erbricht", "Erbrechen", "übergeben", "übergibt", "gespuckt", "spuckt", "gebrochen", "bricht", "ausgebrochen", "gekotzt", "kotzt", "gespieben", "gspieben", "speibt"},
	"cough":  {"Husten", "hustet", "gehustet", "Hustenanfall", "Hustenattacke", "Krupphusten", "Reizhusten"},
	"rash":   {"Ausschlag", "Hautausschlag", "Pusteln", "Flecken", "Pünktchen", "Quaddeln", "Bläschen"},
	"doctor": {"Arzt", "Ärztin", "Kinderarzt", "Kinderärztin", "KiA", "Hausarzt", "Doktor", "Praxis", "Notaufnahme", "Notdienst", "Bereitschaftsdienst", "Notarzt", "Krankenhaus", "Klinik", "Kinderklinik", "Spital", "Ambulanz", "Rettung", "Krankenwagen", "RTW", "112", "116117", "144", "1450"},
	"fluids": {"getrunken", "trinkt", "trinken", "Fläschchen", "Flasche", "Schoppen", "Wasser", "Tee", "Milch", "Schorle", "Schluck", "Schlückchen", "gestillt", "stillt"},
	"food":   {"gegessen", "isst", "essen", "Essen", "Frühstück", "frühstückt", "gefrühstückt", "Mittagessen", "Abendbrot", "Abendessen", "Brei", "Zwieback", "Snack", "Jause", "Zmorge", "Zmittag", "Znacht"},
	"nappy":  {"Windel", "Windeln", "nasse Windel", "volle Windel", "gewickelt"},
}

// DefaultMedicationsFor returns the default medicines of a family writing
// language: for "de" with the German-speaking brands, budesonide and
// dimetindene, and paracetamol at least 6 h apart (the ben-u-ron and
// Mexalen labels).
func DefaultMedicationsFor(language string) []Medicine {
	ms := DefaultMedications()
	if language != "de" {
		return ms
	}
	for i := range ms {
		ms[i].Aliases = append(ms[i].Aliases, germanMedicines[ms[i].Name]...)
		if ms[i].Name == "paracetamol" {
			ms[i].MinInterval = 6 * time.Hour
		}
	}
	return append(ms,
		Medicine{Name: "budesonide", Aliases: []string{"Budesonid", "Pulmicort", "Novopulmon"}, Unit: "puffs", Colour: Teal},
		Medicine{Name: "dimetindene", Aliases: []string{"Fenistil", "Dimetinden"}, Colour: Rose},
	)
}

// DefaultEventsFor returns the default events of a family writing
// language.
func DefaultEventsFor(language string) []EventType {
	es := DefaultEvents()
	if language != "de" {
		return es
	}
	for i := range es {
		es[i].Aliases = append(es[i].Aliases, germanEvents[es[i].Name]...)
	}
	return es
}

// GermanFeverC is the German S3 guideline's fever line (AWMF 027-074,
// 2025): 38.5 °C; under 3 months NICE's 38.0 °C still holds.
const GermanFeverC = 38.5
