package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"flashback"
)

// sendCheckChannel is where migration 022's triggers announce every change
// a send check asks about: a subscriber's status or address changed, a
// subscriber deleted, an address suppressed.
const sendCheckChannel = "flashback_send_check"

// watchRole marks the watch's connection in pg_stat_activity.
const watchRole = "(send checks)"

// How the watch keeps its connection honest (see listen): it sends a probe
// once watchPing has passed since the last one it heard was sent, and it
// stops answering from memory once that was watchStale ago, and listens
// anew once a probe has been out that long.
const (
	watchPing  = 5 * time.Second
	watchStale = 3 * watchPing
	// watchFirst bounds how long the first claim waits for the first
	// probe; claims made before it came back are checked by the database.
	watchFirst = 5 * time.Second
	// watchRetryMax caps the wait between attempts to listen again.
	watchRetryMax = 30 * time.Second
)

// sendWatch answers the send checks of digests this DB claimed while it
// listened for changes, from memory: a subscriber the claim found
// confirmed and not suppressed, with no change announced since the claim
// began, is still sendable. Any other check goes to the database (courier).
//
// What that costs in guarantees: a change made through this DB is seen by
// every check that begins after the call that made it returned (Tx.Commit
// marks it), as with a query; a change made elsewhere (another instance,
// psql) is seen once its notice arrives, which follows its commit by the
// time the server takes to signal this connection; memory stops answering
// once no probe has come back for watchStale (see listen). A change that
// bypasses the triggers (session_replication_role = replica) is not seen
// by the checks of claims made before it; a later claim reads it itself.
type sendWatch struct {
	mu sync.Mutex
	// started: run was launched; ready is closed once the first probe
	// came back or the first attempt failed; stop and done end run
	// (close).
	started bool
	ready   chan struct{}
	stop    context.CancelFunc
	done    chan struct{}

	// listening: a probe came back on the current connection. gen counts
	// the times listening stopped: a claim made in an earlier generation
	// may have missed notices.
	listening bool
	gen       uint64
	// alive is when the last probe that came back was sent: every change
	// committed before it has been noticed. probe is the token of the one
	// on its way, sent at probeSent.
	alive     time.Time
	probe     string
	probeSent time.Time
	// listenOn, when set, replaces sendCheckChannel as what the watch
	// listens on (tests: a channel no probe reaches).
	listenOn string
	// seq numbers the changes noticed (and marked), in order.
	seq    uint64
	ids    map[int64]uint64
	hashes map[string]uint64
	// claims are the subscribers claimed while listening, by the pointer
	// the claim handed out, until their check or their lease's end.
	claims map[*flashback.Subscriber]watchedClaim
	// pruneAt is the size of ids, hashes and claims past which the next
	// change or claim forgets what no claim needs.
	pruneAt int

	// clock is the DB's (leases are in its time).
	clock func() time.Time

	// fromMemory and asked count the checks answered each way (SendChecks).
	fromMemory, asked uint64
}

// watchedClaim is what a check needs of its claim: the generation it was
// made in and the last change noticed before it began.
type watchedClaim struct {
	gen, seq uint64
	until    time.Time
}

// watchMark is taken before a claim begins; see claimed.
type watchMark struct {
	ok       bool
	gen, seq uint64
}

// before starts the watch on first use (waiting up to watchFirst for its
// first probe to come back) and marks the moment a claim begins.
func (w *sendWatch) before(ctx context.Context, db *DB) watchMark {
	w.mu.Lock()
	if !w.started {
		w.started = true
		w.clock = db.txNow
		w.ready = make(chan struct{})
		w.done = make(chan struct{})
		var runCtx context.Context
		runCtx, w.stop = context.WithCancel(context.Background())
		go w.run(runCtx, db)
	}
	ready := w.ready
	w.mu.Unlock()
	select {
	case <-ready:
	default:
		first := time.NewTimer(watchFirst)
		select {
		case <-ready:
		case <-ctx.Done():
		case <-first.C:
		}
		first.Stop()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return watchMark{ok: w.current(time.Now()), gen: w.gen, seq: w.seq}
}

// channel is what the watch listens on.
func (w *sendWatch) channel() string {
	if w.listenOn != "" {
		return w.listenOn
	}
	return sendCheckChannel
}

// current reports whether memory may answer now; w.mu is held.
func (w *sendWatch) current(now time.Time) bool {
	return w.listening && now.Sub(w.alive) < watchStale
}

// claimed remembers the claims of a claim that began at m.
func (w *sendWatch) claimed(m watchMark, claims []*flashback.Claim) {
	if !m.ok || len(claims) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if m.gen != w.gen {
		return
	}
	if w.claims == nil {
		w.claims = make(map[*flashback.Subscriber]watchedClaim, len(claims))
	}
	for _, c := range claims {
		w.claims[c.Subscriber] = watchedClaim{gen: m.gen, seq: m.seq, until: c.LeaseUntil}
	}
	w.maybePrune()
}

// unchanged reports whether sub, as its claim read it, may be answered
// from memory: claimed while listening, in this generation, and nothing
// about it noticed since. It forgets the claim either way: a check is
// asked once a claim.
func (w *sendWatch) unchanged(sub *flashback.Subscriber) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.claims[sub]
	if ok {
		delete(w.claims, sub)
	}
	if ok && c.gen == w.gen && w.current(time.Now()) && w.ids[sub.ID] <= c.seq &&
		(len(w.hashes) == 0 || w.hashes[string(flashback.EmailHash(sub.Email))] <= c.seq) {
		w.fromMemory++
		return true
	}
	w.asked++
	return false
}

// counts returns how many checks unchanged answered from memory and how
// many it left to the database.
func (w *sendWatch) counts() (fromMemory, asked uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fromMemory, w.asked
}

// mark records changes made through this DB (Tx.Commit), as a notice would.
func (w *sendWatch) mark(ids []int64, hashes [][]byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, id := range ids {
		w.changedID(id)
	}
	for _, h := range hashes {
		w.changedHash(string(h))
	}
	w.maybePrune()
}

func (w *sendWatch) changedID(id int64) {
	if w.ids == nil {
		w.ids = make(map[int64]uint64)
	}
	w.seq++
	w.ids[id] = w.seq
}

func (w *sendWatch) changedHash(h string) {
	if w.hashes == nil {
		w.hashes = make(map[string]uint64)
	}
	w.seq++
	w.hashes[h] = w.seq
}

// notice records one notice's change, and reports whether it was the
// watch's own probe coming back, which makes the watch listening as of the
// probe's sending. A probe of another instance changes nothing. A payload
// it cannot read ends the generation: something changed and the watch
// cannot tell what.
func (w *sendWatch) notice(payload string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(payload) > 1 {
		switch payload[0] {
		case 'p':
			if payload != w.probe {
				return false
			}
			w.listening, w.alive, w.probe = true, w.probeSent, ""
			return true
		case 's':
			if id, err := strconv.ParseInt(payload[1:], 10, 64); err == nil {
				w.changedID(id)
				w.maybePrune()
				return false
			}
		case 'h':
			if h, err := hex.DecodeString(payload[1:]); err == nil {
				w.changedHash(string(h))
				w.maybePrune()
				return false
			}
		}
	}
	w.newGeneration()
	return false
}

// newGeneration makes every claim made so far go to the database; w.mu
// is held.
func (w *sendWatch) newGeneration() {
	w.gen++
	w.claims = nil
	w.ids, w.hashes = nil, nil
}

// maybePrune forgets, once the maps have grown past pruneAt, the claims
// whose lease has ended (their sends are handed back unchecked) and the
// changes older than every claim left; w.mu is held.
func (w *sendWatch) maybePrune() {
	const minPrune = 1 << 16
	if len(w.ids)+len(w.hashes)+len(w.claims) <= max(w.pruneAt, minPrune) {
		return
	}
	now := time.Now()
	if w.clock != nil {
		now = w.clock()
	}
	oldest := w.seq
	for sub, c := range w.claims {
		if now.After(c.until) {
			delete(w.claims, sub)
			continue
		}
		oldest = min(oldest, c.seq)
	}
	for id, seq := range w.ids {
		if seq <= oldest {
			delete(w.ids, id)
		}
	}
	for h, seq := range w.hashes {
		if seq <= oldest {
			delete(w.hashes, h)
		}
	}
	w.pruneAt = 2 * (len(w.ids) + len(w.hashes) + len(w.claims))
}

// run listens until close, again after each failure.
func (w *sendWatch) run(ctx context.Context, db *DB) {
	defer close(w.done)
	first := true
	wait := time.Second
	for {
		heard := w.listen(ctx, db, &first)
		w.mu.Lock()
		if w.listening {
			w.listening = false
			w.newGeneration()
		}
		// The next connection proves itself with a probe of its own.
		w.probe, w.alive = "", time.Time{}
		w.mu.Unlock()
		if first {
			first = false
			close(w.ready)
		}
		if heard {
			wait = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, watchRetryMax)
	}
}

// listen holds one connection's LISTEN until it fails or its probes stop
// coming back; it reports whether notices were ever heard on it.
//
// A LISTEN the server acknowledged does not prove that notices arrive: a
// pooler between (PgBouncer in transaction mode) lets it succeed and then
// delivers nothing. So the watch trusts the connection only once a probe
// it sent by another connection (the pool) came back on it, and again
// after every watchPing of silence: notices arrive in the order their
// transactions committed, so a probe's return means that every change
// committed before the probe was sent has been noticed.
func (w *sendWatch) listen(ctx context.Context, db *DB, first *bool) bool {
	conn, err := db.connect(ctx, watchRole)
	if err != nil {
		return false
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+w.channel()); err != nil {
		return false
	}
	heard := false
	for {
		w.mu.Lock()
		probe, sent, alive := w.probe, w.probeSent, w.alive
		w.mu.Unlock()
		if probe != "" && time.Since(sent) > watchStale {
			return heard // the probe never came back
		}
		if probe == "" && time.Since(alive) >= watchPing {
			if err := w.sendProbe(ctx, db); err != nil {
				return heard
			}
		}
		waitCtx, cancel := context.WithTimeout(ctx, watchPing)
		n, err := conn.WaitForNotification(waitCtx)
		silent := waitCtx.Err() == context.DeadlineExceeded
		cancel()
		switch {
		case err == nil:
			if w.notice(n.Payload) && !heard {
				heard = true
				if *first {
					*first = false
					close(w.ready)
				}
			}
		case ctx.Err() != nil, !silent:
			return heard
		}
	}
}

// sendProbe notifies the channel, by the pool, with a new token that
// listen waits to hear.
func (w *sendWatch) sendProbe(ctx context.Context, db *DB) error {
	token := "p" + rand.Text()
	sent := time.Now()
	probeCtx, cancel := context.WithTimeout(ctx, watchPing)
	defer cancel()
	if _, err := db.pool.Exec(probeCtx, `SELECT pg_notify($1, $2)`, sendCheckChannel, token); err != nil {
		return err
	}
	w.mu.Lock()
	w.probe, w.probeSent = token, sent
	w.mu.Unlock()
	return nil
}

// close stops the watch and waits for its connection to close.
func (w *sendWatch) close() {
	w.mu.Lock()
	stop, done := w.stop, w.done
	w.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}
