package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// LimitStore keeps rate-limit buckets in the database, so that limits hold
// across restarts and are shared by every instance: adding instances does
// not multiply them.
type LimitStore struct {
	db *DB
}

// NewLimitStore returns the rate-limit store of db.
func NewLimitStore(db *DB) *LimitStore { return &LimitStore{db: db} }

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

// apply locks the buckets of keys, lets decide compute their next states
// and writes those in the same transaction; a nil result writes nothing.
func (s *LimitStore) apply(ctx context.Context, keys []flashback.LimitKey,
	decide func([]flashback.Bucket, time.Time) []flashback.Bucket) error {
	for _, k := range keys {
		if !k.Rate.Valid() {
			return fmt.Errorf("postgres: a rate limit has no valid rate: %+v", k.Rate)
		}
	}
	tx, err := s.db.beginUnsynced(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := lockKeys(ctx, tx, keys); err != nil {
		return err
	}
	buckets := make([]flashback.Bucket, len(keys))
	for i, k := range keys {
		if buckets[i], err = readBucket(ctx, tx, k.Key); err != nil {
			return err
		}
	}
	after := decide(buckets, tx.now)
	for i, k := range keys {
		if after == nil {
			break
		}
		if err := writeBucket(ctx, tx, k, after[i]); err != nil {
			return err
		}
	}
	if err := forgetFullBuckets(ctx, tx); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// lockKeys takes a transaction lock on each key, in one order for every
// caller so that two requests sharing keys cannot deadlock. A row lock
// would not do: a key never seen has no row to lock, and two first
// requests would both find the bucket full.
func lockKeys(ctx context.Context, tx *Tx, keys []flashback.LimitKey) error {
	raw := make([][]byte, len(keys))
	for i, k := range keys {
		raw[i] = k.Key
	}
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(h) FROM (
		SELECT DISTINCT hashtextextended(encode(k, 'hex'), 0) AS h FROM unnest($1::bytea[]) AS k ORDER BY h
	) AS ordered`, raw)
	if err != nil {
		return fmt.Errorf("lock rate limits: %w", err)
	}
	return nil
}

func readBucket(ctx context.Context, tx *Tx, key []byte) (flashback.Bucket, error) {
	var b flashback.Bucket
	err := tx.QueryRow(ctx, `SELECT tokens, at FROM rate_limits WHERE key = $1`, key).Scan(&b.Tokens, &b.At)
	if errors.Is(err, pgx.ErrNoRows) {
		return flashback.Bucket{}, nil
	} else if err != nil {
		return b, fmt.Errorf("read rate limit: %w", err)
	}
	b.At = b.At.UTC()
	return b, nil
}

func writeBucket(ctx context.Context, tx *Tx, k flashback.LimitKey, b flashback.Bucket) error {
	_, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, tokens, at, full_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, full_at = excluded.full_at`,
		k.Key, b.Tokens, b.At, k.Rate.FullAt(b))
	if err != nil {
		return fmt.Errorf("write rate limit: %w", err)
	}
	return nil
}

// forgetFullBuckets deletes a few buckets that have refilled: they would
// behave exactly as keys never seen, so keeping them only keeps data. Rows
// another request holds are left for later rather than waited for.
func forgetFullBuckets(ctx context.Context, tx *Tx) error {
	_, err := tx.Exec(ctx, `DELETE FROM rate_limits WHERE key IN
		(SELECT key FROM rate_limits WHERE full_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`, tx.now, forgetBatch)
	if err != nil {
		return fmt.Errorf("forget refilled rate limits: %w", err)
	}
	return nil
}
