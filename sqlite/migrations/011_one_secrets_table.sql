-- One table of secrets. The keys site_keys held (CSRF tokens, rate-limit
-- HMACs) join the secrets table (subscribers' links) under their own names,
-- so that each key in use signs on after the upgrade and no token or link
-- already handed out stops working. The names never overlapped.
INSERT OR IGNORE INTO secrets (name, value, created_at)
	SELECT name, key, created_at FROM site_keys;

DROP TABLE site_keys;
