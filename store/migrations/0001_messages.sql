-- Every message seen in a family group, and the observations read from it.
CREATE TABLE messages (
	id             INTEGER PRIMARY KEY,
	group_id       TEXT    NOT NULL,
	author         TEXT    NOT NULL,          -- Signal uuid (or number)
	sent_ms        INTEGER NOT NULL,          -- the author's sent timestamp
	author_name    TEXT    NOT NULL DEFAULT '',
	text           TEXT    NOT NULL,          -- current text (after edits)
	original_text  TEXT    NOT NULL,          -- as first received
	received_ms    INTEGER NOT NULL,
	quote_author   TEXT,
	quote_sent_ms  INTEGER,
	edited_ms      INTEGER,                   -- sent timestamp of the latest edit
	retracted_ms   INTEGER,                   -- when it was retracted
	retract_reason TEXT,
	UNIQUE (group_id, author, sent_ms)
);

-- Each edit's text, kept as history.
CREATE TABLE message_edits (
	message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	edit_sent_ms INTEGER NOT NULL,
	text         TEXT    NOT NULL,
	received_ms  INTEGER NOT NULL,
	PRIMARY KEY (message_id, edit_sent_ms)
);

CREATE TABLE observations (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,              -- order within the message
	kind       TEXT    NOT NULL,
	child      TEXT,                          -- NULL: not known yet
	at_ms      INTEGER NOT NULL,
	value      REAL,
	name       TEXT,
	dose       REAL,
	unit       TEXT,
	text       TEXT,
	retracted  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX observations_child_kind_at ON observations (child, kind, at_ms);
CREATE INDEX observations_message ON observations (message_id);
CREATE INDEX messages_author ON messages (group_id, author, received_ms);
