package app

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// wikiLang matches a Wikipedia language code: "en", "pt", "zh-yue", "simple".
var wikiLang = regexp.MustCompile(`^[a-z]{2,12}(-[a-z]{2,8})*$`)

// validateWikimedia checks the FLASHBACK_WIKIMEDIA_* settings.
func (c *Config) validateWikimedia() []error {
	var errs []error
	if u, err := url.Parse(c.WikimediaAPI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("the Wikimedia API %q must be an absolute http:// or https:// URL", c.WikimediaAPI))
	}
	if c.WikimediaSync != "" {
		if !wikiLang.MatchString(c.WikimediaSync) {
			errs = append(errs, fmt.Errorf("the Wikimedia sync language %q: name a Wikipedia language such as en or de", c.WikimediaSync))
		}
		if err := c.requireWikimediaContact(); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// requireWikimediaContact refuses to talk to Wikimedia anonymously: its
// API policy asks every client for a way to reach whoever runs it.
func (c *Config) requireWikimediaContact() error {
	contact := strings.TrimSpace(c.WikimediaContact)
	if contact == "" {
		return errors.New("set FLASHBACK_WIKIMEDIA_CONTACT (or -wikimedia-contact) to your e-mail address or web site: Wikimedia asks every client for a way to reach its operator")
	}
	if strings.ContainsAny(contact, "()\r\n") {
		return fmt.Errorf("the Wikimedia contact %q must not contain parentheses or line breaks (it goes into the User-Agent)", contact)
	}
	return nil
}

// wikimediaBase is the API base without a trailing slash.
func (c *Config) wikimediaBase() string { return strings.TrimRight(c.WikimediaAPI, "/") }
