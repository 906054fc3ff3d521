-- A claim now moves its subscriber's schedule on to the next day at once,
-- so that a digest sent needs nothing but its ledger row: before, the
-- claim moved the schedule to its lease's end and the outcome moved it on,
-- two rewrites of the schedule a digest. A claimed date that stays open (a
-- retry, a lease that ends, an owner that dies) is found by its ledger row
-- instead, by the instant it is free; a dead owner's claims by
-- deliveries_sending, through the owner.
--
-- Claims made before this migration left schedules on their claimed date:
-- the next claim moves those on, and finds the date here if it is open.
CREATE INDEX deliveries_open ON deliveries
	((CASE WHEN state = 'retry' THEN next_attempt_at ELSE lease_until END))
	WHERE state IN ('sending', 'retry');
