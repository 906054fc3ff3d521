package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback/stores"
)

// reportServer prints, for a PostgreSQL dsn, the server's version and the
// settings a search's speed depends on beside the sizes of what searches
// read: whether the events, the word list and the indexes fit in the
// server's shared buffers decides whether each event a search looks up is
// a hit there or a read from the kernel's page cache. Another backend
// prints nothing.
func reportServer(ctx context.Context, dsn string) error {
	if b, err := stores.BackendOf(dsn); err != nil || b != stores.Postgres {
		return err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var version, buffers, cache, work string
	err = conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('shared_buffers'),
		current_setting('effective_cache_size'), current_setting('work_mem')`).Scan(&version, &buffers, &cache, &work)
	if err != nil {
		return fmt.Errorf("server settings: %w", err)
	}
	fmt.Printf("PostgreSQL %s: shared_buffers %s, effective_cache_size %s, work_mem %s\n", version, buffers, cache, work)
	rows, err := conn.Query(ctx, `SELECT c.relname, pg_relation_size(c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema()
			AND (c.relname IN ('events', 'headline_words') OR c.oid IN (
				SELECT indexrelid FROM pg_index WHERE indrelid IN ('events'::regclass, 'headline_words'::regclass)))
		ORDER BY pg_relation_size(c.oid) DESC`)
	if err != nil {
		return fmt.Errorf("relation sizes: %w", err)
	}
	var name, line string
	var size, total int64
	_, err = pgx.ForEachRow(rows, []any{&name, &size}, func() error {
		total += size
		if size >= 1<<20 {
			line += fmt.Sprintf(", %s %.0f MiB", name, mib(size))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("relation sizes: %w", err)
	}
	fmt.Printf("events, headline_words and their indexes: %.0f MiB in all%s\n", mib(total), line)
	return nil
}
