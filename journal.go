package flashback

import "context"

// OutcomeJournal keeps send outcomes where a restart finds them, sooner
// and cheaper than the delivery ledger can take them. The scheduler lets a
// connection carry on (mail.Receipt) once the previous message's outcome
// is appended to the journal, one write per group, and applies outcomes to
// the ledger later, in large groups off the path of the sends.
//
// An appended outcome survives a crash of the process, not a power loss or
// an OS crash (nothing is synced to disk), as an unsynced ledger commit
// does. Before it claims, a process replays the journals that no running
// process holds: those of dead processes on this machine, its own earlier
// runs among them. So a claim is never taken over while a sent outcome for
// it lies unread in a dead process's journal on the same machine.
//
// Where instances run on several machines (PostgreSQL, later), a takeover
// on one machine cannot read a dead machine's journal: there a crash may
// repeat, besides one message per connection, the outcomes appended but
// not yet applied, at most one apply group (Scheduler.MarkBatch) plus what
// waited behind it. Such a deployment should apply at once (no journal), or
// keep the journal where every instance can read it.
type OutcomeJournal interface {
	// Open starts inst's journal. Replay first: Open refuses a journal of
	// inst that still holds outcomes.
	Open(inst Instance) (OutcomeLog, error)
	// Replay hands the outcomes of each journal that no running process
	// holds to apply, then removes that journal; a journal whose apply
	// fails stays for a later Replay. apply must be idempotent, as
	// DeliveryStore.CompleteDeliveries is: an outcome may have reached the
	// ledger before the crash.
	Replay(ctx context.Context, apply func(context.Context, []Outcome) error) error
}

// OutcomeLog is one instance's open journal, held by it until Close.
type OutcomeLog interface {
	// Append records outcomes so that they survive a crash of this process.
	// A journal kept beside the ledger may write the sent ones straight
	// into the ledger instead, as DeliveryStore.CompleteDeliveries would
	// (a claim moved the schedule on already, so a sent digest needs
	// nothing but its ledger row): it then reports sentInLedger, and only
	// the outcomes that were not sent wait to be applied.
	Append(outcomes []Outcome) (sentInLedger bool, err error)
	// Applied says that the n oldest outcomes appended and not yet said
	// applied, counting none Append wrote into the ledger, are in the
	// ledger, so that the journal may forget them.
	Applied(n int) error
	// Close lets the journal go. It is removed when everything appended was
	// applied, and else kept for Replay.
	Close() error
}
