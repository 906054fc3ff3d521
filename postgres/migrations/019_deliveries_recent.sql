-- The editors' ledger view shows a date's rows most recently changed
-- first, with the day's count in each state. Through the index of dates
-- alone, each of those read every row of the date to sort or count it.
-- deliveries_recent holds the rows in the view's order with their state,
-- so a page reads only its own rows and the counts can read the index
-- alone. It replaces the index of dates, whose every use it serves. A
-- ledger row's updates are never HOT (its state is indexed by
-- deliveries_sending), so each already writes an entry in every index:
-- this one costs a wider entry, not another.
DROP INDEX deliveries_date;
CREATE INDEX deliveries_recent ON deliveries (local_date, updated_at, subscriber_id) INCLUDE (state);
-- The rows editors look for over every date: what failed, was skipped or
-- waits to be tried again. A digest that goes out never enters this index;
-- a query uses it when its WHERE clause repeats the condition (see
-- ListDeliveries).
CREATE INDEX deliveries_trouble ON deliveries (state, local_date, updated_at, subscriber_id)
	WHERE state IN ('retry', 'failed', 'skipped');
