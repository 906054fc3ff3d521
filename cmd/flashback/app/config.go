package app

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"flashback"
	"flashback/corpus/wikimedia"
	fhttp "flashback/http"
	"flashback/stores"
)

// Config is everything an operator can set, by flag or FLASHBACK_* variable.
// Flags win over the environment, which wins over the defaults.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	Timezone    string
	SMTPURL     string
	MailFrom    string
	// EditorsEmail, comma-separated, receives a note of each contact
	// message and reader report; empty sends none.
	EditorsEmail string
	LogLevel     string
	// LogFormat is "text" (logfmt-style lines) or "json" (one object a
	// line, for log collectors).
	LogFormat string
	// MetricsAddr, when set, serves /metrics and pprof on a listener of
	// their own, never on the public one; empty serves neither.
	MetricsAddr string
	// TrustedProxies lists the reverse proxies whose X-Forwarded-For is
	// believed (comma-separated addresses or CIDR prefixes).
	TrustedProxies string
	// DigestCutoff is how late a digest may still go out after the
	// reader's wake-up time (after an outage); later, that day is skipped.
	DigestCutoff string
	// DKIM signing of outgoing mail: all three or none.
	DKIMDomain, DKIMSelector, DKIMKeyFile string
	// Wikipedia as a live source: the API base, the operator's contact
	// sent with every request, and the language kept fresh by serve.
	WikimediaAPI, WikimediaContact, WikimediaSync string

	baseURLDerived bool // see followAddr
}

// DefaultConfig is what a newcomer gets with no set-up at all.
func DefaultConfig() Config {
	return Config{
		Addr:         ":8080",
		DataDir:      "data",
		BaseURL:      "http://localhost:8080",
		Timezone:     "UTC",
		MailFrom:     "Flashback <flashback@localhost>",
		LogLevel:     "info",
		LogFormat:    "text",
		DigestCutoff: "12h",
		WikimediaAPI: wikimedia.DefaultAPI,
	}
}

// configVars ties each setting to its environment variable and flag.
func configVars(c *Config) []struct {
	flag, env, usage string
	dst              *string
} {
	return []struct {
		flag, env, usage string
		dst              *string
	}{
		{"addr", "FLASHBACK_ADDR", "address to listen on", &c.Addr},
		{"data-dir", "FLASHBACK_DATA_DIR", "directory for the database, outbox and backups", &c.DataDir},
		{"database-url", "FLASHBACK_DATABASE_URL", "SQLite file path or sqlite: URL, or postgres:// URL (default DATA_DIR/flashback.db)", &c.DatabaseURL},
		{"base-url", "FLASHBACK_BASE_URL", "public URL of the site, used in e-mails and feeds (unset: this machine's address of -addr)", &c.BaseURL},
		{"timezone", "FLASHBACK_TIMEZONE", "site default time zone (IANA name)", &c.Timezone},
		{"smtp-url", "FLASHBACK_SMTP_URL", "smtp://[user:pass@]host:port or smtps://…; empty writes mail to DATA_DIR/outbox", &c.SMTPURL},
		{"mail-from", "FLASHBACK_MAIL_FROM", "From address of outgoing mail", &c.MailFrom},
		{"editors-email", "FLASHBACK_EDITORS_EMAIL", "comma-separated addresses told of new contact messages and reports", &c.EditorsEmail},
		{"log-level", "FLASHBACK_LOG_LEVEL", "debug, info, warn or error", &c.LogLevel},
		{"log-format", "FLASHBACK_LOG_FORMAT", "text or json", &c.LogFormat},
		{"metrics-addr", "FLASHBACK_METRICS_ADDR", "address for /metrics and pprof, e.g. 127.0.0.1:9090; empty serves neither", &c.MetricsAddr},
		{"trusted-proxies", "FLASHBACK_TRUSTED_PROXIES", "reverse proxies whose X-Forwarded-For is believed, e.g. 10.0.0.0/8,127.0.0.1", &c.TrustedProxies},
		{"digest-cutoff", "FLASHBACK_DIGEST_CUTOFF", "how late after the wake-up time a missed digest still goes out", &c.DigestCutoff},
		{"dkim-domain", "FLASHBACK_DKIM_DOMAIN", "DKIM signing domain (with selector and key file)", &c.DKIMDomain},
		{"dkim-selector", "FLASHBACK_DKIM_SELECTOR", "DKIM selector", &c.DKIMSelector},
		{"dkim-key-file", "FLASHBACK_DKIM_KEY_FILE", "PEM file of the DKIM private key (RSA or Ed25519)", &c.DKIMKeyFile},
		{"wikimedia-api", "FLASHBACK_WIKIMEDIA_API", "base URL of Wikimedia's REST API (the on-this-day feed lives under it)", &c.WikimediaAPI},
		{"wikimedia-contact", "FLASHBACK_WIKIMEDIA_CONTACT", "your e-mail or URL, sent to Wikimedia with every request (required to fetch)", &c.WikimediaContact},
		{"wikimedia-sync", "FLASHBACK_WIKIMEDIA_SYNC", "Wikipedia language whose coming days serve keeps fresh daily, e.g. en (empty: off)", &c.WikimediaSync},
	}
}

// BindFlags registers the settings on fs, with the environment's values as
// the defaults so that an explicit flag still wins.
func (c *Config) BindFlags(fs *flag.FlagSet, getenv func(string) string) {
	for _, v := range configVars(c) {
		if s := getenv(v.env); s != "" {
			*v.dst = s
		}
		fs.StringVar(v.dst, v.flag, *v.dst, v.usage+" ($"+v.env+")")
	}
}

// followAddr makes the public URL this machine's address of -addr when no
// flag or variable set one: a site tried on another port (":9000") then
// mails confirmation links that work here, where the fixed default
// (port 8080) led nowhere. The default address gives the default URL.
func (c *Config) followAddr(fs *flag.FlagSet, getenv func(string) string) {
	set := getenv("FLASHBACK_BASE_URL") != ""
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "base-url" })
	if set {
		return
	}
	// An address that does not parse keeps the default URL; Validate
	// reports the address.
	if u, err := localURL(c.Addr, "localhost"); err == nil {
		c.BaseURL, c.baseURLDerived = u, true
	}
}

// localURL is the URL at which this machine reaches a server listening on
// addr ("host:port"), with anyHost standing for a server that listens on
// every interface (":8080", "0.0.0.0:8080").
func localURL(addr, anyHost string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("listen address %q: use host:port or :port, such as :8080", addr)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = anyHost
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// BaseURLDerived reports that no one set the public URL: it follows -addr
// (see followAddr), which a site behind a proxy or on a public name must
// not rely on.
func (c *Config) BaseURLDerived() bool { return c.baseURLDerived }

// Validate checks every setting and fills derived ones, so that a typo
// stops the program with a clear message instead of surfacing later.
func (c *Config) Validate() error {
	var errs []error
	if _, err := flashback.LoadZone(c.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("timezone %q is not an IANA time zone name such as Europe/Paris", c.Timezone))
	}
	if _, err := localURL(c.Addr, ""); err != nil {
		errs = append(errs, err)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base URL %q must be an absolute http:// or https:// URL", c.BaseURL))
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("data directory must not be empty"))
	}
	if err := stores.Check(c.DSN()); err != nil {
		errs = append(errs, err)
	}
	for _, a := range c.EditorEmails() {
		if _, err := mail.ParseAddress(a); err != nil {
			errs = append(errs, fmt.Errorf("editors e-mail %q is not an e-mail address", a))
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		errs = append(errs, fmt.Errorf("mail-from %q is not an e-mail address", c.MailFrom))
	}
	if _, err := fhttp.ParsePrefixes(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("trusted proxies %q: use addresses or CIDR prefixes separated by commas", c.TrustedProxies))
	}
	if d, err := time.ParseDuration(c.DigestCutoff); err != nil || d < time.Hour || d > 23*time.Hour {
		errs = append(errs, fmt.Errorf("digest cut-off %q: use a duration from 1h to 23h, such as 12h", c.DigestCutoff))
	}
	if n := countSet(c.DKIMDomain, c.DKIMSelector, c.DKIMKeyFile); n != 0 && n != 3 {
		errs = append(errs, errors.New("DKIM needs a domain, a selector and a key file together"))
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel))
	}
	if f := strings.ToLower(c.LogFormat); f != "text" && f != "json" {
		errs = append(errs, fmt.Errorf("log format %q: use text or json", c.LogFormat))
	}
	if err := c.checkMetricsAddr(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.validateWikimedia()...)
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, errors.New("SMTP URL must look like smtp://[user:pass@]host:port or smtps://host:port"))
		}
	}
	return errors.Join(errs...)
}

// checkMetricsAddr refuses a metrics address that is the public one: the
// metrics and pprof must never be served to readers.
func (c *Config) checkMetricsAddr() error {
	if c.MetricsAddr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
		return fmt.Errorf("metrics address %q: use host:port, such as 127.0.0.1:9090", c.MetricsAddr)
	}
	if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		return fmt.Errorf("metrics address %q must differ from the public address", c.MetricsAddr)
	}
	return nil
}

func countSet(values ...string) int {
	n := 0
	for _, v := range values {
		if v != "" {
			n++
		}
	}
	return n
}

// Cutoff returns the digest cut-off; Validate has checked it.
func (c *Config) Cutoff() time.Duration {
	d, _ := time.ParseDuration(c.DigestCutoff)
	return d
}

// EditorEmails returns the editors' notification addresses.
func (c *Config) EditorEmails() []string {
	var out []string
	for _, a := range strings.Split(c.EditorsEmail, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// DSN returns the database URL the configuration names: the one set, or
// the SQLite file in the data directory. Package stores picks the backend.
func (c *Config) DSN() string {
	if c.DatabaseURL == "" {
		return filepath.Join(c.DataDir, "flashback.db")
	}
	return c.DatabaseURL
}

// Location returns the site's default time zone; Validate has checked it.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ensureDataDir creates the data directory with private permissions.
func ensureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	return nil
}
