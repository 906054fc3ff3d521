-- The words of the full-text index, one row for each place a word occurs,
-- read lazily: a search whose last word is read as a prefix ("signed"
-- also finds "signedness") looks here for one word longer than the one
-- typed, and reads the matches once instead of twice when there is none.
-- The 'row' kind would count each word's documents before returning it,
-- which for a common word walks its whole list. A view of the index; it
-- stores nothing.
CREATE VIRTUAL TABLE events_fts_words USING fts5vocab (events_fts, instance);
