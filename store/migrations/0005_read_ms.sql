-- The time a message's words are read at, when it is not its sent time:
-- a phone clock far from Signal's (the server's time is used), or an edit
-- of a message never seen (the edit's own time). NULL: sent_ms.
ALTER TABLE messages ADD COLUMN read_ms INTEGER;
