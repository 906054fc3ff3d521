package wikimedia

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// DefaultAPI is the base of Wikimedia's public REST API, under which the
// feed lives at /feed/v1/wikipedia/{lang}/onthisday/{type}/{MM}/{DD}.
const DefaultAPI = "https://api.wikimedia.org"

// Client asks Wikimedia's servers politely: one identifiable User-Agent,
// a bounded request rate, conditional requests, retries that wait as long
// as the server asks, and a limit on how much any answer may hold.
type Client struct {
	HTTP      *http.Client // with a timeout per request
	UserAgent string       // see UserAgent
	Limiter   *rate.Limiter
	// Attempts is how many times a request is tried in all (at least 1).
	Attempts int
	// Backoff is the first wait before a retry; it doubles each time.
	Backoff time.Duration
	// MaxWait bounds any one wait; a Retry-After asking for longer ends
	// the retries instead, so as not to come back before we are welcome.
	MaxWait time.Duration
	// Requests counts every request sent, retries included.
	Requests func()
}

// UserAgent is what Wikimedia's policy asks a client to send: a name, a
// version and a way to reach whoever runs it.
func UserAgent(version, contact string) string {
	return "Flashback/" + version + " (self-hosted on-this-day site; " + contact + ")"
}

// Validators make a request conditional: the server answers 304 Not
// Modified when the resource has not changed since.
type Validators struct {
	ETag, LastModified string
}

// Response is a successful answer: either a body or "not modified".
type Response struct {
	NotModified bool
	Body        []byte
	ContentType string
	Validators  Validators
}

// StatusError is an answer that is neither success nor worth retrying.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s answered %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// ErrTooLarge is an answer larger than the caller's limit.
var ErrTooLarge = errors.New("the answer is larger than allowed")

// Get fetches url, conditionally when v has a validator, reading at most
// limit bytes of body. It retries network errors, timeouts, 429 and 5xx.
func (c *Client) Get(ctx context.Context, url string, v Validators, limit int64) (*Response, error) {
	var last error
	for attempt := 1; ; attempt++ {
		resp, wait, err := c.try(ctx, url, v, limit)
		if err == nil {
			return resp, nil
		}
		last = err
		if wait < 0 || attempt >= max(c.Attempts, 1) || ctx.Err() != nil {
			break
		}
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		if wait > c.maxWait() {
			// Asked to come back later than we are willing to wait: give
			// up now rather than ask again too early.
			break
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, last
}

// try makes one request. wait is -1 when retrying cannot help, the
// server's Retry-After when it gave one, else 0 (back off).
func (c *Client) try(ctx context.Context, url string, v Validators, limit int64) (*Response, time.Duration, error) {
	if err := c.Limiter.Wait(ctx); err != nil {
		return nil, -1, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, -1, err
	}
	req.Header.Set("User-Agent", c.UserAgent)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	if c.Requests != nil {
		c.Requests()
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("get %s: %w", url, err)
	}
	defer res.Body.Close()
	return c.read(res, url, limit)
}

// read turns an answer into a Response or an error with its retry advice.
func (c *Client) read(res *http.Response, url string, limit int64) (*Response, time.Duration, error) {
	got := Validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}
	switch {
	case res.StatusCode == http.StatusNotModified:
		return &Response{NotModified: true, Validators: got}, 0, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return nil, retryAfter(res.Header.Get("Retry-After")), &StatusError{URL: url, Status: res.StatusCode}
	case res.StatusCode != http.StatusOK:
		return nil, -1, &StatusError{URL: url, Status: res.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", url, err)
	}
	if int64(len(body)) > limit {
		return nil, -1, fmt.Errorf("%s: %w (%d bytes)", url, ErrTooLarge, limit)
	}
	return &Response{Body: body, ContentType: res.Header.Get("Content-Type"), Validators: got}, 0, nil
}

// retryAfter reads a Retry-After of seconds or an HTTP date; 0 when absent.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return max(time.Duration(s)*time.Second, time.Millisecond)
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), time.Millisecond)
	}
	return 0
}

// backoff doubles from Backoff with up to 50% jitter, so that clients that
// failed together do not retry together.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.Backoff << (attempt - 1)
	return d + rand.N(d/2+1)
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait <= 0 {
		return time.Minute
	}
	return c.MaxWait
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// DayURL is the address of one day's feed of list kind ("all", "events", …)
// in language lang.
func DayURL(base, lang, kind string, month, day int) string {
	return fmt.Sprintf("%s/feed/v1/wikipedia/%s/onthisday/%s/%02d/%02d", base, lang, kind, month, day)
}
