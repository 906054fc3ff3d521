-- Errata of the bundled corpus.
--
-- date_mark: '' for none, else a JSON object {"kind", "reason",
-- "reference"} saying that the event's date is unconfirmed, traditional or
-- disputed, and why.
ALTER TABLE events ADD COLUMN date_mark TEXT NOT NULL DEFAULT '';

-- key identifies a correction an import publishes (an erratum's event key
-- and "#date" or "#headline"), so that importing again updates it instead
-- of adding it twice; NULL for editors' corrections. refs are where a
-- reader checks it, one per line.
ALTER TABLE corrections ADD COLUMN key TEXT;
ALTER TABLE corrections ADD COLUMN refs TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX corrections_key ON corrections (event_id, key) WHERE key IS NOT NULL;
