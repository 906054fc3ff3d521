package sqlite_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

// BenchmarkReserveTokens measures what a chunked limiter pays the store
// per reservation, for one client at a time and for many at once (the
// group commit's case), each a key of its own as clients are.
func BenchmarkReserveTokens(b *testing.B) {
	rate := flashback.Rate{Burst: 1 << 20, Every: time.Millisecond}
	for _, bc := range []struct {
		name     string
		parallel bool
	}{{"OneAtATime", false}, {"Concurrent", true}} {
		b.Run(bc.name, func(b *testing.B) {
			s := sqlite.NewLimitStore(MustOpenDB(b))
			var n atomic.Int64
			reserve := func() {
				k := flashback.LimitKey{Key: fmt.Appendf(nil, "client-%d", n.Add(1)%10000), Rate: rate}
				if _, _, err := s.ReserveTokens(context.Background(), k, 16); err != nil {
					b.Error(err)
				}
			}
			b.ReportAllocs()
			if !bc.parallel {
				for b.Loop() {
					reserve()
				}
				return
			}
			b.SetParallelism(32)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					reserve()
				}
			})
		})
	}
}
