package main

import (
	"bytes"
	"strings"
	"testing"
)

// The command runs over the real errata and prints a table whose last
// line of figures covers them all.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v", err)
	}
	text := out.String()
	for _, want := range []string{"reviewed", "corrected", "withdrawn", "all", "bundled events."} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	t.Logf("\n%s", text)
}
