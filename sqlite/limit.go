package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"flashback"
)

// LimitStore keeps rate-limit buckets in the database, so that limits hold
// across restarts and across processes sharing the file.
type LimitStore struct {
	db    *DB
	queue limitQueue
	// Kept by the one drain that runs at a time (see limitQueue).
	stmts    limitStmts
	forgotAt time.Time // the store's clock at the last forgetFullBuckets

	gatherWait   time.Duration // limitGather, shorter or longer in tests
	transactions atomic.Int64  // for tests: how many the drains ran
}

// NewLimitStore returns the rate-limit store of db.
func NewLimitStore(db *DB) *LimitStore { return &LimitStore{db: db, gatherWait: limitGather} }

var _ flashback.LimitStore = (*LimitStore)(nil)

// forgetBatch bounds how many refilled buckets one call deletes, so that
// the clean-up never makes a request wait noticeably.
const forgetBatch = 32

// TakeTokens takes a token from every bucket, or from none.
func (s *LimitStore) TakeTokens(ctx context.Context, keys ...flashback.LimitKey) (bool, time.Duration, error) {
	var ok bool
	var wait time.Duration
	err := s.apply(ctx, keys, func(b []flashback.Bucket, now time.Time) []flashback.Bucket {
		var after []flashback.Bucket
		after, ok, wait = flashback.TakeAll(keys, b, now)
		return after
	})
	return ok && err == nil, wait, err
}

// ReserveTokens takes up to n tokens of key's bucket at once.
func (s *LimitStore) ReserveTokens(ctx context.Context, key flashback.LimitKey, n int) (got int, wait time.Duration, err error) {
	err = s.apply(ctx, []flashback.LimitKey{key}, func(b []flashback.Bucket, now time.Time) (after []flashback.Bucket) {
		after, got, wait = flashback.Reserve(key, n, b, now)
		return after
	})
	return got, wait, err
}

// GiveTokens returns a token to every bucket.
func (s *LimitStore) GiveTokens(ctx context.Context, keys ...flashback.LimitKey) error {
	return s.apply(ctx, keys, func(b []flashback.Bucket, now time.Time) []flashback.Bucket {
		return flashback.GiveAll(keys, b, now)
	})
}

// apply checks keys, then has decide compute their next states from
// their current ones and writes those, in a transaction shared with the
// calls queued beside it (see limitQueue); a nil result writes nothing.
// Limits are bookkeeping: the transaction is unsynced (beginUnsynced), as a
// power cut that forgets the last few counts is acceptable, a disk sync on
// every limited request is not.
func (s *LimitStore) apply(ctx context.Context, keys []flashback.LimitKey,
	decide func([]flashback.Bucket, time.Time) []flashback.Bucket) error {
	for _, k := range keys {
		if !k.Rate.Valid() {
			return fmt.Errorf("sqlite: a rate limit has no valid rate: %+v", k.Rate)
		}
	}
	return s.do(ctx, &limitOp{keys: keys, decide: decide})
}

// forgetFullBucketsSQL deletes a few buckets that have refilled: they
// would behave exactly as keys never seen, so keeping them only keeps data.
const forgetFullBucketsSQL = `DELETE FROM rate_limits WHERE key IN
	(SELECT key FROM rate_limits WHERE full_at <= ? LIMIT ?)`

func forgetFullBuckets(ctx context.Context, tx *Tx, forget *sql.Stmt) error {
	st := tx.StmtContext(ctx, forget)
	defer st.Close()
	_, err := st.ExecContext(ctx, formatTime(tx.now), forgetBatch)
	if err != nil {
		return fmt.Errorf("forget refilled rate limits: %w", err)
	}
	return nil
}
