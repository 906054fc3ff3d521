-- A calendar keeps ten events of each day: first those of the round
-- anniversaries, then those with an article, then the rest in page order.
-- No index held the events with an article, so finding a day's first ten
-- of them read each of the day's events to test its body; on a million
-- events, ranking them all took 4.4–4.8 s for the site's calendar. These
-- partial indexes hold the events with a non-blank body (only spaces,
-- tabs and line breaks are blank, as on SQLite) in page order, of the
-- site and of each category, so a day's first ten are read from them,
-- with the precision itself for the planner to read the order's test of
-- it from the index alone. Their condition is the store's test
-- (postgres.hasArticle), which a query must repeat for the planner to
-- use them.
CREATE INDEX events_article_order ON events (month, day, (precision = 3), year, id)
	INCLUDE (precision) WHERE length(btrim(body, E' \t\n\r')) > 0;
CREATE INDEX events_category_article_order ON events (category, month, day, (precision = 3), year, id)
	INCLUDE (precision) WHERE length(btrim(body, E' \t\n\r')) > 0;
