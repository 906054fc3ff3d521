-- The search indexes hold the events' text as search_fold spells it
-- (flashback.FoldSearchText, defined by the program on each connection):
-- the Latin letters no accent-stripping reduces written with the plain
-- letters readers type, "Straße" as "strasse" and "Łódź" as "lodz", as
-- PostgreSQL's indexes have always held them. Until now "lodz" found
-- Łódź only on PostgreSQL.
--
-- The full-text index kept no text of its own and read the events' on a
-- 'rebuild' or 'integrity-check', where it would now find other words
-- than it holds; it becomes contentless, as the headline index is, and a
-- delete names only the row. It is built anew, in id order, and merged
-- into one segment.
DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
DROP TRIGGER events_headline_fts_insert;
DROP TRIGGER events_headline_fts_update;

DROP TABLE events_fts_words;
DROP TABLE events_fts;

CREATE VIRTUAL TABLE events_fts USING fts5 (
	headline, summary, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '3 4 5 6'
);

INSERT INTO events_fts (rowid, headline, summary, body)
SELECT id, search_fold(headline), search_fold(summary), search_fold(body) FROM events ORDER BY id;
INSERT INTO events_fts (events_fts) VALUES ('optimize');

CREATE VIRTUAL TABLE events_fts_words USING fts5vocab (events_fts, instance);

-- The headline index keeps its keys; only headlines the fold changes are
-- indexed again.
CREATE TEMP TABLE refolded AS
SELECT min(length(headline), 1023) << 40 | (1099511627775 - id) AS key, search_fold(headline) AS headline
FROM events WHERE search_fold(headline) <> headline;
DELETE FROM events_headline_fts WHERE rowid IN (SELECT key FROM temp.refolded);
INSERT INTO events_headline_fts (rowid, headline) SELECT key, headline FROM temp.refolded ORDER BY key;
DROP TABLE temp.refolded;

CREATE TRIGGER events_fts_insert AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE new.id > above) BEGIN
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, search_fold(new.headline), search_fold(new.summary), search_fold(new.body));
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	DELETE FROM events_fts WHERE rowid = old.id;
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF headline, summary, body ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	DELETE FROM events_fts WHERE rowid = old.id;
	INSERT INTO events_fts (rowid, headline, summary, body)
	VALUES (new.id, search_fold(new.headline), search_fold(new.summary), search_fold(new.body));
END;

CREATE TRIGGER events_headline_fts_insert AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE new.id > above) BEGIN
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), search_fold(new.headline));
END;

CREATE TRIGGER events_headline_fts_update AFTER UPDATE OF headline ON events
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.id > above) BEGIN
	DELETE FROM events_headline_fts WHERE rowid = min(length(old.headline), 1023) << 40 | (1099511627775 - old.id);
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), search_fold(new.headline));
END;
