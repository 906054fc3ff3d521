-- A headline match (conflict detection) ranks by BM25 over the headlines
-- alone, as SQLite's FTS5 does over its headline index (see
-- flashback.MatchK1). BM25 needs each headline's length in words, the
-- number of events and the words of all their headlines.
--
-- tsvector_tokens counts the words of a text vector as FTS5 counts tokens:
-- every place of every lexeme (search_words keeps them all). Each event
-- keeps its headline's count, so that a match that reads a quarter of a
-- million headlines does not count each one's words again; a generated
-- column cannot read another, hence search_words once more.
CREATE FUNCTION tsvector_tokens(tsvector) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
	SELECT coalesce(sum(cardinality(u.positions)), 0)::integer FROM unnest($1) AS u;
END;

-- tsvector_count counts the places of one lexeme in a text vector: how
-- often a headline that repeats a word holds it.
CREATE FUNCTION tsvector_count(tsvector, text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
	SELECT coalesce(sum(cardinality(u.positions)), 0)::integer FROM unnest($1) AS u WHERE u.lexeme = $2;
END;

ALTER TABLE events ADD COLUMN headline_tokens integer GENERATED ALWAYS AS (tsvector_tokens(search_words(headline))) STORED;

-- Counting the events and their headlines' words for each match would read
-- every event; headline_totals keeps them, one row that statement triggers
-- move with every insert, delete and headline edit, as content_version
-- already moves with every change to events.
CREATE TABLE headline_totals (
	id     integer PRIMARY KEY CHECK (id = 1),
	events bigint NOT NULL,
	words  bigint NOT NULL
);

INSERT INTO headline_totals (id, events, words)
	SELECT 1, count(*), coalesce(sum(headline_tokens), 0) FROM events;

CREATE FUNCTION headline_totals_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET events = t.events + c.n, words = t.words + c.w
		FROM (SELECT count(*) AS n, coalesce(sum(headline_tokens), 0) AS w FROM changed) c
		WHERE t.id = 1 AND c.n > 0;
	RETURN NULL;
END
$$;

CREATE FUNCTION headline_totals_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET events = t.events - c.n, words = t.words - c.w
		FROM (SELECT count(*) AS n, coalesce(sum(headline_tokens), 0) AS w FROM changed) c
		WHERE t.id = 1 AND c.n > 0;
	RETURN NULL;
END
$$;

-- Only the events whose headline changed move the count of words: most
-- updates (publishing, an edited summary) leave it alone.
CREATE FUNCTION headline_totals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET words = t.words + c.w
		FROM (SELECT coalesce(sum(n.headline_tokens - o.headline_tokens), 0) AS w
			FROM old_rows o JOIN new_rows n ON n.id = o.id
			WHERE n.headline_tokens <> o.headline_tokens) c
		WHERE t.id = 1 AND c.w <> 0;
	RETURN NULL;
END
$$;

CREATE TRIGGER headline_totals_insert AFTER INSERT ON events
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION headline_totals_inserted();
CREATE TRIGGER headline_totals_update AFTER UPDATE ON events
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION headline_totals_updated();
CREATE TRIGGER headline_totals_delete AFTER DELETE ON events
	REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION headline_totals_deleted();
