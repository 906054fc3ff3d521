package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flashback/corpus/bsdcal"
)

// fakeCalendarDir writes a source directory with every default file (one
// entry each, named after the file) and a licence notice.
func fakeCalendarDir(t *testing.T) (src, notice string) {
	t.Helper()
	src = t.TempDir()
	for _, name := range bsdcal.DefaultFiles() {
		body := "/* " + name + " */\n01/01\tAn entry of " + name + ", 1900\n"
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	notice = filepath.Join(t.TempDir(), "copyright")
	if err := os.WriteFile(notice, []byte("BSD licence text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return src, notice
}

func TestRunCopiesFilesAndNotice(t *testing.T) {
	src, notice := fakeCalendarDir(t)
	out := filepath.Join(t.TempDir(), "bundled")
	// A file from an earlier, longer list must go.
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "calendar.lotr")
	if err := os.WriteFile(stale, []byte("01/01\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-src", src, "-copyright", notice, "-out", out, "-package", "flashback-no-such-package"}
	if err := run(args, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, name := range bsdcal.DefaultFiles() {
		want, _ := os.ReadFile(filepath.Join(src, name))
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s not copied byte for byte (err %v)", name, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(out, "COPYRIGHT")); string(got) != "BSD licence text\n" {
		t.Errorf("COPYRIGHT = %q", got)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale calendar.lotr still there (err %v)", err)
	}
	source, err := os.ReadFile(filepath.Join(out, "SOURCE"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"version unknown", "calendar.history", "COPYRIGHT"} {
		if !strings.Contains(string(source), want) {
			t.Errorf("SOURCE lacks %q:\n%s", want, source)
		}
	}

	// Reproducible: a second run writes the same SOURCE.
	if err := run(args, io.Discard); err != nil {
		t.Fatalf("second run: %v", err)
	}
	again, _ := os.ReadFile(filepath.Join(out, "SOURCE"))
	if !bytes.Equal(again, source) {
		t.Errorf("SOURCE changed between runs:\n%s\n---\n%s", source, again)
	}
}

func TestRunRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, src, notice string) []string
		want  string
	}{
		{"MissingFile", func(t *testing.T, src, notice string) []string {
			os.Remove(filepath.Join(src, "calendar.music"))
			return []string{"-src", src, "-copyright", notice}
		}, "calendar.music"},
		{"NotACalendarFile", func(t *testing.T, src, notice string) []string {
			os.WriteFile(filepath.Join(src, "calendar.history"), []byte("<html></html>\n"), 0o644)
			return []string{"-src", src, "-copyright", notice}
		}, "no dated entries"},
		{"MissingNotice", func(t *testing.T, src, notice string) []string {
			return []string{"-src", src, "-copyright", filepath.Join(src, "nothing")}
		}, "licence notice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, notice := fakeCalendarDir(t)
			args := append(tt.setup(t, src, notice), "-out", t.TempDir())
			err := run(args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
