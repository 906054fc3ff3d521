package flashback

import (
	"testing"
	"time"
)

func TestRateTake(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r := Rate{Burst: 2, Every: time.Minute}
	tests := []struct {
		name     string
		b        Bucket
		now      time.Time
		ok       bool
		tokens   float64
		wantWait time.Duration
	}{
		{"NewKeyStartsFull", Bucket{}, t0, true, 1, 0},
		{"Empty", Bucket{Tokens: 0, At: t0}, t0, false, 0, time.Minute},
		{"HalfRefilled", Bucket{Tokens: 0, At: t0}, t0.Add(30 * time.Second), false, 0.5, 30 * time.Second},
		{"Refilled", Bucket{Tokens: 0, At: t0}, t0.Add(time.Minute), true, 0, 0},
		{"NeverAboveBurst", Bucket{Tokens: 0, At: t0}, t0.Add(time.Hour), true, 1, 0},
		{"ClockWentBack", Bucket{Tokens: 1, At: t0}, t0.Add(-time.Hour), true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after, ok, wait := r.Take(tt.b, tt.now)
			if ok != tt.ok || wait != tt.wantWait || after.Tokens != tt.tokens || !after.At.Equal(tt.now) {
				t.Errorf("Take = %+v, %v, %v; want tokens %v, %v, %v", after, ok, wait, tt.tokens, tt.ok, tt.wantWait)
			}
		})
	}
}

func TestTakeAllIsAllOrNone(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	keys := []LimitKey{
		{Key: []byte("a"), Rate: Rate{Burst: 3, Every: time.Minute}},
		{Key: []byte("b"), Rate: Rate{Burst: 1, Every: time.Hour}},
	}
	after, ok, _ := TakeAll(keys, []Bucket{{}, {}}, t0)
	if !ok || after[0].Tokens != 2 || after[1].Tokens != 0 {
		t.Fatalf("first take = %+v, %v", after, ok)
	}
	again, ok, wait := TakeAll(keys, after, t0.Add(time.Minute))
	if ok || again != nil {
		t.Errorf("second take = %+v, %v; want refused with nothing to write", again, ok)
	}
	if wait != 59*time.Minute {
		t.Errorf("wait = %v, want the longest: 59m", wait)
	}
}

func TestRateFullAt(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r := Rate{Burst: 5, Every: time.Minute}
	if got := r.FullAt(Bucket{Tokens: 2, At: t0}); !got.Equal(t0.Add(3 * time.Minute)) {
		t.Errorf("FullAt = %v, want 3 minutes on", got)
	}
	if got := r.FullAt(Bucket{Tokens: 5, At: t0}); !got.Equal(t0) {
		t.Errorf("FullAt of a full bucket = %v, want its own time", got)
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ name, addr, want string }{
		{"IPv4", "198.51.100.7", "198.51.100.7"},
		{"IPv4Mapped", "::ffff:198.51.100.7", "198.51.100.7"},
		{"IPv6GroupedBy64", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"SameSlash64", "2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"OtherSlash64", "2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"Zone", "fe80::1%eth0", "fe80::/64"},
		{"NotAnAddress", "pipe", "pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClientKey(tt.addr); got != tt.want {
				t.Errorf("ClientKey(%q) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
}

func TestLimiterKeysHideTheirInput(t *testing.T) {
	a := &Limiter{Secret: []byte("s1"), Name: "login", Rate: Rate{Burst: 1, Every: time.Minute}}
	b := &Limiter{Secret: []byte("s1"), Name: "contact", Rate: a.Rate}
	ka, kb := a.Key("198.51.100.7"), b.Key("198.51.100.7")
	if string(ka.Key) == string(kb.Key) {
		t.Error("two limiters share a bucket for the same client")
	}
	if len(ka.Key) != 32 || string(ka.Key) == "198.51.100.7" {
		t.Errorf("key %x is not a 32-byte MAC", ka.Key)
	}
}
