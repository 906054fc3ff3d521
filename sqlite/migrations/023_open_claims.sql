-- A claim now moves its subscriber's schedule on to the next day at once
-- (flashback.DecideDue), so a digest sent needs only its ledger row
-- written. The schedule no longer waits on a claimed date, and the due
-- index no longer finds what a claim left open: a lease that ended, a
-- retry whose time came, a claim whose owner died. These indexes find them
-- by their ledger rows instead (openDigests, in delivery_open.go).
--
-- The open rows by the instant they become free: a retry at its time, a
-- claim at the end of its lease. A digest that is sent leaves the index
-- with its outcome, so it holds the claims in flight and the retries
-- waiting, never the ledger's history. With the state beside the instant,
-- the due queue's count reads the index alone.
CREATE INDEX deliveries_open ON deliveries ((CASE state WHEN 'retry' THEN next_attempt_at ELSE lease_until END), state)
	WHERE state IN ('sending', 'retry');
-- The claims an owner holds: those of an owner found dead by its
-- heartbeat, taken over before their lease ends, and those of a restarted
-- instance's earlier runs, whose leases the restart ends (register in
-- delivery_owner.go). Migration 013 dropped the index of the same name and
-- purpose, which the schedule had made unnecessary.
CREATE INDEX deliveries_sending ON deliveries (owner_id, owner_started) WHERE state = 'sending';
-- Claims made before this migration left their subscriber's schedule on
-- the claimed date, due again by the lease's end. They need no change: the
-- open path finds the row once it is free, and the schedule, once due,
-- moves past a date that has a row.
