-- A walk of a word's list tests each entry's event against the search's
-- filters: published always, a category and years when asked. It read
-- them from the events (the index of migration 013), a descent of that
-- index for every entry it reached: 3,247 buffers read for "the" in the
-- years -2999 to 0 on a million events, 233 when the entries carry them.
-- The list now carries them beside each entry, in its index, so that the
-- walk tests them where it reads the entry and goes to the events only for
-- the text of those they admit.
--
-- The table is made anew rather than altered: filling new columns in
-- place would write every entry twice. It and its index are filled as in
-- migration 011. Index-only reads need the table's pages all-visible,
-- which VACUUM records and a migration (one transaction) cannot run:
-- until autovacuum reaches the table (its 7.6 million new entries on a
-- million events pass the threshold at once), a walk also visits the
-- table's page of each entry, as it did the events'.
CREATE TABLE headline_words_filtered (
	word            text COLLATE "C" NOT NULL,
	headline_length integer NOT NULL,
	event_id        bigint NOT NULL,
	published       boolean NOT NULL,
	category        text NOT NULL,
	precision       smallint NOT NULL,
	year            integer NOT NULL
);

INSERT INTO headline_words_filtered (word, headline_length, event_id, published, category, precision, year)
	SELECT w, length(headline), id, published, category, precision, year
	FROM events, unnest(tsvector_to_array(headline_search)) AS w;

DROP TABLE headline_words;
ALTER TABLE headline_words_filtered RENAME TO headline_words;

CREATE UNIQUE INDEX headline_words_order ON headline_words (word, headline_length, event_id DESC)
	INCLUDE (published, category, precision, year);

-- As migrations 011 and 014 set them on the table this one replaces.
ALTER TABLE headline_words SET (parallel_workers = 0);
ALTER TABLE headline_words ALTER COLUMN word SET STATISTICS 1000;
ANALYZE headline_words;

-- Nothing else read the filters from that index.
DROP INDEX events_search_filters;

-- An event's entries carry its filters: an update that changes them but
-- not the headline (publishing a draft, a new date, another category, a
-- category renamed, which cascades here) rewrites its entries in place; a
-- headline change replaces them as before.
CREATE OR REPLACE FUNCTION headline_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO headline_words (word, headline_length, event_id, published, category, precision, year)
		SELECT w, length(headline), id, published, category, precision, year
		FROM changed, unnest(tsvector_to_array(headline_search)) AS w;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION headline_words_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM headline_words h USING old_rows o, unnest(tsvector_to_array(o.headline_search)) AS w
		WHERE h.word = w AND h.headline_length = length(o.headline) AND h.event_id = o.id
			AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND n.headline = o.headline);
	INSERT INTO headline_words (word, headline_length, event_id, published, category, precision, year)
		SELECT w, length(n.headline), n.id, n.published, n.category, n.precision, n.year
		FROM new_rows n, unnest(tsvector_to_array(n.headline_search)) AS w
		WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.headline = n.headline);
	UPDATE headline_words h SET published = n.published, category = n.category, precision = n.precision, year = n.year
		FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.headline = o.headline,
			unnest(tsvector_to_array(o.headline_search)) AS w
		WHERE (n.published, n.category, n.precision, n.year) IS DISTINCT FROM (o.published, o.category, o.precision, o.year)
			AND h.word = w AND h.headline_length = length(o.headline) AND h.event_id = o.id;
	RETURN NULL;
END
$$;
