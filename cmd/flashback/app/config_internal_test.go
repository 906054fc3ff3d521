package app

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// The public URL follows -addr unless a flag or variable sets it, so that
// a site tried on another port mails links that reach it.
func TestConfig_BaseURLFollowsAddr(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    string
		derived bool
	}{
		{"Default", nil, nil, "http://localhost:8080", true},
		{"OtherPort", []string{"-addr", ":9000"}, nil, "http://localhost:9000", true},
		{"EveryInterface", []string{"-addr", "0.0.0.0:9000"}, nil, "http://localhost:9000", true},
		{"Loopback", []string{"-addr", "127.0.0.1:9000"}, nil, "http://127.0.0.1:9000", true},
		{"IPv6", []string{"-addr", "[::1]:9000"}, nil, "http://[::1]:9000", true},
		{"AddrFromEnvironment", nil, map[string]string{"FLASHBACK_ADDR": ":7000"}, "http://localhost:7000", true},
		{"SetByVariable", []string{"-addr", ":9000"}, map[string]string{"FLASHBACK_BASE_URL": "https://history.example"}, "https://history.example", false},
		{"SetByFlag", []string{"-addr", ":9000", "-base-url", "https://history.example/"}, nil, "https://history.example/", false},
		// Set to what the default would be, it is still set: -addr does
		// not move it.
		{"SetToTheDefault", []string{"-addr", ":9000", "-base-url", "http://localhost:8080"}, nil, "http://localhost:8080", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := parseConfig("migrate", tt.args, func(k string) string { return tt.env[k] }, io.Discard, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.BaseURL != tt.want || cfg.BaseURLDerived() != tt.derived {
				t.Errorf("base URL %q (derived %v), want %q (derived %v)", cfg.BaseURL, cfg.BaseURLDerived(), tt.want, tt.derived)
			}
		})
	}
}

func TestConfig_BadAddrIsAUsageError(t *testing.T) {
	for _, addr := range []string{"localhost", "8080", "[::1"} {
		t.Run(addr, func(t *testing.T) {
			_, _, err := parseConfig("migrate", []string{"-addr", addr}, func(string) string { return "" }, io.Discard, 0, nil)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "listen address") {
				t.Errorf("err = %v, want a usage error about the listen address", err)
			}
		})
	}
}

// Every setting a command's help lists is one of the site's settings, so
// that a misspelt name cannot leave a setting out of a command's help.
func TestSettingsOf_AreSettings(t *testing.T) {
	site := map[string]bool{}
	for _, v := range configVars(&Config{}) {
		site[v.flag] = true
	}
	for cmd, names := range settingsOf {
		for _, n := range names {
			if !site[n] {
				t.Errorf("%s lists %q, which is no setting", cmd, n)
			}
		}
	}
}
