-- A calendar keeps ten events of each day: first those of the round
-- anniversaries, then those with an article, then the rest in page order.
-- No index held the events with an article, so finding a day's first ten
-- of them read each of the day's events to test its body; on a million
-- events, ranking them all took 10 s for the site's calendar. These partial
-- indexes hold the events with a non-blank body in page order, of the
-- site and of each category, so a day's first ten are read from them.
-- Their condition is the store's test (sqlite.hasArticle), which a query
-- must repeat exactly for SQLite to use them.
CREATE INDEX events_article_order ON events (month, day, precision = 3, year, id)
	WHERE length(trim(body, ' ' || char(9, 10, 13))) > 0;
CREATE INDEX events_category_article_order ON events (category, month, day, precision = 3, year, id)
	WHERE length(trim(body, ' ' || char(9, 10, 13))) > 0;
