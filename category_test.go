package flashback_test

import (
	"testing"

	"flashback"
)

func TestFindCategory(t *testing.T) {
	cats := []*flashback.Category{{Slug: "music", Name: "Music"}, {Slug: "births", Name: "Births"}}
	tests := []struct {
		name, slug, want string
		ok               bool
	}{{"Found", "births", "Births", true}, {"Missing", "sport", "", false}, {"CaseMatters", "Music", "", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := flashback.FindCategory(cats, tt.slug)
			if ok != tt.ok || (ok && c.Name != tt.want) {
				t.Errorf("FindCategory(%q) = %v, %v", tt.slug, c, ok)
			}
		})
	}
}
