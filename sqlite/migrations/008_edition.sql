-- selected: a source marks the event as one of its highlights of the day
-- (Wikipedia's "selected" list); the featured choice prefers it.
ALTER TABLE events ADD COLUMN selected INTEGER NOT NULL DEFAULT 0;

-- Editors' choices of the featured story: for one calendar date (year > 0)
-- or for a month-day every year (year = 0). One pick per day; a new one
-- replaces it.
CREATE TABLE featured_picks (
	year       INTEGER NOT NULL CHECK (year >= 0),
	month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
	day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
	event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	editor_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	PRIMARY KEY (year, month, day)
);

-- The featured story shows on readers' pages, and an open report or
-- conflict takes an event out of the choice: all three change what readers
-- see, so cached pages must be dropped.
CREATE TRIGGER content_version_pick_insert AFTER INSERT ON featured_picks BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_pick_update AFTER UPDATE ON featured_picks BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_pick_delete AFTER DELETE ON featured_picks BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_report_insert AFTER INSERT ON reports BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_report_status AFTER UPDATE OF status ON reports BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_conflict_insert AFTER INSERT ON conflicts BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER content_version_conflict_status AFTER UPDATE OF status ON conflicts BEGIN
	UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

CREATE INDEX conflicts_event_status ON conflicts (event_id, status);
