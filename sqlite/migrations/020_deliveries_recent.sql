-- The editors' ledger view shows a date's rows most recently changed
-- first, with the day's count in each state. Through the index of dates
-- alone, each of those read every row of the date to sort or count it:
-- 0.5 to 0.6 s each for a date of 100,000 digests. deliveries_recent holds the
-- rows in the view's order with their state, so a page reads only its own
-- rows and the counts read the index alone. It replaces the index of
-- dates, whose every use it serves; its price is an update of the index at
-- each outcome, when updated_at changes.
DROP INDEX deliveries_date;
CREATE INDEX deliveries_recent ON deliveries (local_date, updated_at, subscriber_id, state);
-- The rows editors look for over every date: what failed, was skipped or
-- waits to be tried again. A digest that goes out never enters this index,
-- so the pass pays nothing for it; a query uses it only if its WHERE
-- clause repeats the condition (see deliveryWhere).
CREATE INDEX deliveries_trouble ON deliveries (state, local_date, updated_at, subscriber_id)
	WHERE state IN ('retry', 'failed', 'skipped');
