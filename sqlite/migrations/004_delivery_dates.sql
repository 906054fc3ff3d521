-- The editors' ledger view lists and counts one local date at a time. The
-- date never changes once a row exists, so updates of a row's state leave
-- this index alone; only inserts pay for it.
CREATE INDEX deliveries_date ON deliveries (local_date);
