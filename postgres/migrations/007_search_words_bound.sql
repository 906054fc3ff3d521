-- search_words called search_fold by name, looked up on the search path of
-- whoever evaluates it. pg_dump loads a dump with an empty search path, so
-- restoring a dump failed at the events table's generated columns: "function
-- search_fold(text) does not exist". A body in the standard's form is parsed
-- once, here, and keeps the function it found, whatever the path later; the
-- dump then writes it out fully qualified and after search_fold.
CREATE OR REPLACE FUNCTION search_words(text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
	SELECT to_tsvector('simple', regexp_replace(search_fold($1) COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'));
END;
