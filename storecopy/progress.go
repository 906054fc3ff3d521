package storecopy

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often a table's line is repeated while its rows go
// over, so that a long table shows it is moving without flooding a log.
const progressEvery = 2 * time.Second

// meter reports one table's rows done out of its total.
type meter struct {
	w           io.Writer
	step, table string
	n, total    int64
	start, last time.Time
}

func (c *copier) meter(step, table string, total int64) *meter {
	now := time.Now()
	return &meter{w: c.progress, step: step, table: table, total: total, start: now, last: now}
}

func (m *meter) add(n int) {
	m.n += int64(n)
	if m.w != nil && time.Since(m.last) >= progressEvery {
		m.last = time.Now()
		fmt.Fprintf(m.w, "%s %s: %d/%d rows\n", m.step, m.table, m.n, m.total)
	}
}

// done writes the table's last line.
func (m *meter) done() {
	if m.w != nil {
		fmt.Fprintf(m.w, "%s %s: %d/%d rows (%s)\n", m.step, m.table, m.n, m.total,
			time.Since(m.start).Round(time.Millisecond))
	}
}
