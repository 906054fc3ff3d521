-- An import indexes the events it adds itself, once, at the end of its
-- transaction and in each index's key order (see ImportEvents), instead of
-- through the triggers row by row. FTS5 writes out what it holds as a new
-- segment each time a key comes lower than the last, and the headline
-- index's keys (014) follow the headline's length rather than the id: the
-- triggers gave it a segment for about every second event imported, which
-- FTS5 then merged over and over, and an import of a million events left
-- it in 25 segments. The full-text index got one per INSERT statement.
--
-- While search_index_deferred holds a row, the triggers leave alone the
-- events whose id is above it: those the running import added. Only an
-- import's own transaction writes that row, and it removes it before it
-- commits, so no other connection ever sees it.
CREATE TABLE search_index_deferred (
	above INTEGER NOT NULL
);

DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
DROP TRIGGER events_headline_fts_insert;
DROP TRIGGER events_headline_fts_delete;
DROP TRIGGER events_headline_fts_update;

CREATE TRIGGER events_fts_insert AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE new.id > above) BEGIN
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, new.headline, new.summary, new.body);
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	INSERT INTO events_fts (events_fts, rowid, headline, summary, body)
	VALUES ('delete', old.id, old.headline, old.summary, old.body);
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF headline, summary, body ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	INSERT INTO events_fts (events_fts, rowid, headline, summary, body)
	VALUES ('delete', old.id, old.headline, old.summary, old.body);
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, new.headline, new.summary, new.body);
END;

CREATE TRIGGER events_headline_fts_insert AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE new.id > above) BEGIN
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), new.headline);
END;

CREATE TRIGGER events_headline_fts_delete AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	DELETE FROM events_headline_fts WHERE rowid = min(length(old.headline), 1023) << 40 | (1099511627775 - old.id);
END;

CREATE TRIGGER events_headline_fts_update AFTER UPDATE OF headline ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	DELETE FROM events_headline_fts WHERE rowid = min(length(old.headline), 1023) << 40 | (1099511627775 - old.id);
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), new.headline);
END;
