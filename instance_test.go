package flashback_test

import (
	"testing"
	"time"

	"flashback"
)

func TestClaimFreeAt(t *testing.T) {
	now := time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)
	lease := now.Add(10 * time.Minute)
	self := flashback.Instance{ID: "host-a", StartedAt: now.Add(-time.Minute)}
	owner := func(id string, started, beat time.Time) *flashback.LeaseOwner {
		return &flashback.LeaseOwner{Instance: flashback.Instance{ID: id, StartedAt: started}, Heartbeat: beat}
	}
	tests := []struct {
		name  string
		owner *flashback.LeaseOwner
		want  time.Time
	}{
		{"NoOwnerWaitsForTheLease", nil, lease},
		{"OwnClaimWaitsForTheLease", owner(self.ID, self.StartedAt, now), lease},
		{"EarlierRunOfSelfIsDead", owner(self.ID, now.Add(-time.Hour), now), time.Time{}},
		{"LaterRunOfSelfIsAnotherInstance", owner(self.ID, now, now), now.Add(flashback.OwnerDeadAfter)},
		{"LiveOwnerDiesAfterMissedHeartbeats", owner("host-b", now.Add(-time.Hour), now), now.Add(flashback.OwnerDeadAfter)},
		{"SilentOwnerIsAlreadyDead", owner("host-b", now.Add(-time.Hour), now.Add(-time.Hour)), now.Add(-time.Hour + flashback.OwnerDeadAfter)},
		{"OwnerWithoutRecordIsDead", owner("host-b", now.Add(-time.Hour), time.Time{}), time.Time{}},
		{"LeaseEndsBeforeTheOwnerDies", owner("host-b", now, now.Add(time.Hour)), lease},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flashback.ClaimFreeAt(lease, tt.owner, self); !got.Equal(tt.want) {
				t.Errorf("ClaimFreeAt = %v, want %v", got, tt.want)
			}
		})
	}
}

// A claim's owner comes back from the ledger as the store keeps it, and a
// run must still know its own claims: taken for an earlier run of its ID,
// they were free at once, and a digest still on its way when its claim came
// up for a recheck would be claimed and sent again.
func TestClaimFreeAt_OwnRunAsStored(t *testing.T) {
	now := time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)
	lease := now.Add(10 * time.Minute)
	// As serve names itself: the wall clock with its nanoseconds, in the
	// machine's zone, with a monotonic reading.
	started := time.Now()
	self := flashback.Instance{ID: "host-a", StartedAt: started}
	tests := []struct {
		name   string
		stored time.Time
	}{
		{"MicrosecondsInUTC", started.UTC().Truncate(time.Microsecond)},
		{"AnotherZone", started.In(time.FixedZone("UTC+5:30", 5*3600+1800))},
		{"NoMonotonicReading", started.Round(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			owner := &flashback.LeaseOwner{Instance: flashback.Instance{ID: self.ID, StartedAt: tt.stored}, Heartbeat: now}
			if got := flashback.ClaimFreeAt(lease, owner, self); !got.Equal(lease) {
				t.Errorf("own claim free at %v, want at the lease's end %v", got, lease)
			}
			if !owner.SameRun(self) || !self.SameRun(owner.Instance) {
				t.Error("SameRun does not know the run")
			}
		})
	}
	earlier := flashback.Instance{ID: self.ID, StartedAt: started.Add(-time.Microsecond)}
	if earlier.SameRun(self) {
		t.Error("a run a microsecond earlier is taken for this one")
	}
}
