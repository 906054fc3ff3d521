package mail

import (
	"testing"
)

func TestAppendDotStuffed(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"NoDots", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"FirstLine", ".a\r\n", "..a\r\n"},
		{"LoneDot", "a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n"},
		{"DoubleDot", "a\r\n..b\r\n", "a\r\n...b\r\n"},
		{"DotsInLine", "a.b.\r\nc\r\n", "a.b.\r\nc\r\n"},
		{"Consecutive", "x\r\n.\r\n.\r\n", "x\r\n..\r\n..\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendDotStuffed([]byte("prefix"), []byte(tc.in)))
			if got != "prefix"+tc.want {
				t.Errorf("got %q, want %q", got, "prefix"+tc.want)
			}
		})
	}
}

func TestCRLFLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"CRLFLines", "a\r\nb\r\n", true},
		{"EmptyLines", "\r\n\r\n", true},
		{"BareLF", "a\nb\r\n", false},
		{"BareLFFirst", "\na\r\n", false},
		{"BareLFAfterCRLF", "a\r\n\nb\r\n", false},
		{"BareCR", "a\rb\r\n", false},
		{"Unterminated", "a\r\nb", false},
		{"CRBeforeCRLF", "a\r\r\nb\r\n", false},
		{"Empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := crlfLines([]byte(tc.in)); got != tc.want {
				t.Errorf("crlfLines(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
