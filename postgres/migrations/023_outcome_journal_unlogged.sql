-- The outcome journal only ever promised to survive a crash of the process
-- that appends to it, not one of the server (its appends commit without
-- waiting for the disk), as the SQLite store's journal files do. An
-- unlogged table keeps exactly that promise without writing every append
-- and every delete to the WAL: a crash of the server empties it, which
-- repeats the digests whose outcomes had not reached the ledger yet, with
-- the same Message-ID, and loses none. Its identity sequence becomes
-- unlogged with it and may start again after such a crash; the table is
-- empty then.
ALTER TABLE outcome_journal SET UNLOGGED;
