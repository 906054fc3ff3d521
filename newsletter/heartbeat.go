package newsletter

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"flashback"
)

// beat keeps an instance's record fresh while it claims digests, so that
// other instances leave its claims alone (flashback.ClaimFreeAt).
type beat struct {
	svc  *Service
	inst flashback.Instance
	last atomic.Int64 // Service.Clock of the latest recorded heartbeat, in Unix ns
	stop func()
}

// startBeat records a first heartbeat, which must succeed before any
// claim (a claim whose owner has no record is free to all), and renews it
// every flashback.HeartbeatEvery until stop. Stopping records a last one:
// its synced commit also takes the pass's last outcomes to disk.
func startBeat(ctx context.Context, svc *Service, inst flashback.Instance) (*beat, error) {
	b := &beat{svc: svc, inst: inst}
	if err := b.once(ctx); err != nil {
		return nil, fmt.Errorf("register instance %s: %w", inst.ID, err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(flashback.HeartbeatEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if err := b.once(ctx); err != nil {
				svc.Logger.Error("newsletter: heartbeat", "instance", inst.ID, "err", err)
			}
		}
	}()
	b.stop = func() {
		cancel()
		<-done
		if err := b.once(context.Background()); err != nil {
			svc.Logger.Error("newsletter: last heartbeat", "instance", inst.ID, "err", err)
		}
	}
	return b, nil
}

func (b *beat) once(ctx context.Context) error {
	now := b.svc.Clock()
	if err := b.svc.Deliveries.Heartbeat(ctx, b.inst); err != nil {
		return err
	}
	b.last.Store(now.UnixNano())
	return nil
}

// fresh reports whether other instances still take this one for alive, by
// a margin of one heartbeat: a claim is handed back rather than sent when
// its owner has missed heartbeats.
func (b *beat) fresh(now time.Time) bool {
	return now.Sub(time.Unix(0, b.last.Load())) < flashback.OwnerDeadAfter-flashback.HeartbeatEvery
}
