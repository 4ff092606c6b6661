package parse

import (
	"strings"
	"time"
)

// english is the English of messages.md: every word list the rules
// read, in one value. A language is one such value (german.go); the
// parser reads the family's (Parser.l, state.l).

// language is the words of one language the rules read.
type language struct {
	code string
	// The rules that differ by grammar, each a function of the parser's
	// state; English's are the methods the rest of the package defines.
	forms     func(toks []token)            // each token's spellings (token.s, token.v)
	compounds func(p *Parser, toks []token) // words the vocabulary reads in parts (German: Mias, Ibusaft)
	// keywords are the words that name a reading before its number.
	keywords        map[phraseKind][]string
	groupOK         func(s *state, i int, ph phrase) bool
	findTimes       func(s *state)
	undated         func(s *state)
	questionMessage func(s *state) bool
	// asksLater reports whether a sentence of a message that records
	// nothing asks a question ("oh no. when can rory have calpol again",
	// "darf Mia schon wieder Nurofen?"): its dose question is answered.
	asksLater func(s *state) bool
	// pronouns stand for a child in a dose question ("can she have…").
	pronouns []string
	quieten  func(s *state)
	negation func(s *state)
	timeFor  func(s *state, pos int) time.Time // the time a finding at pos is dated at
	doses    func(s *state, ds []dose) []dose  // amounts the language reads its own way (German: strengths)
	readings func(s *state)                    // readings the language writes its own way (German: "sie hat 39")
	// degreeWords are the units after a temperature ("degrees", "Grad");
	// tempMarkers make a whole number before them a temperature ("39
	// gemessen"); noteWords open a note.
	degreeWords, tempMarkers, noteWords map[string]bool
	// vomitWords say something came up, upWords with "up" after them
	// ("threw it up"); vomitBack before a vomit word point back at what
	// came up ("gleich wieder ausgebrochen").
	vomitWords, upWords, vomitBack map[string]bool
	// bottleWords before a medicine are a bottle of it ("Flasche
	// ben-u-ron"); English says "a bottle of calpol".
	bottleWords map[string]bool
	// spell writes a word the way the grammar tables hold it (German: ä as
	// ae); English leaves it as it is.
	spell func(string) string
	// decimalWords join a voice-typed decimal: "38 point 4", "38 Komma 5".
	decimalWords map[string]bool
	// commandWords and helpTopics are the language's own words for
	// commands and help's topics, beside the English ones.
	commandWords, helpTopics map[string]string
	// allWords ask a command for everything ("status all", "status alle").
	allWords []string
	// everyChild are the words and phrases for every child of the family.
	everyChild []string
	// windowUnits are the units of a command's window, by what one is.
	windowUnits map[string]time.Duration
	// yesWords and noWords answer "is this right?"; noStarts with one of
	// noReasons is a no with its reason.
	yesWords, noWords, noStarts, noReasons []string
	// notClockAfter are words that make the number before them a count, not a
	// time of day: "about 3 times", "around 2 bottles", "about 10 mins ago".
	notClockAfter map[string]bool
	// clockPrefixes introduce a time of day: "at 3", "@14:30", "about 3",
	// "around 3".
	clockPrefixes map[string]bool
	// commandFillers are the polite words around a command: "graphs please",
	// "show me the graphs", "can I have the status".
	commandFillers map[string]bool
	// answerFillers may stand beside the names in an answer to "who is this
	// for?": "it's Rory", "for both", "that was Freya".
	answerFillers map[string]bool
	// doseWords make a question without a medicine's name a dose question:
	// "when is the next dose due".
	doseWords map[string]bool
	// standIns say a number is someone's reading though no child is named:
	// "baby's 38 now", "she's 38", "temp's 38".
	standIns map[string]bool
	// symptoms are words of health news medbot cannot record as written.
	symptoms map[string]bool
	// amountFillers may stand around an amount in a clause of its own: "about
	// 120ml".
	amountFillers map[string]bool
	// drinkingVerbs say a child drank or ate; the other fluids and food words
	// name what ("water", "bottle", "milk").
	drinkingVerbs map[string]bool
	// negations before a medication or event mean it did not happen.
	negations map[string]bool
	// postNegations after a medication mean it was not taken: "calpol refused".
	postNegations map[string]bool
	// givingWords say a dose was given: "gave calpol", "Rory had nurofen".
	givingWords map[string]bool
	// notYet are words that make a dose-less medication talk rather than a dose:
	// "nearly out of calpol", "Rory can have nurofen at 6", "38.2 after calpol".
	notYet map[string]bool
	// schedules make a medicine with an amount a rule, not a dose given:
	// "calpol 5ml every 4h", "max 4 doses a day".
	schedules map[string]bool
	// listJoins may stand between two medicines of one list: "refused calpol
	// and nurofen", "no calpol or the nurofen".
	listJoins map[string]bool
	// beforeDose may stand between a child's name and the dose that is theirs:
	// "Rory had 7.5ml", "and Rory: 7.5ml".
	beforeDose map[string]bool
	// notAllBefore are words after which "all" is not "every child" ("drank it all").
	notAllBefore map[string]bool
	// allBefore are words after which "all" stands for the children: "all
	// had calpol", "all asleep" (events and medicines count too).
	allBefore   map[string]bool
	mentionJoin map[string]bool
	// auxiliaries open a question when their subject follows them ("does she
	// need more calpol"), and a statement when it does not ("has been sick").
	// "had" is left out: "had her calpol at 6" is a statement.
	auxiliaries map[string]bool
	// personal are the pronouns whose place after an auxiliary makes a
	// question anywhere in a sentence ("38.9, is it too high").
	// doModal are the auxiliaries a statement never opens with ("was 38.2
	// at 4" and "has 39" are statements with the subject dropped; "does 38.6
	// need calpol" is not).
	doModal  map[string]bool
	personal map[string]bool
	// subjects may follow an auxiliary that opens a sentence ("is the rash
	// worse", "has anyone given calpol").
	subjects map[string]bool
	// evaluative words make "is 38.6 too high" a question about a number
	// rather than "was 38.2 at 4", a reading with its subject dropped.
	evaluative map[string]bool
	// whWords are the question words.
	whWords map[string]bool
	// tags close a question written as a statement: "that's normal yeah".
	tags map[string]bool
	// uncertain words make a sentence a wondering, not a record.
	uncertain map[string]bool
	// interjections are passed over when looking at how a sentence opens.
	interjections map[string]bool
	// imperatives open advice, instructions and wishes to other people: "give
	// her lots of fluids", "keep an eye on his temp", "get well soon".
	imperatives map[string]bool
	// needObject are imperatives that are events too ("sleep", "wake"): they
	// give advice only when a wish or an object follows ("sleep tight", "wake
	// her at 6"), not in "sleep 2am".
	needObject map[string]map[string]bool
	// reporting verbs bring in what someone else said: "the GP said 38 is ok".
	reporting map[string]bool
	// devices say readings, not advice: "oximeter says 96%".
	devices map[string]bool
	// conditions make a clause hypothetical: "if she's 38.5 give calpol".
	conditions map[string]bool
	// planForward words make the rest of their clause a plan or a wish: "will
	// give amox after tea", "going to try some toast", "hope he sleeps".
	planForward map[string]bool
	// planClause words make their whole clause about what is due or booked:
	// "calpol due at 6", "GP appointment at 10.40", "max 4 doses a day".
	// A word of giving before them keeps what was given ("had calpol 5ml next
	// due at 6").
	planClause map[string]bool
	// notLast are the words after which "last" is a time, not a reference to
	// an earlier dose: "39.2 last night".
	notLast map[string]bool
	// thresholds make the number after them a limit, not a reading: "hasn't
	// been over 38.5", "sats above 92 are fine".
	thresholds map[string]bool
	// answerWords open a reply to someone's question in the chat.
	answerWords map[string]bool
	clauseWords map[string]bool
	// numWords are counts written as words, for doses ("two puffs").
	numWords map[string]float64
	// weakAliases are aliases that are also everyday words ("her lips are
	// blue"): they name a medication only with a dose or a word of giving.
	weakAliases map[string]bool
	unitWords   map[string]string
	// keywordFillers may stand between a keyword and its number: "temp: 39",
	// "sats are 94", "temp down to 38".
	keywordFillers map[string]bool
	// notTempAfter are words that make the number before them something else.
	notTempAfter map[string]bool
	agoUnits     map[string]time.Duration
}

var english = &language{
	code: "en",
	notClockAfter: map[string]bool{
		"times": true, "time": true, "bottles": true, "cups": true, "cup": true, "sips": true, "mouthfuls": true, "spoons": true,
		"spoonfuls": true, "glasses": true, "pieces": true, "bites": true, "biscuits": true, "nappies": true, "wees": true,
		"poos": true, "doses": true, "dose": true, "days": true, "day": true, "weeks": true, "months": true, "years": true,
		"mins": true, "min": true, "minutes": true, "minute": true, "hours": true, "hour": true, "hrs": true, "hr": true,
		"h": true, "m": true, "x": true, "of": true, "degrees": true, "kg": true, "kgs": true, "lbs": true, "oz": true,
		"weeks'": true, "yrs": true, "year": true, "month": true, "week": true,
	},
	clockPrefixes: map[string]bool{"at": true, "@": true, "around": true, "about": true, "approx": true, "roughly": true},
	commandFillers: set("please", "pls", "plz", "me", "the", "show", "can", "could", "would", "i", "we", "you", "u",
		"have", "send", "get", "give", "us", "a", "an", "for", "new", "latest", "current", "now", "thanks", "thank",
		"x", "xx", "medbot", "some", "see", "do", "let", "lets", "let's", "pull", "up", "our", "of", "and", "&", "last",
		"the", "quick", "just", "again", "here", "hi", "hey", "ok", "okay", "may", "to", "want", "like", "need", "pop",
		"over", "past", "previous", "", "😊", "🙏", "👍"),
	answerFillers: map[string]bool{"it's": true, "its": true, "it": true, "is": true, "was": true, "for": true, "that": true, "this": true, "the": true, "and": true, "&": true, "+": true, "sorry": true, "oops": true, "one": true, "of": true, "them": true},
	doseWords:     set("dose", "doses", "due", "meds", "medicine", "medicines", "calpol"),
	standIns:      set("baby", "she", "he", "shes", "hes", "it", "its", "temp", "temps", "bubs", "baba"),
	symptoms: set("sick", "ill", "poorly", "unwell", "floppy", "lethargic", "drowsy", "limp", "breathing", "breathless",
		"wheezy", "wheezing", "wheeze", "grunting", "pale", "mottled", "clammy", "shivering", "shaking", "shivery", "fitting",
		"seizure", "fit", "convulsing", "crying", "screaming", "inconsolable", "irritable", "headache", "earache", "tummyache",
		"ache", "aching", "pain", "sore", "hot", "burning", "feverish", "fever", "temperature", "rash", "spots", "blotchy"),
	amountFillers: set("about", "approx", "around", "roughly", "ish", "maybe", "of", "it", "drank", "so"),
	drinkingVerbs: set("drank", "drink", "drinking", "drinks", "ate", "eating", "eat", "eats", "fluids", "feed", "fed", "feeding"),
	negations: map[string]bool{
		"no": true, "not": true, "didn't": true, "didnt": true, "hasn't": true, "hasnt": true, "haven't": true, "havent": true,
		"hadn't": true, "hadnt": true, "won't": true, "wont": true, "wouldn't": true, "wouldnt": true, "can't": true, "cant": true,
		"couldn't": true, "couldnt": true, "refused": true, "refuses": true, "refusing": true, "refuse": true, "skipped": true,
		"skip": true, "skipping": true, "spat": true, "spit": true, "spitting": true, "never": true, "without": true,
		"don't": true, "dont": true, "doesn't": true, "doesnt": true, "isn't": true, "isnt": true, "wasn't": true, "wasnt": true,
		"aren't": true, "declined": true, "rejected": true, "nothing": true, "none": true, "nor": true, "missed": true,
		"stopped": true, "barely": true, "hardly": true, "nope": true, "nah": true,
	},
	postNegations: map[string]bool{"refused": true, "spat": true, "spit": true, "declined": true, "rejected": true, "refuses": true, "refusing": true},
	givingWords:   map[string]bool{"gave": true, "given": true, "giving": true, "had": true, "took": true, "taken": true, "done": true, "dosed": true, "administered": true, "gone": true, "swallowed": true},
	notYet: map[string]bool{
		"due": true, "need": true, "needs": true, "needed": true, "can": true, "could": true, "should": true, "will": true,
		"next": true, "later": true, "soon": true, "want": true, "wants": true, "try": true, "until": true, "till": true,
		"if": true, "out": true, "buy": true, "bought": true, "get": true, "order": true, "after": true, "since": true,
		"from": true, "before": true, "left": true, "more": true, "pick": true, "shop": true, "pharmacy": true, "chemist": true,
		"may": true, "might": true, "allowed": true, "ok": true, "okay": true, "able": true, "waiting": true, "wait": true,
	},
	schedules:    map[string]bool{"every": true, "daily": true, "max": true, "maximum": true, "times": true, "per": true, "twice": true, "hourly": true},
	listJoins:    map[string]bool{"and": true, "or": true, "nor": true, ",": true, "&": true, "the": true, "any": true, "his": true, "her": true, "their": true, "+": true, "/": true},
	beforeDose:   map[string]bool{"had": true, "has": true, "got": true, "gets": true, "given": true, "took": true, ":": true, "-": true, "=": true},
	notAllBefore: map[string]bool{"it": true, "at": true, "not": true, "that": true, "them": true, "of": true, "over": true, "after": true, "is": true, "was": true, "for": true, "those": true, "these": true, "this": true, "y'": true},
	allBefore:    map[string]bool{"had": true, "have": true, "got": true, "been": true, "are": true, "were": true, "now": true, "still": true, "finally": true, "fast": true, "sound": true, "took": true, "given": true, "gave": true},
	mentionJoin:  map[string]bool{"and": true, "&": true, "+": true, "n": true, "/": true},
	auxiliaries: set("is", "are", "was", "were", "am", "do", "does", "did", "has", "have", "can", "could",
		"should", "shall", "will", "would", "may", "might", "must",
		"isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't", "werent", "doesn't", "doesnt",
		"don't", "dont", "didn't", "didnt", "hasn't", "hasnt", "haven't", "havent", "can't", "cant",
		"couldn't", "couldnt", "shouldn't", "shouldnt", "won't", "wont", "wouldn't", "wouldnt"),
	doModal:  set("do", "does", "did", "should", "shall", "would", "could", "can", "will", "must", "may", "might"),
	personal: set("i", "you", "u", "he", "she", "it", "we", "they", "ya", "there"),
	subjects: set("i", "you", "u", "he", "she", "it", "we", "they", "ya", "there", "this", "that", "these",
		"those", "anyone", "anybody", "someone", "somebody", "the", "his", "her", "their", "my", "your", "our"),
	evaluative: set("too", "high", "low", "ok", "okay", "fine", "normal", "bad", "safe", "enough", "worrying",
		"concerning", "dangerous", "worry", "right", "alright", "serious", "much", "many"),
	whWords: set("when", "what", "how", "why", "where", "who", "which", "whose", "whats", "hows", "whens",
		"wheres", "whos"),
	tags:      set("right", "yeah", "yea", "yeh", "innit"),
	uncertain: set("wonder", "wondering", "unsure", "maybe", "perhaps", "possibly", "probably", "idk", "dunno"),
	interjections: set("ok", "okay", "so", "and", "also", "um", "erm", "hmm", "oh", "well", "just", "hey", "hi",
		"quick", "question", "q", "sorry", "guys", "pls", "please", "plz", "right", "now", "but", "anyway", "x", "xx"),
	imperatives: set("give", "keep", "let", "make", "try", "check", "call", "ring", "phone", "watch", "monitor",
		"remember", "take", "put", "use", "stop", "avoid", "ask", "tell", "send", "bring", "offer", "push", "get",
		"feel", "hope", "hoping", "wish", "fingers", "see", "feed", "leave", "pop", "go", "don't", "dont", "do",
		"lets", "let's", "sleep", "wake"),
	needObject: map[string]map[string]bool{
		"sleep": set("tight", "well", "sweet", "soundly"),
		"wake":  set("her", "him", "them", "up"),
	},
	reporting: set("said", "says", "say", "told", "tells", "advised", "advises", "advise", "reckons", "reckoned",
		"thinks", "suggested", "suggests", "recommended", "recommends", "prescribed", "according"),
	devices: set("thermometer", "oximeter", "monitor", "machine", "it", "app", "reading", "screen", "display",
		"sats", "sat", "temp", "probe", "meter"),
	conditions: set("if", "unless", "whether", "incase", "otherwise"),
	planForward: set("will", "i'll", "she'll", "he'll", "we'll", "they'll", "you'll", "shall", "should",
		"could", "might", "may", "must", "gonna", "going", "try", "trying", "want", "wants", "plan", "planning",
		"need", "needs", "can", "hope", "hoping", "hopefully", "would", "supposed", "ought"),
	planClause: set("due", "next", "appointment", "appt", "appointments", "booked", "booking", "book", "scheduled",
		"tomorrow", "last"),
	notLast:     set("night", "evening", "morning", "afternoon", "week", "weekend", "day", "hour", "hours", "nite"),
	thresholds:  set("above", "over", "below", "under", "than", "exceeds", "exceeding", "beyond", ">", "<", "≥", "≤"),
	answerWords: set("no", "nope", "nah", "yes", "yeah", "yep", "yup", "nope"),
	clauseWords: map[string]bool{"and": true, "but": true, "then": true, "also": true, "plus": true, "so": true, "while": true},
	numWords:    map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "half": 0.5},
	weakAliases: map[string]bool{"blue": true, "brown": true},
	unitWords: map[string]string{
		"ml": "ml", "mls": "ml", "mil": "ml", "mils": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml", "cc": "ml",
		"mg": "mg", "mgs": "mg", "milligram": "mg", "milligrams": "mg",
		"puff": "puffs", "puffs": "puffs",
		"tablet": "tablets", "tablets": "tablets", "tab": "tablets", "tabs": "tablets", "pill": "tablets", "pills": "tablets", "capsule": "tablets", "capsules": "tablets",
		"drop": "drops", "drops": "drops",
		"sachet": "sachets", "sachets": "sachets",
	},
	keywordFillers: map[string]bool{
		":": true, "=": true, "-": true, "~": true, "of": true, "is": true, "was": true, "are": true, "were": true, "now": true,
		"at": true, "around": true, "about": true, "still": true, "to": true, "down": true, "up": true, "back": true,
		"reading": true, "checked": true, "approx": true, "roughly": true, "just": true, "only": true,
		"says": true, "said": true, "reads": true, "showing": true, "shows": true, "showed": true, "on": true, "the": true,
		"reads:": true, "went": true, "gone": true, "dropped": true, "dipped": true, "came": true, "come": true,
	},
	notTempAfter: map[string]bool{"%": true, "x": true, "bpm": true, "kg": true, "g": true, "kgs": true, "lb": true, "lbs": true, "cm": true, "min": true, "mins": true, "minutes": true, "hours": true, "h": true, "hrs": true, "hr": true, "oz": true, "l": true, "sec": true, "secs": true, "days": true, "weeks": true, "months": true},
	agoUnits: map[string]time.Duration{
		"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute, "mn": time.Minute,
		"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	},
}

func init() {
	englishWords(english)
	english.forms = englishForms
	english.compounds = func(*Parser, []token) {}
	english.keywords = map[phraseKind][]string{
		pTemp: {"temp", "temps", "temperature", "t", "tmp", "fever"},
		pSpO2: {"sats", "sat", "spo2", "o2", "ox", "pulse ox", "pulseox", "oxygen", "o2 sats", "saturation", "saturations", "oxygen sats", "oxygen saturation", "sp02", "o2 sat", "oximeter", "pulse oximeter", "sats monitor"},
		pHR:   {"hr", "heart rate", "heartrate", "pulse", "bpm", "heart"},
		pRR:   {"resp", "resps", "rr", "resp rate", "respiratory rate", "resp. rate", "breathing", "breathing rate", "breaths", "breath rate", "breathing rates"},
		pKg:   {"weighs", "weight", "weighed", "weighing", "weighed in at"},
	}
	english.groupOK = (*state).englishGroupOK
	english.findTimes = (*state).findTimes
	english.undated = (*state).undated
	english.questionMessage = (*state).questionMessage
	english.asksLater = (*state).asksLater
	english.pronouns = []string{"he", "him", "his", "she", "her", "hes", "shes"}
	english.quieten = (*state).quieten
	english.negation = (*state).negation
	english.timeFor = (*state).timeFor
	english.doses = func(_ *state, ds []dose) []dose { return ds }
	english.readings = func(*state) {}
	english.degreeWords = set("°", "º", "degrees", "degree", "deg", "degs")
	english.tempMarkers = map[string]bool{}
	english.noteWords = set("note", "notes", "nb")
	english.vomitWords = set("sick", "vomit", "vomited", "vomiting", "puked", "puke", "spewed", "sicked")
	english.upWords = set("threw", "thrown", "brought", "bring", "came", "come", "coming", "throwing", "bringing")
	english.vomitBack = map[string]bool{}
	english.bottleWords = map[string]bool{}
	english.decimalWords = set("point")
	english.spell = func(w string) string { return w }
}

// englishForms gives each token its vocabulary spelling: English's is
// the word as written (lower case).
func englishForms(toks []token) {
	for i := range toks {
		toks[i].v = toks[i].s
	}
}

// languages are the languages the parser reads, by code.
var languages = map[string]*language{"": english, "en": english}

// languageOf returns the language of code ("" is English).
func languageOf(code string) *language {
	if l, ok := languages[strings.ToLower(code)]; ok {
		return l
	}
	return english
}
