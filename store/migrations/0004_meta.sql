-- What medbot remembers about itself: the last good backup's time.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
