-- State that every instance on this database shares: rate limits, leases
-- for work that runs once per cluster, the images the site serves and the
-- progress of feed syncs.

-- Rate-limit buckets (sign-in throttles, form limits). The key is an HMAC
-- of the limiter's name and the client address or account, never the
-- address itself; a row is useless once its bucket has refilled (full_at)
-- and is then deleted.
CREATE TABLE rate_limits (
	key     bytea PRIMARY KEY,
	tokens  double precision NOT NULL,
	at      timestamptz NOT NULL,
	full_at timestamptz NOT NULL
);

CREATE INDEX rate_limits_full_at ON rate_limits (full_at);

-- Named leases for work that runs once per cluster.
CREATE TABLE leases (
	name       text PRIMARY KEY,
	owner      text NOT NULL,
	expires_at timestamptz NOT NULL
);

-- Images served by the site itself, named by the SHA-256 of their bytes.
CREATE TABLE media (
	hash         text PRIMARY KEY,
	content_type text NOT NULL,
	data         bytea NOT NULL,
	width        integer NOT NULL,
	height       integer NOT NULL,
	created_at   timestamptz NOT NULL
);

-- What a feed fetched per day last said (validators for conditional
-- requests) and when that day was last stored.
CREATE TABLE feed_days (
	feed          text NOT NULL,
	month         smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
	day           smallint NOT NULL CHECK (day BETWEEN 1 AND 31),
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	synced_at     timestamptz NOT NULL,
	PRIMARY KEY (feed, month, day)
);

-- The current run over a feed; finished_at stays NULL until it completes,
-- so that a stopped run is resumed rather than started over.
CREATE TABLE feed_runs (
	feed        text PRIMARY KEY,
	span        text NOT NULL,
	started_at  timestamptz NOT NULL,
	finished_at timestamptz
);
