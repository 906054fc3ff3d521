package app_test

import (
	"net/http"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
)

// A site configured with an https base URL says so to browsers: HSTS on
// every response and a Secure zone cookie. It listens on plain HTTP here,
// as it does behind a proxy that ends TLS.
func TestHTTPSBaseURL_HSTSAndSecureCookie(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Timezone = "UTC"
	cfg.BaseURL = "https://flashback.example"
	m := mustOpenMainWith(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), cfg)
	res, err := http.Get(m.HTTP.URL() + "/?tz=Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security = %q", got)
	}
	var secure bool
	for _, c := range res.Cookies() {
		secure = secure || (c.Name == "tz" && c.Secure)
	}
	if !secure {
		t.Errorf("tz cookie not Secure: %v", res.Header["Set-Cookie"])
	}
}
