-- A category's page, and a year's, lists its published events in page
-- order (month, day, year-less last, year, id) thirty at a time and counts
-- them. No index held that order, nor whether an event is published, so on
-- a million events each page read the category's every row to sort them
-- (0.32 s for the first page of one of 308,000 events, 0.81 s at page
-- 2,000) and its count read them again. These partial indexes hold the
-- published events in page order, with the precision itself for the
-- planner to read the order's test of it from the index alone: a page's
-- ids are read from the index, and the count is a scan of it.
CREATE INDEX events_category_order ON events (category, month, day, (precision = 3), year, id)
	INCLUDE (precision) WHERE published;
CREATE INDEX events_year_order ON events (year, month, day, (precision = 3), id)
	INCLUDE (precision) WHERE published;
