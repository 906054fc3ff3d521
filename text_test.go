package flashback_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"flashback"
)

func TestClean(t *testing.T) {
	line, text := flashback.CleanLine, flashback.CleanText
	for _, tt := range []struct {
		name     string
		clean    func(what, s string) (string, error)
		in, want string
	}{
		{"LinePlain", line, "Apollo 11 lands on the Moon", "Apollo 11 lands on the Moon"},
		{"LineCRLF", line, "Apollo 11\r\nlands", "Apollo 11 lands"},
		{"LineLoneCR", line, "Apollo\rlands", "Apollo lands"},
		{"LineHeaderInjection", line, "hi\r\nBcc: victim@example.org", "hi Bcc: victim@example.org"},
		{"LineUnicodeSeparators", line, "a\u2028b\u2029c\u0085d", "a b c d"},
		{"LineVerticalTabAndFormFeed", line, "a\vb\fc", "a b c"},
		{"LineRunsOfSpace", line, "  a \t  b  ", "a b"},
		{"LineBidiOverride", line, "abc\u202Eevil\u202C", "abcevil"},
		{"LineBidiIsolates", line, "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"LineControlsAndBOM", line, "\ufeffa\x00b\x1bc\x7f\u009bd", "abcd"},
		{"LineJoinersAndMarksStay", line, "\u05e9\u200f\u05dc \U0001F469\u200D\U0001F52C", "\u05e9\u200f\u05dc \U0001F469\u200D\U0001F52C"},
		{"LineAccents", line, "Ünïcödé “quotes”", "Ünïcödé “quotes”"},
		{"LineOnlyInvisible", line, "\u202e\r\n", ""},
		{"TextPlain", text, "one\ntwo\n\n\tcode", "one\ntwo\n\n\tcode"},
		{"TextCRLF", text, "one\r\ntwo\r\n", "one\ntwo\n"},
		{"TextLoneCR", text, "one\rtwo", "one\ntwo"},
		{"TextUnicodeSeparators", text, "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"TextSpacesKept", text, "  indented  twice", "  indented  twice"},
		{"TextBidiAndControls", text, "a\u202Eb\x00c\x1bd\u2066e", "abcde"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.clean("The field", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for name, clean := range map[string]func(what, s string) (string, error){"Line": line, "Text": text} {
		t.Run(name+"InvalidUTF8", func(t *testing.T) {
			_, err := clean("The headline", "ok\ncaf\xe9")
			if flashback.ErrorCode(err) != flashback.EINVALID || !strings.HasPrefix(flashback.ErrorMessage(err), "The headline ") {
				t.Errorf("err = %v, want EINVALID naming the field", err)
			}
		})
	}
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
