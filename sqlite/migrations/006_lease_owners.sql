-- Instances that claim digests, so that a claim names its owner and a dead
-- owner's claims are taken over within a minute instead of after the lease.
-- id stays the same across restarts of one installation; started_at tells
-- its runs apart; heartbeat_at is renewed every 15 seconds while it runs.
CREATE TABLE instances (
	id           TEXT NOT NULL,
	started_at   TEXT NOT NULL,
	heartbeat_at TEXT NOT NULL,
	PRIMARY KEY (id, started_at)
) WITHOUT ROWID;

-- The owner of the latest claim of a ledger row (NULL for rows claimed
-- before owners were recorded, or never claimed).
ALTER TABLE deliveries ADD COLUMN owner_id TEXT;
ALTER TABLE deliveries ADD COLUMN owner_started TEXT;

-- The claims an instance holds, found when it restarts (a handful of rows:
-- only those being sent).
CREATE INDEX deliveries_sending ON deliveries (owner_id) WHERE state = 'sending';
