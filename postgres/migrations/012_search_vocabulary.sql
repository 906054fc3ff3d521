-- A search whose last word was typed bare reads that word whole first and,
-- when that found every match, reads the search again with the word as a
-- prefix (flashback.GatherSearch), unless the store says that no longer
-- word starts with it. PostgreSQL could not say: the GIN index of search
-- holds the words but answers no question about them. The second read
-- cost the most of "treaty signed" on a million events (a prefix in the
-- GIN index is gathered whole before it is intersected: 4 ms, against 1
-- for the word), though no word starts with "signed" but itself.
-- search_vocabulary holds every word of search (headline_search's are
-- among them), so that a prefix is a range of its index. A word stays
-- when its last event goes: the store may then say a longer word exists
-- where none does, which costs the second read and changes nothing found.
-- The index is not unique: a statement adds the words it does not find,
-- and two writers adding the same new word at once list it twice rather
-- than one waiting for the other (or, their words in other orders,
-- deadlocking).
CREATE TABLE search_vocabulary (word text COLLATE "C" NOT NULL);

INSERT INTO search_vocabulary (word)
	SELECT DISTINCT w FROM events, unnest(tsvector_to_array(search)) AS w;

CREATE INDEX search_vocabulary_word ON search_vocabulary (word);

CREATE FUNCTION search_vocabulary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_vocabulary (word)
		SELECT DISTINCT w FROM changed, unnest(tsvector_to_array(search)) AS w
		WHERE NOT EXISTS (SELECT FROM search_vocabulary v WHERE v.word = w);
	RETURN NULL;
END
$$;

-- Most updates (publishing, a category) leave the words alone and add
-- nothing.
CREATE FUNCTION search_vocabulary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_vocabulary (word)
		SELECT DISTINCT w FROM new_rows n, unnest(tsvector_to_array(n.search)) AS w
		WHERE NOT EXISTS (SELECT FROM old_rows o WHERE o.id = n.id AND o.search = n.search)
			AND NOT EXISTS (SELECT FROM search_vocabulary v WHERE v.word = w);
	RETURN NULL;
END
$$;

CREATE TRIGGER search_vocabulary_insert AFTER INSERT ON events
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_vocabulary_inserted();
CREATE TRIGGER search_vocabulary_update AFTER UPDATE ON events
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_vocabulary_updated();
