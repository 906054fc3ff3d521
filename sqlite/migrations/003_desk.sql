-- The accuracy desk: admin users and their sessions, readers' reports and
-- messages, the revision history of events, public corrections and the
-- conflicts imports set aside.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

-- Only a hash of the session token is kept.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Random keys the site signs with (CSRF tokens), made on first use so that
-- every instance on this database shares them.
CREATE TABLE site_keys (
	name       TEXT PRIMARY KEY,
	key        BLOB NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	problem     TEXT NOT NULL,
	correction  TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),
	note        TEXT NOT NULL DEFAULT '',
	resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at  TEXT NOT NULL,
	resolved_at TEXT
);

CREATE INDEX reports_status ON reports (status, id);
CREATE INDEX reports_event ON reports (event_id);

CREATE TABLE messages (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	subject    TEXT NOT NULL,
	body       TEXT NOT NULL,
	handled    INTEGER NOT NULL DEFAULT 0,
	handled_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	handled_at TEXT
);

CREATE INDEX messages_handled ON messages (handled, id);

-- changes is a JSON array of {"field", "old", "new"}.
CREATE TABLE revisions (
	id         INTEGER PRIMARY KEY,
	event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	editor_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
	changes    TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE INDEX revisions_event ON revisions (event_id, id);

CREATE TABLE corrections (
	id         INTEGER PRIMARY KEY,
	event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	report_id  INTEGER REFERENCES reports (id) ON DELETE SET NULL,
	text       TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE INDEX corrections_event ON corrections (event_id, id);

-- Corrections show on article pages, so they change readers' content.
CREATE TRIGGER content_version_correction_insert AFTER INSERT ON corrections BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_correction_update AFTER UPDATE ON corrections BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_correction_delete AFTER DELETE ON corrections BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

-- incoming is the imported record as JSON; incoming_key identifies it
-- (its external key, or its headline when it has none) so that re-running
-- an import does not record the same conflict twice.
CREATE TABLE conflicts (
	id           INTEGER PRIMARY KEY,
	event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	incoming     TEXT NOT NULL,
	incoming_key TEXT NOT NULL,
	incoming_date TEXT NOT NULL,
	stored_date  TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'taken', 'dismissed')),
	note         TEXT NOT NULL DEFAULT '',
	resolved_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at   TEXT NOT NULL,
	resolved_at  TEXT
);

CREATE UNIQUE INDEX conflicts_identity ON conflicts (event_id, incoming_key, incoming_date);
CREATE INDEX conflicts_status ON conflicts (status, id);
