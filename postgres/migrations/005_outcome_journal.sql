-- The outcome journals of the instances delivering from this database: a
-- send's outcome is written here, in one cheap insert per group, before
-- the ledger applies it in large groups; a journal left by a dead instance
-- is replayed into the ledger. No foreign key: a subscriber may be deleted
-- while their outcome waits, and the ledger then ignores it.
CREATE TABLE outcome_journal (
	seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	instance_id   text NOT NULL,
	subscriber_id bigint NOT NULL,
	local_date    date NOT NULL,
	attempt       integer NOT NULL,
	state         text NOT NULL CHECK (state IN ('sent', 'retry', 'failed', 'skipped')),
	message_id    text NOT NULL DEFAULT '',
	reason        text NOT NULL DEFAULT '',
	retry_at      timestamptz
);

CREATE INDEX outcome_journal_instance ON outcome_journal (instance_id, seq);
