package app

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"flashback/corpus/wikisync"
)

// fetchProgress shows how a fetch goes: a bar redrawn in place on a
// terminal, elsewhere (a log, a pipe) a plain line every interval.
type fetchProgress struct {
	w        io.Writer
	days     int
	terminal bool
	interval time.Duration
	mu       sync.Mutex
	last     time.Time
}

func newFetchProgress(w io.Writer, days int) *fetchProgress {
	f, ok := w.(*os.File)
	return &fetchProgress{w: w, days: days, terminal: ok && term.IsTerminal(int(f.Fd())),
		interval: 10 * time.Second, last: time.Now()}
}

func (p *fetchProgress) update(st wikisync.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s", progressLine(st, true))
		return
	}
	if time.Since(p.last) >= p.interval {
		p.last = time.Now()
		fmt.Fprintln(p.w, progressLine(st, false))
	}
}

// finish ends the bar's line, so what follows starts on a fresh one.
func (p *fetchProgress) finish(st wikisync.Stats) {
	if p.terminal && st.Days > 0 {
		fmt.Fprintf(p.w, "\r%s\n", progressLine(st, true))
	}
}

// progressLine is "[#####-----] 120/366 days · added 7012 · updated 0 ·
// held back 3 · errors 0"; without the bar for plain output.
func progressLine(st wikisync.Stats, bar bool) string {
	line := fmt.Sprintf("%d/%d days · added %d · updated %d · held back %d · errors %d",
		st.Done, st.Days, st.Added, st.Updated, st.HeldBack, st.Errors)
	if !bar || st.Days == 0 {
		return line
	}
	const width = 24
	filled := st.Done * width / st.Days
	return "[" + strings.Repeat("#", filled) + strings.Repeat("-", width-filled) + "] " + line
}
