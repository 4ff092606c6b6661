package bot

// Log attribute keys. Values are ids, kinds and counts: never message
// text, children's names or phone numbers.
const (
	keyMessageTS = "sent_ms" // a message's sent timestamp
	keyKinds     = "kinds"   // the kinds of observation recorded
	keyCount     = "count"
	keyCommand   = "command"
	keyEvent     = "event" // text, edit or delete
	keyErr       = "err"
	keyAttempt   = "attempt"
	keyStack     = "stack"
	keyDuration  = "duration"
	keyWhat      = "what" // what the bot was doing: "replying", "storing a message"
)
