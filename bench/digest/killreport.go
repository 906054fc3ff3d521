package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"flashback/mail/smtpsink"
)

// killOutcome is what a kill run did. It passes (check) when no digest was
// lost, every repeat carried its first copy's Message-ID, each kill caused
// at most one repeat per SMTP connection of the killed instance, and the
// digests each kill left in flight were all out within outWithin of it.
type killOutcome struct {
	seed     uint64
	n, conns int
	kills    []*kill
	// runs are the runs that were not killed: the last of each instance.
	runs    []*instanceRun
	elapsed time.Duration // from the first go to the last digest's arrival
	got     smtpsink.Stats
	// unattributed counts repeats to no address any killed run claimed:
	// repeats no kill explains.
	unattributed int
}

// outcome gathers the sink's counts once every run has ended.
func (f *fleet) outcome(seed uint64) (*killOutcome, error) {
	o := &killOutcome{seed: seed, n: f.c.n, conns: f.c.conns, kills: f.kills, runs: f.ended,
		elapsed: f.end.Sub(f.start)}
	got, err := f.sink.stats()
	if err != nil {
		return nil, err
	}
	o.got = got
	// A digest two killed runs had claimed counts for the later kill: only
	// the last run to claim it can have sent it twice.
	seen := map[string]bool{}
	attributed := 0
	for _, k := range slices.Backward(f.kills) {
		var mine []string
		for _, a := range k.claimed {
			if !seen[a] {
				seen[a] = true
				mine = append(mine, a)
			}
		}
		counts, err := f.sink.counts(mine)
		if err != nil {
			return nil, err
		}
		for _, n := range counts {
			k.repeats += max(n-1, 0)
		}
		attributed += k.repeats
	}
	o.unattributed = int(got.Repeats) - attributed
	return o, nil
}

// check says what of the outcome breaks the crash-safety promise.
func (o *killOutcome) check() error {
	var errs []error
	if lost := int64(o.n) - o.got.Recipients; lost != 0 {
		errs = append(errs, fmt.Errorf("%d digests lost", lost))
	}
	if o.got.NewIDs != 0 {
		errs = append(errs, fmt.Errorf("%d repeats carried another Message-ID than the first copy", o.got.NewIDs))
	}
	if o.unattributed != 0 {
		errs = append(errs, fmt.Errorf("%d repeats to digests no killed instance had claimed", o.unattributed))
	}
	for i, k := range o.kills {
		switch {
		case k.repeats > o.conns:
			errs = append(errs, fmt.Errorf("kill %d: %d repeats, more than the %d connections", i+1, k.repeats, o.conns))
		case k.outErr != nil:
			errs = append(errs, fmt.Errorf("kill %d: %w", i+1, k.outErr))
		case k.out > outWithin:
			errs = append(errs, fmt.Errorf("kill %d: its digests were out only %v after it", i+1, k.out.Round(time.Millisecond)))
		}
	}
	for _, r := range o.runs {
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%w: instance %d: %v", errRunFailed, r.slot, r.err))
		}
	}
	return errors.Join(errs...)
}

// print writes the outcome: a line per kill, then the totals.
func (o *killOutcome) print(w *strings.Builder) {
	worstOut, worstRepeats, repeats := time.Duration(0), 0, 0
	for i, k := range o.kills {
		out := fmt.Sprintf("all out %v after the kill", k.out.Round(time.Millisecond))
		if k.outErr != nil {
			out = k.outErr.Error()
		}
		fmt.Fprintf(w, "kill %d at %v: instance %d, which had claimed %d digests, %d of them not at the sink; "+
			"%s; %d repeated\n", i+1, k.at.Round(time.Millisecond), k.slot, len(k.claimed), k.waiting, out, k.repeats)
		worstOut, worstRepeats = max(worstOut, k.out), max(worstRepeats, k.repeats)
		repeats += k.repeats
	}
	for _, r := range o.runs {
		fmt.Fprintf(w, "instance %d's last run, its passes in all: %s; peak RSS %.1f MB\n", r.slot, r.res.Pass, float64(r.res.PeakRSS)/(1<<20))
	}
	fmt.Fprintf(w, "sink: %d messages to %d of %d subscribers in %v: %d lost, %d repeated (%d with another Message-ID)\n",
		o.got.Messages, o.got.Recipients, o.n, o.elapsed.Round(time.Millisecond), int64(o.n)-o.got.Recipients,
		o.got.Repeats, o.got.NewIDs)
	fmt.Fprintf(w, "kills: %d (seed %d); repeats %d in all, at most %d a kill (bound: %d connections); "+
		"slowest kill's digests all out after %v (bound %v)\n", len(o.kills), o.seed, repeats, worstRepeats,
		o.conns, worstOut.Round(time.Millisecond), outWithin)
}
