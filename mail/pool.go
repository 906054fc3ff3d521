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

// pool limits connections to size and keeps the idle ones for reuse. The
// most recently used connection is reused first, so a light load runs over
// one warm connection and the others age out.
type pool struct {
	size int
	sem  chan struct{} // one token per connection in use or being dialled
	done chan struct{}
	once sync.Once

	mu   sync.Mutex
	idle []*conn // oldest first
}

func newPool(size int) *pool {
	return &pool{size: size, sem: make(chan struct{}, size), done: make(chan struct{})}
}

// acquire waits for a free slot and returns the freshest idle connection,
// or nil when the caller has to dial.
func (p *pool) acquire(ctx context.Context) (*conn, error) {
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
	for len(p.idle) > 0 {
		c := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if time.Since(c.lastUsed) <= maxIdle {
			return c, nil
		}
		c.abort()
	}
	return nil, nil
}

// release frees the slot; c is nil when the connection was dropped.
func (p *pool) release(c *conn) {
	if c != nil {
		p.mu.Lock()
		p.idle = append(p.idle, c)
		p.mu.Unlock()
	}
	<-p.sem
}

// close waits for every slot, so for in-flight sends, and says QUIT on
// each idle connection.
func (p *pool) close(timeout time.Duration) {
	p.once.Do(func() {
		close(p.done)
		for range p.size {
			p.sem <- struct{}{}
		}
		p.mu.Lock()
		idle := p.idle
		p.idle = nil
		p.mu.Unlock()
		for _, c := range idle {
			c.quit(timeout)
		}
	})
}

// Close waits for in-flight sends and closes the pooled connections.
func (s *smtpSender) Close() error {
	s.pool.close(s.timeout)
	return nil
}
