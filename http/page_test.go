package http_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"flashback"
	fhttp "flashback/http"
)

func TestPageParam(t *testing.T) {
	cases := []struct {
		name, query string
		want        int // 0: refused
	}{
		{"Absent", "", 1},
		{"First", "page=1", 1},
		{"Later", "page=7", 7},
		{"TheBound", "page=1000000000", fhttp.MaxPage},
		{"PastTheBound", "page=1000000001", 0},
		{"PastInt64", "page=99999999999999999999", 0},
		{"Zero", "page=0", 0},
		{"Negative", "page=-1", 0},
		{"Word", "page=two", 0},
		{"Fraction", "page=1.5", 0},
		{"EncodedPlus", "page=%2B2", 2},
		{"PlusIsASpace", "page=+2", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := fhttp.PageParam(httptest.NewRequest("GET", "/list?"+c.query, nil))
			if c.want != 0 {
				if err != nil || got != c.want {
					t.Fatalf("PageParam = %d, %v; want %d", got, err, c.want)
				}
				return
			}
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("PageParam = %d, %v; want an EINVALID error", got, err)
			}
			// The reader is told the bound, not that a large number is
			// no whole number; the number itself is not repeated.
			msg := flashback.ErrorMessage(err)
			if !strings.Contains(msg, "from 1 to 1,000,000,000") || strings.Contains(msg, "99999") {
				t.Errorf("message %q", msg)
			}
		})
	}
}
