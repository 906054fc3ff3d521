-- A search ranks the events holding every word in their headline above
-- all others, and among those BM25 favours the shorter headline. For a
-- word in many headlines the search reads only the best of them, so this
-- index lists headlines in that order: its rowid is not the event's id but
-- a key that sorts the shortest headline first and, among headlines of one
-- length, the newest event first, so that reading it with a LIMIT stops
-- after the best few whatever the word (and reads forwards, which costs
-- FTS5 less than backwards). The key holds the headline's length in
-- characters (at most 500, as events are checked) above 40 bits of the id,
-- turned around: length << 40 | (2^40 - 1 - id). The table keeps no copy of
-- the text; contentless_delete lets the triggers remove a row by its key.
CREATE VIRTUAL TABLE events_headline_fts USING fts5 (
	headline,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '3 4 5 6'
);

-- In key order: FTS5 writes out what it holds each time a rowid comes
-- lower than the last, which in id order would make a segment of nearly
-- every row. Optimize leaves one segment for searches to read.
INSERT INTO events_headline_fts (rowid, headline)
SELECT min(length(headline), 1023) << 40 | (1099511627775 - id), headline FROM events ORDER BY 1;
INSERT INTO events_headline_fts (events_headline_fts) VALUES ('optimize');

CREATE TRIGGER events_headline_fts_insert AFTER INSERT ON events BEGIN
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), new.headline);
END;

CREATE TRIGGER events_headline_fts_delete AFTER DELETE ON events BEGIN
	DELETE FROM events_headline_fts WHERE rowid = min(length(old.headline), 1023) << 40 | (1099511627775 - old.id);
END;

CREATE TRIGGER events_headline_fts_update AFTER UPDATE OF headline ON events BEGIN
	DELETE FROM events_headline_fts WHERE rowid = min(length(old.headline), 1023) << 40 | (1099511627775 - old.id);
	INSERT INTO events_headline_fts (rowid, headline)
	VALUES (min(length(new.headline), 1023) << 40 | (1099511627775 - new.id), new.headline);
END;
