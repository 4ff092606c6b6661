-- What medbot itself said, so a restart neither repeats nor forgets it.

-- The reaction medbot has on each message ('' for none).
ALTER TABLE messages ADD COLUMN reaction TEXT NOT NULL DEFAULT '';

-- Replies medbot sent that a parent may quote: "Who is this for?" questions
-- and warnings. Keyed by the reply's sent timestamp.
CREATE TABLE replies (
	sent_ms    INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	kind       TEXT    NOT NULL               -- 'question', 'warning', ...
);

-- Reminders and one-off notices already posted, by a key naming the dose.
CREATE TABLE notices (
	key     TEXT    PRIMARY KEY,
	sent_ms INTEGER NOT NULL
);
