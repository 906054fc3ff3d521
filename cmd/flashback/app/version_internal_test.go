package app

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"NoVCS", "(devel)", nil, "(devel)"},
		{"EmptyVersion", "", nil, "(devel)"},
		{"Tagged", "v1.2.3", nil, "v1.2.3"},
		{"Revision", "(devel)", vcs("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false"),
			"(devel) 0123456789ab 2026-12-01T10:00:00Z"},
		{"Dirty", "v1.2.3", vcs("vcs.revision", "abc", "vcs.modified", "true"), "v1.2.3 abc+dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Version: tt.version}, Settings: tt.settings}
			if got := versionOf(bi); got != tt.want {
				t.Errorf("versionOf = %q, want %q", got, tt.want)
			}
		})
	}
}
