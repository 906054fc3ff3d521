-- The editors' calendar lists each day's drafts (imports held for review,
-- say) beside its candidates. The index of every event in page order
-- found a day's events, and each one's row was read to test whether it was
-- a draft: on a million events, one in fifty a draft, 66 days read some
-- 180,000 rows for 3,600 drafts. This partial index holds the drafts
-- alone; an event leaves it when it is published.
CREATE INDEX events_draft_order ON events (month, day, precision = 3, year, id) WHERE published = 0;
