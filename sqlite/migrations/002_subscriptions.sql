-- Digest subscribers. The address is kept normalised (trimmed, lower-case)
-- and unique. categories is a comma-separated list of slugs, '' for all.
-- next_date is the local date of the next digest and next_due_at the UTC
-- instant from which a worker may claim it; a claim moves next_due_at to the
-- end of its lease, so the due index is also the retry and lease queue.
CREATE TABLE subscribers (
	id                 INTEGER PRIMARY KEY,
	email              TEXT NOT NULL UNIQUE,
	time_zone          TEXT NOT NULL,
	wake_hour          INTEGER NOT NULL CHECK (wake_hour BETWEEN 0 AND 23),
	categories         TEXT NOT NULL DEFAULT '',
	status             TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'suppressed')),
	status_reason      TEXT NOT NULL DEFAULT '',
	token_gen          INTEGER NOT NULL DEFAULT 1,
	confirm_hash       BLOB UNIQUE,
	confirm_expires_at TEXT,
	consent_source     TEXT NOT NULL DEFAULT '',
	consent_at         TEXT NOT NULL,
	consent_ip         TEXT NOT NULL DEFAULT '',
	confirmed_at       TEXT,
	confirm_ip         TEXT NOT NULL DEFAULT '',
	unsubscribed_at    TEXT,
	next_date          TEXT,
	next_due_at        TEXT,
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL
);

CREATE INDEX subscribers_due ON subscribers (next_due_at, id) WHERE status = 'confirmed';

-- The delivery ledger: one row per subscriber and local date, so a second
-- digest for a date cannot exist. state: sending (claimed until
-- lease_until), sent, retry (after next_attempt_at), failed (permanent),
-- skipped (reason says why).
CREATE TABLE deliveries (
	subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	local_date      TEXT NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'retry', 'failed', 'skipped')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	lease_until     TEXT,
	next_attempt_at TEXT,
	message_id      TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	PRIMARY KEY (subscriber_id, local_date)
) WITHOUT ROWID;

-- Addresses never to mail again, as SHA-256 of the normalised address only.
CREATE TABLE suppressions (
	email_hash BLOB PRIMARY KEY,
	reason     TEXT NOT NULL,
	created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Confirmation mails sent, by address hash, for the per-address rate limit.
-- Rows older than the limit's window are deleted as new ones come in.
CREATE TABLE confirm_mails (
	email_hash BLOB NOT NULL,
	sent_at    TEXT NOT NULL
);

CREATE INDEX confirm_mails_hash ON confirm_mails (email_hash, sent_at);

-- Server secrets (e.g. the key that signs manage links), created on first
-- use so that every instance on this database signs alike.
CREATE TABLE secrets (
	name       TEXT PRIMARY KEY,
	value      BLOB NOT NULL,
	created_at TEXT NOT NULL
) WITHOUT ROWID;
