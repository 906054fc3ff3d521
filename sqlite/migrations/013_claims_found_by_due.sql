-- The claims an instance's earlier runs left are found through the
-- subscribers they keep waiting, on the due index (see register in
-- delivery_owner.go), no longer through an index of the ledger's claims:
-- that index cost an insert at every claim and a delete at every outcome,
-- to serve one query at start-up.
DROP INDEX deliveries_sending;
