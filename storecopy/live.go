package storecopy

import (
	"context"
	"fmt"
	"io"
	"time"

	"flashback"
)

// warnLive tells of instances whose heartbeat in the source is recent: a
// server may still be running there, and what it writes after the
// snapshot stays behind. It only warns, because a server stopped a moment
// ago leaves a last heartbeat as recent.
func warnLive(ctx context.Context, snap Reader, tables []Table, w io.Writer, now time.Time) error {
	t, ok := findTable(tables, "instances")
	if w == nil || !ok {
		return nil
	}
	return snap.Rows(ctx, t, func(r Row) error {
		beat, ok := r[2].(time.Time)
		if ago := now.Sub(beat); ok && ago < flashback.OwnerDeadAfter {
			fmt.Fprintf(w, "warning: instance %v of the source beat %s ago; if it still runs, stop it: "+
				"what it writes from now on is not copied\n", r[0], ago.Round(time.Second))
		}
		return nil
	})
}

func findTable(tables []Table, name string) (Table, bool) {
	for _, t := range tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}
