package flashback

import (
	"strings"
	"testing"
	"time"
)

func TestConfirmLimitAllow(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := ConfirmLimit{Max: 3, Window: 24 * time.Hour, MinGap: 2 * time.Minute}
	cases := []struct {
		name  string
		limit ConfirmLimit
		sent  int
		last  time.Time
		err   string // part of the message; "" for allowed
	}{
		{"First", l, 0, time.Time{}, ""},
		{"UnderMaxAfterGap", l, 2, now.Add(-3 * time.Minute), ""},
		{"AtMax", l, 3, now.Add(-time.Hour), "already sent 3 e-mails"},
		{"WithinGap", l, 1, now.Add(-30 * time.Second), "again in 2 minutes"},
		{"AlmostPastGap", l, 1, now.Add(-119 * time.Second), "again in 1 minute."},
		{"NoLimit", ConfirmLimit{}, 100, now, ""},
		{"NoGap", ConfirmLimit{Max: 3, Window: time.Hour}, 1, now, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.limit.Allow(c.sent, c.last, now)
			if c.err == "" {
				if err != nil {
					t.Errorf("Allow = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != ETOOMANY || !strings.Contains(ErrorMessage(err), c.err) {
				t.Errorf("Allow = %v, want ETOOMANY with %q", err, c.err)
			}
		})
	}
}
