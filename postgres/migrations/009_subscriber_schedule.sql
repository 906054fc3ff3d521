-- A subscriber's digest schedule moves to a narrow table of its own. A
-- digest rewrites it twice (the claim moves next_due_at to its lease's end,
-- the outcome moves next_date to the next day); in the subscribers row each
-- rewrite copied the whole row and inserted into all four of its indexes,
-- here a row of a few dozen bytes and two indexes.
--
-- A row exists from a subscriber's first confirmation on (next_date is the
-- local date of their next digest, next_due_at the instant from which a
-- worker may claim it). confirmed mirrors subscribers.status = 'confirmed',
-- kept so by the trigger below whatever statement changes the status, so
-- that the due index leaves out everyone else as it did before.
--
-- Locks: a writer that holds a subscriber's schedule row and the
-- subscriber's row takes the schedule row first, and both before the
-- subscriber's ledger rows; claims lock schedule rows alone.
CREATE TABLE subscriber_schedule (
	subscriber_id bigint PRIMARY KEY REFERENCES subscribers (id) ON DELETE CASCADE,
	next_date     date NOT NULL,
	next_due_at   timestamptz,
	confirmed     boolean NOT NULL
) WITH (fillfactor = 80);

INSERT INTO subscriber_schedule (subscriber_id, next_date, next_due_at, confirmed)
SELECT id, next_date, next_due_at, status = 'confirmed' FROM subscribers WHERE next_date IS NOT NULL;

CREATE INDEX subscriber_schedule_due ON subscriber_schedule (next_due_at, subscriber_id) WHERE confirmed;

CREATE FUNCTION mirror_subscriber_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE subscriber_schedule SET confirmed = (NEW.status = 'confirmed')
	WHERE subscriber_id = NEW.id AND confirmed IS DISTINCT FROM (NEW.status = 'confirmed');
	RETURN NULL;
END
$$;

CREATE TRIGGER subscriber_schedule_confirmed AFTER UPDATE OF status ON subscribers
	FOR EACH ROW WHEN ((OLD.status = 'confirmed') IS DISTINCT FROM (NEW.status = 'confirmed'))
	EXECUTE FUNCTION mirror_subscriber_confirmed();

-- Every ledger row is of a subscriber with a schedule (a claim needs one).
-- Referring to the schedule row, which the claim has locked already, spares
-- the subscribers row the key-share lock (and its WAL record) that the
-- foreign key's check would take for every digest; deleting a subscriber
-- still deletes their ledger, through the schedule.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_subscriber_id_fkey,
	ADD CONSTRAINT deliveries_subscriber_id_fkey FOREIGN KEY (subscriber_id)
		REFERENCES subscriber_schedule (subscriber_id) ON DELETE CASCADE;

DROP INDEX subscribers_due;
ALTER TABLE subscribers DROP COLUMN next_date, DROP COLUMN next_due_at;
-- A digest no longer rewrites the subscriber's row (006 made room for that).
ALTER TABLE subscribers RESET (fillfactor);
