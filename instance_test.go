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
