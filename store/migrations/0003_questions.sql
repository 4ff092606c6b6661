-- Questions medbot asked the family about a stored message, open until
-- answered or withdrawn, so that any parent can answer them, and a
-- restart neither forgets nor repeats them.

-- A record waiting for a parent's yes ("Did you mean 38.4 °C?", a dose far
-- from the usual) is pending: kept, but counted nowhere until confirmed.
ALTER TABLE observations ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

CREATE TABLE questions (
	id          INTEGER PRIMARY KEY,
	group_id    TEXT    NOT NULL,
	message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	kind        TEXT    NOT NULL,            -- 'who' or 'confirm'
	about       TEXT    NOT NULL DEFAULT '', -- what it is about, for status: "vomit at 02:10"
	asked_ms    INTEGER NOT NULL,
	sent_ms     INTEGER NOT NULL,            -- the question's own timestamp (quoted by answers)
	resent_ms   INTEGER,                     -- the same question asked again
	closed_ms   INTEGER                      -- answered or withdrawn
);
CREATE INDEX questions_open ON questions (group_id, closed_ms);
CREATE INDEX questions_sent ON questions (sent_ms);
