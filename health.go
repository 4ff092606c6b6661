package medbot

import "time"

// Health is what medbot run last saw of its chat service (signal-cli and
// Signal's servers), written every minute for medbot check, which runs as
// another process. It never holds message content.
type Health struct {
	// Version is signal-cli's version; Updated when run last wrote this.
	Version string
	Updated time.Time
	// LastReceived is when the family's groups last delivered a message;
	// LastSent when Signal last took one of medbot's; LastProbe when an
	// authenticated round trip to Signal's servers last worked.
	LastReceived, LastSent, LastProbe time.Time
	// Gone is signal-cli's words, since GoneAt, for the account (or this
	// linked device) no longer registered with Signal; "" while it works.
	Gone   string
	GoneAt time.Time
	// ProofToken is the captcha challenge Signal asked to solve before
	// medbot may send again (since ProofAt); "" when none.
	ProofToken string
	ProofAt    time.Time
	// DownSince is since when signal-cli has not been reachable; zero
	// while it is.
	DownSince time.Time
	// Invited are the configured groups medbot was only invited to and
	// could not accept.
	Invited []string
}
