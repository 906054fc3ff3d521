-- The claims an instance holds were found, when it restarts, by a partial
-- index of the ledger on the claims being sent (WHERE state = 'sending').
-- Naming state made every ledger write that changes it, the sent mark of
-- each digest above all, an update that is never HOT: it inserted into
-- every index of deliveries again. The schedule row, which the claim and
-- the outcome rewrite anyway (its due index changes with each), now names
-- the claim's owner until the outcome, and its index finds the claims; no
-- index of deliveries names a column that a claim or an outcome changes.
ALTER TABLE subscriber_schedule ADD COLUMN claim_owner text;

UPDATE subscriber_schedule sc SET claim_owner = d.owner_id
FROM deliveries d
WHERE d.subscriber_id = sc.subscriber_id AND d.local_date = sc.next_date
	AND d.state = 'sending' AND d.owner_id IS NOT NULL;

CREATE INDEX subscriber_schedule_claims ON subscriber_schedule (claim_owner) WHERE claim_owner IS NOT NULL;

DROP INDEX deliveries_sending;
