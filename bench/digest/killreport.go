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
	// unattributed counts repeats whose previous copy a run sent that was
	// never killed: repeats no kill explains (see attribute).
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

// attribute counts the repeats each kill caused and returns their sum.
// Each run gives its own name in EHLO (runHelo), so the sink knows which
// run sent each copy of a digest. A copy that arrives after another was
// sent because the run that sent the one before did not record it: it
// died first. So a repeat is charged to the kill of the run that sent the
// copy before it, and a repeat whose previous copy came from a run that was
// never killed is one no kill explains.
//
// Charging by claims instead (a repeat after a kill of a run that had
// claimed the digest) blamed a kill for the repeats of an earlier one: a
// restart that took over the claims an earlier kill had left, some of them
// sent already, and died before sending them again got charged with those
// when they went out after its own kill.
func (f *fleet) attribute() (int, error) {
	repeated, err := f.sink.repeated()
	if err != nil {
		return 0, err
	}
	return chargeRepeats(f.kills, repeated), nil
}

// chargeRepeats adds to each kill's repeats those whose previous copy its
// run sent, given the senders of each repeated digest's copies in order,
// and returns how many it charged.
func chargeRepeats(kills []*kill, repeated map[string][]string) int {
	byRun := map[string]*kill{}
	for _, k := range kills {
		byRun[k.run] = k
	}
	total := 0
	for _, senders := range repeated {
		for _, prev := range senders[:len(senders)-1] {
			if k := byRun[prev]; k != nil {
				k.repeats++
				total++
			}
		}
	}
	return total
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
		errs = append(errs, fmt.Errorf("%d repeats of digests that a run never killed had sent", o.unattributed))
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
