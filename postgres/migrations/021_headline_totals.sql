-- A headline match (conflict detection) ranks by BM25 over the headlines
-- alone, as SQLite's FTS5 does over its headline index (see
-- flashback.MatchK1), and BM25 needs the number of events and the words of
-- all their headlines. Counting them for each match would read every
-- event; headline_totals keeps them, one row that statement triggers move
-- with every insert, delete and headline edit, as content_version already
-- moves with every change to events.
--
-- headline_tokens counts the words of a headline as FTS5 counts tokens:
-- every place of every lexeme (search_words keeps them all).
CREATE FUNCTION headline_tokens(tsvector) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
	SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest($1) AS u;
END;

CREATE TABLE headline_totals (
	id     integer PRIMARY KEY CHECK (id = 1),
	events bigint NOT NULL,
	words  bigint NOT NULL
);

INSERT INTO headline_totals (id, events, words)
	SELECT 1, count(*), coalesce(sum(headline_tokens(headline_search)), 0) FROM events;

CREATE FUNCTION headline_totals_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET events = t.events + c.n, words = t.words + c.w
		FROM (SELECT count(*) AS n, coalesce(sum(headline_tokens(headline_search)), 0) AS w FROM changed) c
		WHERE t.id = 1 AND c.n > 0;
	RETURN NULL;
END
$$;

CREATE FUNCTION headline_totals_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET events = t.events - c.n, words = t.words - c.w
		FROM (SELECT count(*) AS n, coalesce(sum(headline_tokens(headline_search)), 0) AS w FROM changed) c
		WHERE t.id = 1 AND c.n > 0;
	RETURN NULL;
END
$$;

-- Only the events whose headline changed move the count of words: most
-- updates (publishing, an edited summary) leave it alone.
CREATE FUNCTION headline_totals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE headline_totals t SET words = t.words + c.w
		FROM (SELECT coalesce(sum(headline_tokens(n.headline_search) - headline_tokens(o.headline_search)), 0) AS w
			FROM old_rows o JOIN new_rows n ON n.id = o.id
			WHERE n.headline <> o.headline) c
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
