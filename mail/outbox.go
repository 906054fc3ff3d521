package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Outbox is a Sender that writes each message to DIR as an .eml file, so
// that a machine without SMTP still shows what would have been sent.
type Outbox struct {
	dir string
	r   *renderer
	log *slog.Logger
}

var _ TemplateSender = (*Outbox)(nil)

func newOutbox(dir string, r *renderer, log *slog.Logger) (*Outbox, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("mail: outbox: %w", err)
	}
	return &Outbox{dir: dir, r: r, log: log}, nil
}

// Dir is the directory the outbox writes to.
func (o *Outbox) Dir() string { return o.dir }

// Send writes m atomically: readers of DIR never see half a message.
func (o *Outbox) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	raw, env, err := o.r.render(m)
	if err != nil {
		return err
	}
	return o.write(raw, env, m.Date, m.Subject)
}

// SendCopy writes one copy of t like Send.
func (o *Outbox) SendCopy(ctx context.Context, t *Template, c *Copy) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	raw, env, err := o.r.renderCopy(new(bytes.Buffer), t, c)
	if err != nil {
		return err
	}
	return o.write(raw, env, c.Date, t.subject)
}

func (o *Outbox) write(raw []byte, env envelope, date time.Time, subject string) error {
	name := filepath.Join(o.dir, outboxName(date))
	if err := writeAtomic(name, raw); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	// The usual level names no reader's address (the privacy page says
	// so); the file holds it, and debug logging names it.
	o.log.Info("mail written to outbox", "subject", subject, "file", name)
	o.log.Debug("outbox recipient", "to", env.to, "file", name)
	return nil
}

// Close does nothing; the outbox holds no resources.
func (o *Outbox) Close() error { return nil }

// outboxName sorts by date and cannot collide between concurrent sends.
func outboxName(date time.Time) string {
	suffix := strings.ToLower(rand.Text()[:10])
	return date.UTC().Format("20060102T150405.000000000Z") + "-" + suffix + ".eml"
}

// writeAtomic writes a temporary file beside name and renames it into
// place. The file is private: messages carry addresses and tokens.
func writeAtomic(name string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*.eml")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
