-- Every statement on the outcome journal finds rows by instance and seq,
-- which the (instance_id, seq) index answered; the primary key on seq alone
-- answered none, yet every digest's outcome was inserted into both. The
-- pair is the key now, and the one index.
ALTER TABLE outcome_journal DROP CONSTRAINT outcome_journal_pkey;
DROP INDEX outcome_journal_instance;
ALTER TABLE outcome_journal ADD PRIMARY KEY (instance_id, seq);
