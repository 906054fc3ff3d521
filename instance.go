package flashback

import "time"

// Instance is one run of a Flashback process that claims digests. ID names
// the installation and stays the same across its restarts; no two running
// processes may share it (serve keeps it in its data directory, under a
// lock). StartedAt tells the runs of one ID apart.
type Instance struct {
	ID        string
	StartedAt time.Time
}

// SameRun reports whether i and o are the same run. A run read back from a
// store is not == the one in memory: the stores keep StartedAt to the
// microsecond, in UTC, without the monotonic clock reading. Runs of one ID
// start well over a microsecond apart, so that precision tells them apart.
func (i Instance) SameRun(o Instance) bool {
	return i.ID == o.ID && i.started().Equal(o.started())
}

// started is StartedAt at the precision every store keeps.
func (i Instance) started() time.Time { return i.StartedAt.Truncate(time.Microsecond) }

// IsZero reports an instance that was never named: its claims carry no
// owner and end with their lease.
func (i Instance) IsZero() bool { return i.ID == "" }

// A running instance renews its record every HeartbeatEvery. Once its
// latest heartbeat is OwnerDeadAfter old (three missed), it is taken for
// dead and other instances take its claims over.
const (
	HeartbeatEvery = 15 * time.Second
	OwnerDeadAfter = 3 * HeartbeatEvery
)

// LeaseOwner is the instance holding a claim, as the ledger knows it.
type LeaseOwner struct {
	Instance
	// Heartbeat is the owner's latest; zero when its record is gone
	// (records are pruned long after the last heartbeat).
	Heartbeat time.Time
}

// ClaimFreeAt returns when self may take over a claim whose lease runs
// until lease and whose owner is owner (nil when the claim names none).
// The zero time means at once.
//
// A claim is exclusive until its lease ends, except that a dead owner's
// claims are free sooner: an earlier run of self's own ID is dead for
// certain (IDs are never shared by running processes), an owner whose
// record is gone is dead (a store forgets a run once a later run of its ID
// registers, so that every instance knows it dead, and any instance long
// silent), and any other owner is dead once its heartbeat is
// OwnerDeadAfter old.
func ClaimFreeAt(lease time.Time, owner *LeaseOwner, self Instance) time.Time {
	switch {
	case owner == nil || owner.IsZero() || owner.SameRun(self):
		return lease
	case owner.ID == self.ID && owner.started().Before(self.started()):
		return time.Time{}
	case owner.Heartbeat.IsZero():
		return time.Time{}
	}
	dead := owner.Heartbeat.Add(OwnerDeadAfter)
	if dead.Before(lease) {
		return dead
	}
	return lease
}
