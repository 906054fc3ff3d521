package main

import (
	"errors"
	"fmt"
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
	attributed, err := f.attribute()
	if err != nil {
		return nil, err
	}
	o.unattributed = int(got.Repeats) - attributed
	for _, k := range f.kills {
		if k.outErr != nil || k.out > slowKill {
			k.trace = f.traceAround(k)
		}
	}
	return o, nil
}

// attribute counts the repeats each kill caused and returns their sum. A
// digest arriving after a kill of a run that had claimed it, and before
// the next such kill, was sent again because of that kill: its run may
// have sent it without recording so. Such arrivals are repeats, except
// the first when the digest had not arrived before.
func (f *fleet) attribute() (int, error) {
	claimedBy := map[string][]int{} // address → indexes of kills of runs that claimed it
	var addrs []string
	for i, k := range f.kills {
		for _, a := range k.claimed {
			if claimedBy[a] == nil {
				addrs = append(addrs, a)
			}
			claimedBy[a] = append(claimedBy[a], i)
		}
	}
	final, err := f.sink.counts(addrs)
	if err != nil {
		return 0, err
	}
	atKill := make([]map[string]int, len(f.kills))
	for i, k := range f.kills {
		atKill[i] = make(map[string]int, len(k.claimed))
		for j, a := range k.claimed {
			atKill[i][a] = k.atKill[j]
		}
	}
	total := 0
	for n, a := range addrs {
		kills := claimedBy[a]
		for x, i := range kills {
			before, after := atKill[i][a], final[n]
			if x+1 < len(kills) {
				after = atKill[kills[x+1]][a]
			}
			r := after - before
			if before == 0 && r > 0 {
				r-- // the first copy
			}
			f.kills[i].repeats += r
			total += r
		}
	}
	return total, nil
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
	slowest := ""
	for i, k := range o.kills {
		out := fmt.Sprintf("all out %v after the kill", k.out.Round(time.Millisecond))
		if k.outErr != nil {
			out = k.outErr.Error()
			slowest = "a kill's digests not all out"
		}
		fmt.Fprintf(w, "kill %d at %v: instance %d, which had claimed %d digests, %d of them not at the sink; "+
			"%s; %d repeated\n", i+1, k.at.Round(time.Millisecond), k.slot, len(k.claimed), k.waiting, out, k.repeats)
		for _, line := range k.trace {
			fmt.Fprintf(w, "  %s\n", line)
		}
		worstOut, worstRepeats = max(worstOut, k.out), max(worstRepeats, k.repeats)
		repeats += k.repeats
	}
	for _, r := range o.runs {
		fmt.Fprintf(w, "instance %d's last run, its passes in all: %s; peak RSS %.1f MB\n", r.slot, r.res.Pass, float64(r.res.PeakRSS)/(1<<20))
	}
	fmt.Fprintf(w, "sink: %d messages to %d of %d subscribers in %v: %d lost, %d repeated (%d with another Message-ID)\n",
		o.got.Messages, o.got.Recipients, o.n, o.elapsed.Round(time.Millisecond), int64(o.n)-o.got.Recipients,
		o.got.Repeats, o.got.NewIDs)
	if slowest == "" {
		slowest = fmt.Sprintf("slowest kill's digests all out after %v", worstOut.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "kills: %d (seed %d); repeats %d in all, at most %d a kill (bound: %d connections); "+
		"%s (bound %v)\n", len(o.kills), o.seed, repeats, worstRepeats, o.conns, slowest, outWithin)
}
