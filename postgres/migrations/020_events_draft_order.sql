-- The editors' calendar lists each day's drafts (imports held for review,
-- say) beside its candidates. No index told drafts apart, so a day's
-- drafts were found among all its events: on a million events, one in
-- fifty a draft, 66 days read some 180,000 rows for 3,600 drafts. This
-- partial index holds the drafts alone; an event leaves it when it is
-- published.
CREATE INDEX events_draft_order ON events (month, day, (precision = 3), year, id) WHERE NOT published;
