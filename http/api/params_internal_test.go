package api

import (
	"testing"
	"time"

	"flashback"
)

func TestMonthDay(t *testing.T) {
	tests := []struct {
		name       string
		month, day string
		want       flashback.MonthDay
		ok         bool
	}{
		{"Padded", "01", "31", flashback.MonthDay{Month: time.January, Day: 31}, true},
		{"Unpadded", "1", "5", flashback.MonthDay{Month: time.January, Day: 5}, true},
		{"LeapDay", "02", "29", flashback.MonthDay{Month: time.February, Day: 29}, true},
		{"NoSuchDay", "02", "30", flashback.MonthDay{}, false},
		{"MonthZero", "00", "10", flashback.MonthDay{}, false},
		{"Signed", "+1", "10", flashback.MonthDay{}, false},
		{"ThreeDigits", "001", "10", flashback.MonthDay{}, false},
		{"Empty", "", "10", flashback.MonthDay{}, false},
		{"NotDigits", "٠١", "10", flashback.MonthDay{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := monthDay(tt.month, tt.day)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("monthDay(%q, %q) = %v, %v", tt.month, tt.day, got, err)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("error code %q, want invalid", flashback.ErrorCode(err))
			}
		})
	}
}

// FuzzMonthDay: any input is a valid day or an EINVALID error that does
// not repeat it.
func FuzzMonthDay(f *testing.F) {
	for _, s := range [][2]string{{"01", "31"}, {"2", "29"}, {"13", "1"}, {"-1", "5"}, {"1\x00", "1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, month, day string) {
		md, err := monthDay(month, day)
		if err != nil {
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("code %q", flashback.ErrorCode(err))
			}
			return
		}
		if !md.Valid() {
			t.Fatalf("%q/%q gave invalid %v", month, day, md)
		}
	})
}

// FuzzEventID: an id is accepted only as a positive number that prints
// back as what was given, leading zeros aside.
func FuzzEventID(f *testing.F) {
	for _, s := range []string{"1", "0", "-5", "+5", "99999999999999999999", "007", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := eventID(s)
		if err != nil {
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("code %q", flashback.ErrorCode(err))
			}
			return
		}
		if id <= 0 {
			t.Fatalf("%q gave %d", s, id)
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				t.Fatalf("%q accepted with %q in it", s, c)
			}
		}
	})
}

func TestListType(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{{"Known", "births", true}, {"Unknown", "bird", false}, {"Case", "Births", false}, {"Empty", "", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := listType(tt.in, editionTypes); (err == nil) != tt.ok {
				t.Errorf("listType(%q): %v", tt.in, err)
			}
		})
	}
}
