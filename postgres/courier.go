package postgres

import (
	"cmp"
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// courier carries the small statements of a digest pass to the server, one
// round trip at a time: the send checks (Sendable) and, while a journal of
// this DB is open, that journal's appends. Whatever was asked for while a
// round trip ran goes in the next one, together: a pass asks for a check
// before each send and an append after it, a few at a time, and each went
// in a round trip and a transaction of its own, the server's and the
// process's largest cost after the ledger's own writes.
//
// Every check and append is carried by a round trip that started after it
// was asked for, so a check sees what committed before it, and an append
// has committed when Append returns, as with statements of their own.
type courier struct {
	mu      sync.Mutex
	checks  []*sendCheck
	appends []*appendReq
	running bool
	// kick wakes a running courier that waits for work (see run).
	kick chan struct{}
	// linger, when set, replaces courierLinger (for tests).
	linger time.Duration
	// log is the open journal whose connection carries the round trips;
	// nil when none is open (checks then use the pool).
	log *outcomeLog
}

// appendReq is one Append waiting for the courier: sent outcomes for the
// ledger, the rest (cols) for the journal; done is closed once err is set.
type appendReq struct {
	sent []flashback.Outcome
	cols outcomeCols
	err  error
	done chan struct{}
}

// attach makes l's connection carry the courier's round trips, unless
// another journal's does already; it reports whether it does.
func (c *courier) attach(l *outcomeLog) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.log != nil {
		return false
	}
	c.log = l
	return true
}

// detach stops l's connection carrying round trips; appends still waiting
// fail.
func (c *courier) detach(l *outcomeLog) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.log == l {
		c.log = nil
	}
}

// ask queues a send check.
func (c *courier) ask(db *DB, sc *sendCheck) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checks = append(c.checks, sc)
	c.start(db)
}

// send queues an append of l's and waits for it.
func (c *courier) send(db *DB, r *appendReq) {
	c.mu.Lock()
	c.appends = append(c.appends, r)
	c.start(db)
	c.mu.Unlock()
	<-r.done
}

// start runs the round trips unless they run already, and else wakes the
// courier if it waits; c.mu is held.
func (c *courier) start(db *DB) {
	if c.kick == nil {
		c.kick = make(chan struct{}, 1)
	}
	if !c.running {
		c.running = true
		go c.run(db)
		return
	}
	select {
	case c.kick <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// courierLinger is how long the courier waits for more work before its
// goroutine ends. A pass asks for a round trip every few hundred
// microseconds, often just after the last one drained the queue: a new
// goroutine for each grew its stack anew to pgx's depth, a few
// microseconds every time (3% of an instance's CPU in a pass).
const courierLinger = time.Second

// run makes round trips until nothing has been left to carry for
// courierLinger.
func (c *courier) run(db *DB) {
	var idle *time.Timer
	linger := cmp.Or(c.linger, courierLinger)
	for {
		c.mu.Lock()
		checks := c.checks[:min(len(c.checks), maxSendChecks)]
		c.checks = c.checks[len(checks):]
		appends, log := c.appends, c.log
		c.appends = nil
		if len(checks) == 0 && len(appends) == 0 {
			c.checks = nil
			c.mu.Unlock()
			if idle == nil {
				idle = time.NewTimer(linger)
			} else {
				idle.Reset(linger)
			}
			select {
			case <-c.kick:
				continue
			case <-idle.C:
			}
			c.mu.Lock()
			if len(c.checks) == 0 && len(c.appends) == 0 {
				c.running = false
				c.mu.Unlock()
				return
			}
			c.mu.Unlock()
			continue
		}
		c.mu.Unlock()
		if log == nil || !log.carry(appends, checks) {
			for _, r := range appends {
				r.err = errJournalClosed
				close(r.done)
			}
			if len(checks) > 0 {
				answer(db, checks)
			}
		}
	}
}

// carry makes one round trip on l's connection for appends and checks, in
// one implicit transaction with the delete of what Applied forgot since the
// last; it reports false, having done nothing, when l is closed. Checks
// that failed with the appends are asked again alone, so that a journal's
// failure does not hold sends back.
func (l *outcomeLog) carry(appends []*appendReq, checks []*sendCheck) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), sendCheckTimeout)
	defer cancel()
	batch := &pgx.Batch{}
	forgets := l.queueForget(batch)
	var sent []flashback.Outcome
	var all outcomeCols
	for _, r := range appends {
		sent = append(sent, r.sent...)
		all.add(r.cols)
	}
	queueMarkSent(batch, sent, l.db.txNow())
	queueAppend(batch, l.instance, all)
	if len(checks) > 0 {
		queueChecks(batch, checks)
	}
	results := l.conn.SendBatch(ctx, batch)
	var err error
	if forgets {
		_, err = results.Exec()
	}
	var seqs []int64
	if err == nil {
		seqs, err = readAppend(results, sent, all)
	}
	if err == nil && len(checks) > 0 {
		var rows pgx.Rows
		if rows, err = results.Query(); err == nil {
			err = scanChecks(rows, checks)
		}
	}
	if cerr := results.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		l.seqs = append(l.seqs, seqs...)
		l.forgotten = l.forget
	}
	for _, r := range appends {
		r.err = err
		close(r.done)
	}
	if err != nil && len(checks) > 0 {
		answer(l.db, checks)
	} else {
		for _, sc := range checks {
			close(sc.done)
		}
	}
	return true
}
