-- Rate-limit buckets (sign-in throttles, form limits), shared by every
-- process on the database so that a restart does not reset them. The key is
-- an HMAC of the limiter's name and the client address or account, never
-- the address itself; a row is useless once its bucket has refilled
-- (full_at) and is then deleted.
CREATE TABLE rate_limits (
	key     BLOB PRIMARY KEY,
	tokens  REAL NOT NULL,
	at      TEXT NOT NULL,
	full_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX rate_limits_full_at ON rate_limits (full_at);
