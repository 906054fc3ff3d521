package mail

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/wneessen/go-mail/smtp"
)

// maxIdle is how long a pooled connection may sit unused before it is
// closed rather than reused: servers drop idle clients (RFC 5321 asks for
// at least 5 minutes, busy relays use less), and redialling is cheaper
// than failing a send on a connection that is already gone.
const maxIdle = 30 * time.Second

// conn is one SMTP session.
type conn struct {
	c        *smtp.Client
	raw      net.Conn // the TCP connection under any TLS, for aborts
	lastUsed time.Time
	broken   bool
	buf      []byte // the last message as sent, reused for the next
}

// step runs one SMTP command under a fresh deadline.
func (c *conn) step(timeout time.Duration, cmd func() error) error {
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	return cmd()
}

// quit ends the session politely, within timeout.
func (c *conn) quit(timeout time.Duration) {
	if c.c.UpdateDeadline(timeout) == nil {
		_ = c.c.Quit()
	}
	_ = c.raw.Close()
}

// abort drops the connection without a word.
func (c *conn) abort() { _ = c.raw.Close() }

// slot is one of the pool's connections, open or not, with the Receipt
// of the last message it carried. The Receipt stays with the slot when
// its connection breaks and another is dialled, so that the bound of one
// unrecorded message holds per slot, that is per connection of the pool.
type slot struct {
	c    *conn    // nil until dialled, and after the connection was dropped
	prev *Receipt // nil once settled and waited for
}

// gate waits until the slot's previous message is recorded; see Receipt.
// Either way the slot is then free of it: after a failure the message
// that waited is not sent, so nothing more is unrecorded.
func (sl *slot) gate(ctx context.Context, timeout time.Duration) error {
	err := sl.prev.wait(ctx, timeout)
	sl.prev = nil
	return err
}

// settled reports whether the slot's previous message is recorded, so
// that gate would not wait.
func (sl *slot) settled() bool { return sl.prev == nil || sl.prev.settled() }

// pool limits connections to size and keeps the idle ones for reuse. The
// most recently used slot is reused first, so a light load runs over one
// warm connection and the others age out.
type pool struct {
	size int
	sem  chan struct{} // one token per slot in use
	done chan struct{}
	once sync.Once

	mu   sync.Mutex
	free []*slot // least recently used first
}

func newPool(size int) *pool {
	p := &pool{size: size, sem: make(chan struct{}, size), done: make(chan struct{})}
	for range size {
		p.free = append(p.free, &slot{})
	}
	return p
}

// acquire waits for a free slot and returns the most recently used one.
// A connection that idled too long is dropped (the caller dials anew).
func (p *pool) acquire(ctx context.Context) (*slot, error) {
	select {
	case <-p.done:
		return nil, ErrClosed
	default:
	}
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, classify(stageDial, ctx.Err())
	case <-p.done:
		return nil, ErrClosed
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	sl := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	if sl.c != nil && time.Since(sl.c.lastUsed) > maxIdle {
		sl.c.abort()
		sl.c = nil
	}
	return sl, nil
}

// release hands the slot back.
func (p *pool) release(sl *slot) {
	p.mu.Lock()
	p.free = append(p.free, sl)
	p.mu.Unlock()
	<-p.sem
}

// close waits for every slot, so for in-flight sends, and says QUIT on
// each open connection.
func (p *pool) close(timeout time.Duration) {
	p.once.Do(func() {
		close(p.done)
		for range p.size {
			p.sem <- struct{}{}
		}
		p.mu.Lock()
		free := p.free
		p.free = nil
		p.mu.Unlock()
		for _, sl := range free {
			if sl.c != nil {
				sl.c.quit(timeout)
			}
		}
	})
}

// Close waits for in-flight sends and closes the pooled connections.
func (s *smtpSender) Close() error {
	s.pool.close(s.timeout)
	return nil
}
