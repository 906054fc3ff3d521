package flashback_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"flashback"
)

func TestCleanLine(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"Plain", "Apollo 11 lands on the Moon", "Apollo 11 lands on the Moon"},
		{"CRLF", "Apollo 11\r\nlands", "Apollo 11 lands"},
		{"LoneCR", "Apollo\rlands", "Apollo lands"},
		{"HeaderInjection", "hi\r\nBcc: victim@example.org", "hi Bcc: victim@example.org"},
		{"UnicodeSeparators", "a\u2028b\u2029c\u0085d", "a b c d"},
		{"VerticalTabAndFormFeed", "a\vb\fc", "a b c"},
		{"RunsOfSpace", "  a \t  b  ", "a b"},
		{"BidiOverride", "abc\u202Eevil\u202C", "abcevil"},
		{"BidiIsolates", "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"ControlsAndBOM", "\ufeffa\x00b\x1bc\x7f\u009bd", "abcd"},
		{"JoinersAndMarksStay", "\u05e9\u200f\u05dc \U0001F469\u200D\U0001F52C", "\u05e9\u200f\u05dc \U0001F469\u200D\U0001F52C"},
		{"Accents", "Ünïcödé “quotes”", "Ünïcödé “quotes”"},
		{"OnlyInvisible", "\u202e\r\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flashback.CleanLine("The headline", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("InvalidUTF8", func(t *testing.T) {
		_, err := flashback.CleanLine("The headline", "caf\xe9")
		if flashback.ErrorCode(err) != flashback.EINVALID || !strings.HasPrefix(flashback.ErrorMessage(err), "The headline ") {
			t.Errorf("err = %v, want EINVALID naming the field", err)
		}
	})
}

func TestCleanText(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"Plain", "one\ntwo\n\n\tcode", "one\ntwo\n\n\tcode"},
		{"CRLF", "one\r\ntwo\r\n", "one\ntwo\n"},
		{"LoneCR", "one\rtwo", "one\ntwo"},
		{"UnicodeSeparators", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"SpacesKept", "  indented  twice", "  indented  twice"},
		{"BidiAndControls", "a\u202Eb\x00c\x1bd\u2066e", "abcde"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flashback.CleanText("The message", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("InvalidUTF8", func(t *testing.T) {
		if _, err := flashback.CleanText("The message", "ok\n\xff"); flashback.ErrorCode(err) != flashback.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
}

func TestFoldLine_InvalidUTF8IsReplaced(t *testing.T) {
	if got := flashback.FoldLine("caf\xe9\r\nau lait"); got != "caf\uFFFD au lait" {
		t.Errorf("FoldLine = %q", got)
	}
}

// Whatever comes in, a cleaned line is valid UTF-8 with no line break, no
// control and no bidi control, is trimmed, and cleaning it again changes
// nothing; cleaned text keeps its lines but has no "\r".
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "\u202e\u2066x", "caf\xe9", " a  b ", "\u2028\u0085\v", "\r\r\n\n", "\U0001F469\u200D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := flashback.FoldLine(s)
		if !utf8.ValidString(line) || strings.TrimSpace(line) != line {
			t.Fatalf("FoldLine(%q) = %q: invalid or untrimmed", s, line)
		}
		for _, r := range line {
			if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("FoldLine(%q) = %q keeps %U", s, line, r)
			}
		}
		if again := flashback.FoldLine(line); again != line {
			t.Fatalf("FoldLine not idempotent: %q then %q", line, again)
		}
		text, err := flashback.CleanText("x", s)
		if err != nil {
			if utf8.ValidString(s) {
				t.Fatalf("CleanText(%q) refused valid UTF-8: %v", s, err)
			}
			return
		}
		if strings.ContainsAny(text, "\r\u2028\u2029\u0085\x00\u202e") {
			t.Fatalf("CleanText(%q) = %q keeps a break or control", s, text)
		}
		if again, _ := flashback.CleanText("x", text); again != text {
			t.Fatalf("CleanText not idempotent: %q then %q", text, again)
		}
	})
}
