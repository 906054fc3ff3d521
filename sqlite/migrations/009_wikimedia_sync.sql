-- An event's picture: '' for none, else a JSON object {"path", "width",
-- "height", "alt", "credit"} whose path names a row of media. (Whether a
-- source picked the event out, events.selected, came with 008.)
ALTER TABLE events ADD COLUMN image TEXT NOT NULL DEFAULT '';

-- Images served by the site itself, named by the SHA-256 of their bytes.
CREATE TABLE media (
	hash         TEXT PRIMARY KEY,
	content_type TEXT NOT NULL,
	data         BLOB NOT NULL,
	width        INTEGER NOT NULL,
	height       INTEGER NOT NULL,
	created_at   TEXT NOT NULL
);

-- What a feed fetched per day last said (validators for conditional
-- requests) and when that day was last stored.
CREATE TABLE feed_days (
	feed          TEXT NOT NULL,
	month         INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	synced_at     TEXT NOT NULL,
	PRIMARY KEY (feed, month, day)
);

-- The current run over a feed; finished_at stays NULL until it completes,
-- so that a stopped run is resumed rather than started over.
CREATE TABLE feed_runs (
	feed        TEXT PRIMARY KEY,
	span        TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	finished_at TEXT
);

-- Named leases for work that runs once per cluster.
CREATE TABLE leases (
	name       TEXT PRIMARY KEY,
	owner      TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
