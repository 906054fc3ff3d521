-- Categories group events on date pages; position orders them.
CREATE TABLE categories (
	slug        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL DEFAULT 0
);

INSERT INTO categories (slug, name, description, position) VALUES
	('world-history', 'World History', 'Wars, treaties, revolutions and the turns of politics.', 10),
	('science-technology', 'Science & Technology', 'Discoveries, inventions and firsts in science and engineering.', 20),
	('music', 'Music', 'Premieres, recordings and the lives of musicians.', 30),
	('arts-culture', 'Arts & Culture', 'Literature, painting, film, theatre and popular culture.', 40),
	('births', 'Births', 'People born on this day.', 50),
	('deaths', 'Deaths', 'People who died on this day.', 60),
	('holidays-observances', 'Holidays & Observances', 'Feasts, national days and observances that recur on this date.', 70);

-- Events. The historical date is kept as its parts, in the calendar the
-- source used: precision 0 day, 1 month, 2 year, 3 month-and-day without a
-- year; calendar 0 Gregorian, 1 Julian. Sources are a JSON array of
-- {"title", "url", "note"} objects.
CREATE TABLE events (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL,
	month        INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),
	day          INTEGER NOT NULL CHECK (day BETWEEN 0 AND 31),
	precision    INTEGER NOT NULL CHECK (precision BETWEEN 0 AND 3),
	calendar     INTEGER NOT NULL CHECK (calendar IN (0, 1)),
	category     TEXT NOT NULL REFERENCES categories (slug) ON UPDATE CASCADE,
	headline     TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	slug         TEXT NOT NULL,
	sources      TEXT NOT NULL DEFAULT '[]',
	importer     TEXT NOT NULL DEFAULT '',
	origin       TEXT NOT NULL DEFAULT '',
	ref          TEXT NOT NULL DEFAULT '',
	external_key TEXT,
	published    INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

CREATE UNIQUE INDEX events_external_key ON events (external_key)
	WHERE external_key IS NOT NULL;

-- Serves date pages (WHERE month = ? AND day = ?) in page order.
CREATE INDEX events_month_day ON events (month, day, year);

-- Serves category pages, also in page order.
CREATE INDEX events_category ON events (category, month, day, year);

-- Full-text index over the words readers search; it stores no copy of the
-- text (content=events) and the triggers below keep it in step.
CREATE VIRTUAL TABLE events_fts USING fts5 (
	headline, summary, body,
	content = 'events', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, new.headline, new.summary, new.body);
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
	INSERT INTO events_fts (events_fts, rowid, headline, summary, body)
	VALUES ('delete', old.id, old.headline, old.summary, old.body);
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF headline, summary, body ON events BEGIN
	INSERT INTO events_fts (events_fts, rowid, headline, summary, body)
	VALUES ('delete', old.id, old.headline, old.summary, old.body);
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, new.headline, new.summary, new.body);
END;

-- content_version counts changes readers could see, so caches of rendered
-- pages know when to drop what they hold. Triggers bump it, so no writer can
-- forget to.
CREATE TABLE content_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

INSERT INTO content_version (id, version) VALUES (1, 1);

CREATE TRIGGER content_version_event_insert AFTER INSERT ON events BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_event_update AFTER UPDATE ON events BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_event_delete AFTER DELETE ON events BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_category_insert AFTER INSERT ON categories BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_category_update AFTER UPDATE ON categories BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_category_delete AFTER DELETE ON categories BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;
