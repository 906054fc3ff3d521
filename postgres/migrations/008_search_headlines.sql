-- A search ranks the events holding every word in their headline above
-- all others, and among those BM25 favours the shorter headline; for a word
-- in many headlines it reads only the best of them, shortest headline
-- first and the newest first among equals. This index serves that order,
-- so that the read stops after the best few instead of sorting every
-- headline that holds a common word.
CREATE INDEX events_headline_length ON events ((length(headline)), id DESC);
