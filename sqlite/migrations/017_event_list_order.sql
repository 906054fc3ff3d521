-- A category's page, and a year's, lists its published events in page
-- order (month, day, year-less last, year, id) thirty at a time and counts
-- them. The indexes on (category, month, day, year) and (month, day, year)
-- hold neither whether an event is published nor the whole order, so on
-- a million events each page of a category read and sorted the category's
-- every row, and its count read them again: 0.75 s for the first page of
-- one of 308,000 events, 1.2 s deep in it. These partial indexes hold the
-- published events in page order: a page reads its thirty ids and those
-- before it in the index alone, and the count is a scan of the index.
CREATE INDEX events_category_order ON events (category, month, day, precision = 3, year, id) WHERE published = 1;
CREATE INDEX events_year_order ON events (year, month, day, precision = 3, id) WHERE published = 1;
