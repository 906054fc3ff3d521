package flashback

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"testing"
	"time"
)

// tieBreak decides which of equal candidates leads, so it must not change
// with how it is computed: it is checked against hash/fnv over the string
// it hashed before it was written out.
func TestTieBreak_SameAsFNV(t *testing.T) {
	want := func(date CivilDate, id int64) int {
		h := fnv.New32a()
		h.Write([]byte(fmt.Sprintf("%04d-%02d-%02d", date.Year, date.Month, date.Day) + "/" + strconv.FormatInt(id, 10)))
		return int(h.Sum32() % 1000)
	}
	dates := []CivilDate{{2026, time.January, 31}, {2024, time.February, 29}, {1, time.March, 1},
		{0, time.December, 31}, {-44, time.March, 15}, {12345, time.July, 4}}
	for _, d := range dates {
		for _, id := range []int64{1, 7, 999, 123456, 1 << 40, -3} {
			if got, w := tieBreak(d, id), want(d, id); got != w {
				t.Errorf("tieBreak(%v, %d) = %d, want %d", d, id, got, w)
			}
		}
	}
}

// CivilDate's text is fmt's "%04d-%02d-%02d", signs and all.
func TestCivilDate_AppendTo(t *testing.T) {
	tests := []struct {
		name string
		d    CivilDate
	}{
		{"Ordinary", CivilDate{2026, time.January, 31}},
		{"LeapDay", CivilDate{2024, time.February, 29}},
		{"YearOne", CivilDate{1, time.March, 1}},
		{"YearZero", CivilDate{0, time.December, 31}},
		{"BC", CivilDate{-44, time.March, 15}},
		{"LongBC", CivilDate{-12345, time.May, 5}},
		{"FiveDigits", CivilDate{12345, time.July, 4}},
		{"Zero", CivilDate{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := fmt.Sprintf("%04d-%02d-%02d", tt.d.Year, tt.d.Month, tt.d.Day)
			if got := tt.d.String(); got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
			if got := string(tt.d.AppendTo([]byte("x"))); got != "x"+want {
				t.Errorf("AppendTo = %q, want %q", got, "x"+want)
			}
		})
	}
}

func BenchmarkTieBreak(b *testing.B) {
	d := CivilDate{2026, time.December, 3}
	b.ReportAllocs()
	for i := range b.N {
		tieBreak(d, int64(i))
	}
}
