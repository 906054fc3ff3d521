package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"flashback"
	"flashback/ical"
)

var stamp = time.Date(2026, 1, 31, 9, 30, 0, 0, time.UTC)

func decode(t *testing.T, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("a real parser refuses it: %v\n%s", err, b)
	}
	return cal
}

// checkLines fails on a line without CRLF or longer than 75 octets.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatal("the file does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(l) > 75 || strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has %d octets or a bare line end: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
	}
}

func TestEncode(t *testing.T) {
	long := strings.Repeat("Ünïcödé text, with; all \\ the escapes. ", 6)
	cal := &ical.Calendar{
		ProdID: "-//Flashback//Test//EN", Name: "Flashback: Music", Refresh: 24 * time.Hour,
		Events: []ical.Event{{
			UID: "event-1@flashback.example", Stamp: stamp, Start: flashback.CivilDate{Year: 2000, Month: time.January, Day: 31},
			RRule:   "FREQ=YEARLY",
			Except:  []flashback.CivilDate{{Year: 2026, Month: time.January, Day: 31}, {Year: 2027, Month: time.January, Day: 31}},
			Summary: "Trotsky exiled (1929)", Description: long + "\nSecond line", URL: "https://flashback.example/events/1/trotsky",
			Categories: []string{"World History", "a, b"},
		}, {
			UID: "event-1-100@flashback.example", Stamp: stamp, Start: flashback.CivilDate{Year: 2029, Month: time.January, Day: 31},
			Summary: "100th anniversary: Trotsky exiled",
		}},
	}
	b := cal.Encode()
	checkLines(t, b)
	parsed := decode(t, b)
	events := parsed.Events()
	if len(events) != 2 {
		t.Fatalf("%d events", len(events))
	}
	tests := []struct {
		name string
		prop string
		want string
	}{
		{"Summary", goical.PropSummary, "Trotsky exiled (1929)"},
		{"Description", goical.PropDescription, long + "\nSecond line"},
		{"URL", goical.PropURL, "https://flashback.example/events/1/trotsky"},
		{"UID", goical.PropUID, "event-1@flashback.example"},
		{"Rule", goical.PropRecurrenceRule, "FREQ=YEARLY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := events[0].Props.Get(tt.prop)
			if p == nil {
				t.Fatalf("no %s", tt.prop)
			}
			got := p.Value
			if tt.prop == goical.PropSummary || tt.prop == goical.PropDescription {
				got, _ = p.Text()
			}
			if got != tt.want {
				t.Errorf("%s = %q, want %q", tt.prop, got, tt.want)
			}
		})
	}
	t.Run("Categories", func(t *testing.T) {
		got, err := events[0].Props.Get(goical.PropCategories).TextList()
		if err != nil || len(got) != 2 || got[0] != "World History" || got[1] != "a, b" {
			t.Errorf("categories %q, %v", got, err)
		}
	})
	t.Run("AllDay", func(t *testing.T) {
		start, err := events[1].DateTimeStart(time.UTC)
		end, err2 := events[1].DateTimeEnd(time.UTC)
		if err != nil || err2 != nil || !start.Equal(time.Date(2029, 1, 31, 0, 0, 0, 0, time.UTC)) || end.Sub(start) != 24*time.Hour {
			t.Errorf("start %v end %v (%v, %v)", start, end, err, err2)
		}
		if events[1].Props.Get(goical.PropDateTimeStart).ValueType() != goical.ValueDate {
			t.Error("DTSTART is not a DATE")
		}
	})
	t.Run("Except", func(t *testing.T) {
		if n := len(events[0].Props.Values(goical.PropExceptionDates)); n != 2 {
			t.Errorf("%d EXDATEs, want 2", n)
		}
	})
	t.Run("Calendar", func(t *testing.T) {
		for _, want := range []string{"VERSION:2.0\r\n", "X-WR-CALNAME:Flashback: Music\r\n", "REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n", "DTSTAMP:20260131T093000Z\r\n"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("no %q", want)
			}
		}
	})
}

// FuzzText: any text survives escaping and folding as a real parser reads
// it back, control characters and invalid UTF-8 aside, and no line is
// longer than 75 octets.
func FuzzText(f *testing.F) {
	for _, s := range []string{"plain", "a;b,c\\d", "line\nbreak\r\nand CR\r", strings.Repeat("é", 80), "\x00\x7f", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cal := &ical.Calendar{ProdID: "-//x//y//EN", Events: []ical.Event{{UID: "u", Stamp: stamp,
			Start: flashback.CivilDate{Year: 2000, Month: 1, Day: 1}, Summary: s}}}
		b := cal.Encode()
		checkLines(t, b)
		got, err := decode(t, b).Events()[0].Props.Get(goical.PropSummary).Text()
		if err != nil {
			t.Fatal(err)
		}
		if want := kept(s); got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	})
}

// kept is s as TEXT can hold it: line ends as \n, without other control
// characters or invalid bytes.
func kept(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n':
			b.WriteByte('\n')
		case r == '\t' || (r >= 0x20 && r != 0x7f && r != utf8.RuneError):
			b.WriteRune(r)
		}
	}
	return b.String()
}
