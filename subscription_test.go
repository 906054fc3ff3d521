package flashback_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

func TestNormalizeEmail(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"Plain", "reader@example.org", "reader@example.org", true},
		{"TrimmedAndLowered", "  Reader@Example.ORG ", "reader@example.org", true},
		{"Plus", "a+news@example.org", "a+news@example.org", true},
		{"Empty", "", "", false},
		{"NoAt", "reader.example.org", "", false},
		{"DisplayName", "Reader <reader@example.org>", "", false},
		{"NoDotInDomain", "reader@localhost", "", false},
		{"IPLiteral", "reader@[127.0.0.1]", "", false},
		{"TwoAddresses", "a@example.org, b@example.org", "", false},
		{"HeaderInjection", "a@example.org\r\nBcc: b@example.org", "", false},
		{"TooLong", string(make([]byte, 300)) + "@example.org", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := flashback.NormalizeEmail(c.in)
			if c.ok != (err == nil) || got != c.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want %q, ok=%v", c.in, got, err, c.want, c.ok)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("code = %q, want invalid", flashback.ErrorCode(err))
			}
		})
	}
}

func TestPreferencesValidate(t *testing.T) {
	cases := []struct {
		name string
		p    flashback.Preferences
		ok   bool
	}{
		{"OK", flashback.Preferences{TimeZone: "Europe/Vienna", WakeHour: 7}, true},
		{"UTC", flashback.Preferences{TimeZone: "UTC", WakeHour: 0, Categories: []string{"music"}}, true},
		{"EmptyZone", flashback.Preferences{TimeZone: "", WakeHour: 7}, false},
		{"LocalZone", flashback.Preferences{TimeZone: "Local", WakeHour: 7}, false},
		{"UnknownZone", flashback.Preferences{TimeZone: "Mars/Olympus", WakeHour: 7}, false},
		{"PathZone", flashback.Preferences{TimeZone: "../../etc/passwd", WakeHour: 7}, false},
		{"Hour24", flashback.Preferences{TimeZone: "UTC", WakeHour: 24}, false},
		{"HourNegative", flashback.Preferences{TimeZone: "UTC", WakeHour: -1}, false},
		{"BadCategory", flashback.Preferences{TimeZone: "UTC", Categories: []string{"Not A Slug"}}, false},
		{"DuplicateCategory", flashback.Preferences{TimeZone: "UTC", Categories: []string{"music", "music"}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.p.Validate()
			if c.ok != (err == nil) {
				t.Fatalf("Validate() = %v, want ok=%v", err, c.ok)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("code = %q, want invalid", flashback.ErrorCode(err))
			}
		})
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestWakeInstant(t *testing.T) {
	cases := []struct {
		name string
		zone string
		date flashback.CivilDate
		hour int
		want time.Time // UTC
	}{
		{"Ordinary", "Europe/Vienna", flashback.CivilDate{Year: 2026, Month: 1, Day: 31}, 7,
			time.Date(2026, 1, 31, 6, 0, 0, 0, time.UTC)},
		{"Summer", "Europe/Vienna", flashback.CivilDate{Year: 2026, Month: 7, Day: 1}, 7,
			time.Date(2026, 7, 1, 5, 0, 0, 0, time.UTC)},
		// 2026-03-08 02:00 does not exist in New York: clocks jump to 03:00
		// EDT, which is the first instant after the missing hour.
		{"SpringForwardGap", "America/New_York", flashback.CivilDate{Year: 2026, Month: 3, Day: 8}, 2,
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		{"SpringForwardAfterGap", "America/New_York", flashback.CivilDate{Year: 2026, Month: 3, Day: 8}, 3,
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		// 2026-11-01 01:00 happens twice in New York (EDT, then EST): the
		// first occurrence counts.
		{"FallBackTwice", "America/New_York", flashback.CivilDate{Year: 2026, Month: 11, Day: 1}, 1,
			time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC)},
		// Lord Howe Island moves by half an hour: 02:00 → 02:30 on 2026-10-04.
		{"HalfHourGap", "Australia/Lord_Howe", flashback.CivilDate{Year: 2026, Month: 10, Day: 4}, 2,
			time.Date(2026, 10, 3, 15, 30, 0, 0, time.UTC)},
		// Samoa skipped 30 December 2011 entirely; the digest for that date
		// goes at the first instant of the 31st.
		{"MissingDay", "Pacific/Apia", flashback.CivilDate{Year: 2011, Month: 12, Day: 30}, 7,
			time.Date(2011, 12, 30, 10, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := flashback.WakeInstant(c.date, c.hour, mustZone(t, c.zone))
			if !got.Equal(c.want) {
				t.Errorf("WakeInstant = %v (%v), want %v", got, got.UTC(), c.want)
			}
		})
	}
}

// TestWakeInstant_EveryDayOfAYear checks, for zones with and without DST,
// that the wake instant is on the right local date at the right hour on
// every ordinary day, and at most a gap later on transition days.
func TestWakeInstant_EveryDayOfAYear(t *testing.T) {
	for _, zone := range []string{"UTC", "Europe/London", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham"} {
		loc := mustZone(t, zone)
		d := flashback.CivilDate{Year: 2026, Month: 1, Day: 1}
		for range 365 {
			for _, hour := range []int{0, 2, 7, 23} {
				got := flashback.WakeInstant(d, hour, loc)
				want := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, time.UTC)
				wall := time.Date(got.Year(), got.Month(), got.Day(), got.Hour(), got.Minute(), 0, 0, time.UTC)
				if wall.Before(want) || wall.Sub(want) > time.Hour {
					t.Fatalf("%s %s %02d:00: got local %v", zone, d, hour, got)
				}
				if prev := got.Add(-time.Minute); localAtLeast(prev.In(loc), want) {
					t.Fatalf("%s %s %02d:00: %v is not the first such instant", zone, d, hour, got)
				}
			}
			d = d.AddDays(1)
		}
	}
}

func localAtLeast(t, wall time.Time) bool {
	w := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
	return !w.Before(wall)
}

func TestFirstDigestDate(t *testing.T) {
	p := flashback.Preferences{TimeZone: "Asia/Tokyo", WakeHour: 7}
	cases := []struct {
		name string
		now  time.Time
		want flashback.CivilDate
	}{
		{"BeforeWakeToday", time.Date(2026, 1, 30, 21, 0, 0, 0, time.UTC), flashback.CivilDate{Year: 2026, Month: 1, Day: 31}},
		{"AtWake", time.Date(2026, 1, 30, 22, 0, 0, 0, time.UTC), flashback.CivilDate{Year: 2026, Month: 2, Day: 1}},
		{"AfterWake", time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC), flashback.CivilDate{Year: 2026, Month: 2, Day: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := flashback.FirstDigestDate(p, c.now)
			if err != nil || got != c.want {
				t.Errorf("FirstDigestDate = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

func TestCivilDateHelpers(t *testing.T) {
	d := flashback.CivilDate{Year: 2024, Month: 2, Day: 28}
	if got := d.AddDays(1); got != (flashback.CivilDate{Year: 2024, Month: 2, Day: 29}) {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := d.AddDays(-59); got != (flashback.CivilDate{Year: 2023, Month: 12, Day: 31}) {
		t.Errorf("AddDays(-59) = %v", got)
	}
	if p, err := flashback.ParseCivilDate(d.String()); err != nil || p != d {
		t.Errorf("ParseCivilDate(%q) = %v, %v", d, p, err)
	}
	if _, err := flashback.ParseCivilDate("2024-02-30"); err == nil {
		t.Error("ParseCivilDate accepted 30 February")
	}
	if !d.Before(d.AddDays(1)) || d.AddDays(1).Before(d) {
		t.Error("Before is wrong")
	}
}

// LoadZone never touches the file system with a path and never accepts
// the server's own zone: whatever it accepts is a named, non-local zone.
func FuzzLoadZone(f *testing.F) {
	for _, seed := range []string{"Europe/Vienna", "UTC", "Local", "", "../../etc/passwd", "/etc/localtime", "Factory", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "a//b", "Europe/../Europe/Vienna"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		loc, err := flashback.LoadZone(name)
		if err != nil {
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("LoadZone(%q): error code %q, want invalid", name, flashback.ErrorCode(err))
			}
			return
		}
		if loc == time.Local || loc.String() != name || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			t.Fatalf("LoadZone(%q) accepted %v", name, loc)
		}
	})
}

func TestNormalizeEmail_InvisibleCharacters(t *testing.T) {
	for _, s := range []string{"a\u202eb@example.org", "ab@exa\u2066mple.org", "a\x00b@example.org"} {
		t.Run(strconv.QuoteToASCII(s), func(t *testing.T) {
			if _, err := flashback.NormalizeEmail(s); flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("NormalizeEmail = %v, want EINVALID", err)
			}
			if err := flashback.ValidateEmail(s); flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("ValidateEmail = %v, want EINVALID", err)
			}
		})
	}
}

// The states an editor looks for over every date are those that did not
// simply go out and are not on their way; the stores index them apart.
func TestDeliveryState_Trouble(t *testing.T) {
	want := map[flashback.DeliveryState]bool{
		flashback.DeliverySent: false, flashback.DeliverySending: false,
		flashback.DeliveryRetry: true, flashback.DeliveryFailed: true, flashback.DeliverySkipped: true,
	}
	for _, s := range flashback.DeliveryStates() {
		t.Run(string(s), func(t *testing.T) {
			w, ok := want[s]
			if !ok {
				t.Fatalf("state %q is new: say whether it is trouble, and index it so", s)
			}
			if got := s.Trouble(); got != w {
				t.Errorf("Trouble() = %v, want %v", got, w)
			}
		})
	}
}

func TestSendCheckReason(t *testing.T) {
	tests := []struct {
		name       string
		found      bool
		status     flashback.SubscriberStatus
		suppressed bool
		want       string
	}{
		{"confirmed", true, flashback.SubscriberConfirmed, false, ""},
		{"deleted", false, "", false, "deleted before sending"},
		{"deleted wins over the rest", false, flashback.SubscriberConfirmed, true, "deleted before sending"},
		{"suppressed", true, flashback.SubscriberConfirmed, true, "address suppressed before sending"},
		{"suppressed and unsubscribed", true, flashback.SubscriberUnsubscribed, true, "address suppressed before sending"},
		{"unsubscribed", true, flashback.SubscriberUnsubscribed, false, "unsubscribed before sending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flashback.SendCheckReason(tt.found, tt.status, tt.suppressed); got != tt.want {
				t.Errorf("SendCheckReason(%v, %q, %v) = %q, want %q", tt.found, tt.status, tt.suppressed, got, tt.want)
			}
		})
	}
}
