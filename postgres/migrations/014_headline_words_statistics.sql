-- A search of several parts takes the length of its words' lists from the
-- statistics of headline_words.word where they give it, rather than
-- counting each list up to 5,000 entries, about a millisecond a word of a
-- few thousand entries on a million events (commonWords). By default
-- ANALYZE keeps the hundred commonest words, each seen in a sample of
-- 30,000 entries: on a million events, those of 10,000 entries or more.
-- A thousand, from a sample of 300,000, reach words of about 1,300
-- entries there ("astronomer", 4,729, known within a few percent), and
-- the rarer lists that are still counted are short. ANALYZE then takes
-- about a second and a half on the 7.6 million entries of a million
-- events; it runs here so that the statistics are there at once.
ALTER TABLE headline_words ALTER COLUMN word SET STATISTICS 1000;
ANALYZE headline_words;
