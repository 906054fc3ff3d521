package storecopy_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
	"flashback/postgres/pgtest"
	"flashback/sqlite"
	"flashback/storecopy"
	"flashback/stores"
)

// populatedDB returns a SQLite database holding a site in use.
func populatedDB(t *testing.T, subscribers int) (string, site) {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "site.db")
	clk := &clock{}
	st, err := sqlite.Open(dsn, clk.Now)
	must(t, err)
	defer st.Close()
	return dsn, populate(t, st, clk, subscribers)
}

// openPair opens from as a copy's source and to as its target.
func openPair(t *testing.T, from, to string) (src, dst storecopy.Store) {
	t.Helper()
	src, err := stores.OpenCopySource(from)
	must(t, err)
	t.Cleanup(func() { src.Close() })
	dst, err = stores.OpenCopyTarget(to)
	must(t, err)
	t.Cleanup(func() { dst.Close() })
	return src, dst
}

// copySite copies the site at from to to, as flashback copy does.
func copySite(t *testing.T, from, to string, opt storecopy.Options) (storecopy.Report, error) {
	t.Helper()
	src, dst := openPair(t, from, to)
	defer src.Close()
	defer dst.Close()
	return storecopy.Copy(context.Background(), src, dst, opt)
}

// openStores opens dsn at the moment populate ended, so that its sessions
// and confirmation links are still good.
func openStores(t *testing.T, dsn string) *flashback.Stores {
	t.Helper()
	st, err := stores.Open(dsn, func() time.Time { return populated.Add(time.Minute) })
	must(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// A site copied from SQLite to PostgreSQL and back to SQLite reads the
// same in every store: the checksums agree at each step, and each copy
// serves what the original did.
func TestCopy_AcrossStores(t *testing.T) {
	from, s := populatedDB(t, 50)
	pg := pgtest.DSN(t)
	toPG, err := copySite(t, from, pg, storecopy.Options{})
	must(t, err)
	back := "sqlite:" + filepath.Join(t.TempDir(), "back.db")
	toLite, err := copySite(t, pg, back, storecopy.Options{})
	must(t, err)
	if len(toPG.Tables) != len(storecopy.Tables) {
		t.Fatalf("copied %d tables, want %d", len(toPG.Tables), len(storecopy.Tables))
	}
	for i, tr := range toPG.Tables {
		if tr.Rows == 0 {
			t.Errorf("the site has no rows in %s: the test proves nothing of it", tr.Name)
		}
		if tr != toLite.Tables[i] {
			t.Errorf("%s: to PostgreSQL %d rows %s, back %d rows %s", tr.Name, tr.Rows, tr.Checksum,
				toLite.Tables[i].Rows, toLite.Tables[i].Checksum)
		}
	}
	for name, dsn := range map[string]string{"Postgres": pg, "SQLiteAgain": back} {
		t.Run(name, func(t *testing.T) { checkServes(t, openStores(t, dsn), s) })
	}
}

// checkServes reads back through the stores what populate made.
func checkServes(t *testing.T, st *flashback.Stores, s site) {
	ctx := context.Background()
	e, err := st.Events.FindEventByID(ctx, s.eventID)
	must(t, err)
	if !strings.HasSuffix(e.Summary, "(Corrected.)") {
		t.Errorf("event summary = %q, want the corrected one", e.Summary)
	}
	cs, _, err := st.Edits.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &s.eventID, IncludeDrafts: true})
	must(t, err)
	if len(cs) != 1 || cs[0].Text != s.correction {
		t.Errorf("corrections = %+v, want one saying %q", cs, s.correction)
	}
	if revs, err := st.Edits.Revisions(ctx, s.eventID); err != nil || len(revs) == 0 {
		t.Errorf("revisions = %d, %v; want the editor's", len(revs), err)
	}
	sub, err := newsletterService(t, st).Manage(ctx, s.manageToken)
	if err != nil || sub.ID != s.subscriberID {
		t.Errorf("manage link: %v, %v; want subscriber %d", sub, err, s.subscriberID)
	}
	ds, err := st.Deliveries.FindDeliveries(ctx, s.subscriberID)
	must(t, err)
	if len(ds) != 1 || ds[0].LocalDate != digestDate || ds[0].State != flashback.DeliverySent {
		t.Errorf("ledger = %+v, want the digest of %s sent", ds, digestDate)
	}
	res, err := st.Search.Search(ctx, flashback.SearchQuery{Text: `"` + e.Headline + `"`})
	must(t, err)
	if !slices.ContainsFunc(res.Hits, func(h flashback.SearchHit) bool { return h.Event.ID == e.ID }) {
		t.Errorf("searching for %q does not find the event", e.Headline)
	}
	// A word of the headline cut short, typed bare: only a store that
	// knows longer words start with it (on PostgreSQL, search_vocabulary,
	// filled by triggers the copy must fire) reads it as a prefix.
	if word := longestWord(e.Headline); len(word) > 5 {
		cut := word[:len(word)-2]
		res, err := st.Search.Search(ctx, flashback.SearchQuery{Text: cut})
		must(t, err)
		if !slices.ContainsFunc(res.Hits, func(h flashback.SearchHit) bool { return h.Event.ID == e.ID }) {
			t.Errorf("searching for %q, the start of %q, does not find the event", cut, word)
		}
	} else {
		t.Fatalf("headline %q has no word long enough to cut", e.Headline)
	}
	checkSignIn(t, st, s)
	checkNewRows(t, st, s)
	if _, err := st.Subscribers.ConfirmSubscriber(ctx, s.confirmHash, "192.0.2.2"); err != nil {
		t.Errorf("confirming the pending subscriber: %v", err)
	}
}

func checkSignIn(t *testing.T, st *flashback.Stores, s site) {
	ctx := context.Background()
	u, err := st.Users.FindUserByEmail(ctx, s.editor.Email)
	must(t, err)
	if ok, err := auth.CheckPassword(u.PasswordHash, password); !ok || err != nil {
		t.Errorf("password check = %v, %v; want the editor signed in", ok, err)
	}
	_, su, err := st.Users.FindSession(ctx, s.sessionHash)
	if err != nil || su.ID != s.editor.ID {
		t.Errorf("session: %v, %v; want the editor's", su, err)
	}
}

// checkNewRows adds rows to tables whose keys the store numbers: they
// must not collide with the copied ones.
func checkNewRows(t *testing.T, st *flashback.Stores, s site) {
	ctx := context.Background()
	m := &flashback.Message{Name: "Another Reader", Email: "other@example.org", Subject: "Hello", Body: "A new message."}
	must(t, st.Messages.CreateMessage(ctx, m))
	if m.ID <= s.messageID {
		t.Errorf("new message has ID %d, not past the copied %d", m.ID, s.messageID)
	}
	u := &flashback.User{Email: "second@example.org", Name: "Second", Role: flashback.RoleAdmin, PasswordHash: s.editor.PasswordHash}
	must(t, st.Users.CreateUser(ctx, u))
	if u.ID <= s.editor.ID {
		t.Errorf("new user has ID %d, not past the copied %d", u.ID, s.editor.ID)
	}
}

func TestCopy_NonEmptyTarget(t *testing.T) {
	from, _ := populatedDB(t, 5)
	to := "sqlite:" + filepath.Join(t.TempDir(), "to.db")
	first, err := copySite(t, from, to, storecopy.Options{})
	must(t, err)
	t.Run("Refused", func(t *testing.T) {
		_, err := copySite(t, from, to, storecopy.Options{})
		var ne *storecopy.NotEmptyError
		if !errors.As(err, &ne) || !strings.Contains(err.Error(), "events: ") || !strings.Contains(err.Error(), "-replace") {
			t.Fatalf("copy into a full target = %v, want a NotEmptyError naming events and -replace", err)
		}
	})
	t.Run("Replace", func(t *testing.T) {
		rep, err := copySite(t, from, to, storecopy.Options{Replace: true})
		must(t, err)
		if !strings.Contains(strings.Join(rep.Replaced, " "), "subscribers") {
			t.Errorf("replaced %v, want subscribers among them", rep.Replaced)
		}
		if rep.Rows != first.Rows {
			t.Errorf("replacing copy moved %d rows, the first %d", rep.Rows, first.Rows)
		}
	})
}

// tamperedDB changes one value of every row of one table on its way
// into the target, as a store that lost a value's meaning would.
type tamperedDB struct {
	storecopy.Database
	table string
}

func (db tamperedDB) BeginCopy(ctx context.Context) (storecopy.Writer, error) {
	w, err := db.Database.BeginCopy(ctx)
	return tamperedWriter{w, db.table}, err
}

type tamperedWriter struct {
	storecopy.Writer
	table string
}

func (w tamperedWriter) Insert(ctx context.Context, t storecopy.Table, rows []storecopy.Row) error {
	if t.Name == w.table {
		rows[0] = append(storecopy.Row(nil), rows[0]...)
		rows[0][2] = "tampered"
	}
	return w.Writer.Insert(ctx, t, rows)
}

// A value that changes between the source and the target fails the copy,
// and the target keeps nothing of it.
func TestCopy_Mismatch(t *testing.T) {
	from, _ := populatedDB(t, 5)
	to := "sqlite:" + filepath.Join(t.TempDir(), "to.db")
	src, dst := openPair(t, from, to)
	_, err := storecopy.Copy(context.Background(), src, storecopy.Store{Stores: dst.Stores, DB: tamperedDB{dst.DB, "messages"}}, storecopy.Options{})
	var me *storecopy.MismatchError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "messages's checksum differs") {
		t.Fatalf("copy = %v, want a mismatch in messages", err)
	}
	_, total, err := dst.Stores.Events.FindEvents(context.Background(), flashback.EventFilter{IncludeDrafts: true, Limit: 1})
	must(t, err)
	if total != 0 {
		t.Errorf("target holds %d events after a failed copy, want none", total)
	}
}

// A source whose instance beat a moment ago may still be served: the copy
// goes ahead but says so.
func TestCopy_WarnsOfLiveInstance(t *testing.T) {
	from := filepath.Join(t.TempDir(), "live.db")
	st, err := stores.Open(from, nil)
	must(t, err)
	must(t, st.Deliveries.Heartbeat(context.Background(), flashback.Instance{ID: "still-running", StartedAt: time.Now()}))
	st.Close()
	var progress strings.Builder
	_, err = copySite(t, from, filepath.Join(t.TempDir(), "to.db"), storecopy.Options{Progress: &progress})
	must(t, err)
	if !strings.Contains(progress.String(), "warning: instance still-running of the source beat") {
		t.Errorf("progress does not warn of the live instance:\n%s", progress.String())
	}
}

// An outcome a stopped instance left in its journal, not yet in the
// ledger, reaches the copy's ledger: the journal itself is not copied.
func TestCopy_AppliesJournal(t *testing.T) {
	from := "sqlite:" + filepath.Join(t.TempDir(), "site.db")
	clk := &clock{now: populated}
	st, err := sqlite.Open(from, clk.Now)
	must(t, err)
	id, _ := addSubscribers(t, st, 2)
	res, err := st.Deliveries.ClaimDeliveries(context.Background(), flashback.ClaimOptions{Limit: 10,
		Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
	must(t, err)
	log, err := st.Journal.Open(flashback.Instance{ID: "stopped", StartedAt: populated})
	must(t, err)
	for _, c := range res.Claims {
		if c.Subscriber.ID == id {
			_, err := log.Append([]flashback.Outcome{{SubscriberID: id, LocalDate: c.LocalDate, Attempt: c.Attempt,
				State: flashback.DeliverySent, MessageID: "<journal@flashback.example>"}})
			must(t, err)
		}
	}
	must(t, log.Close())
	must(t, st.Close())
	to := filepath.Join(t.TempDir(), "to.db")
	_, err = copySite(t, from, to, storecopy.Options{})
	must(t, err)
	ds, err := openStores(t, to).Deliveries.FindDeliveries(context.Background(), id)
	must(t, err)
	if len(ds) != 1 || ds[0].State != flashback.DeliverySent || ds[0].MessageID != "<journal@flashback.example>" {
		t.Errorf("copied ledger = %+v, want the journal's sent outcome", ds)
	}
}

// A SQLite site can hold what PostgreSQL's stricter schema refuses: two
// editors whose addresses differ only in case (SQLite's UNIQUE compares
// bytes, PostgreSQL's index compares lower-cased). The copy then fails,
// naming the constraint, and the target keeps nothing.
func TestCopy_TargetConstraintRefuses(t *testing.T) {
	from, _ := populatedDB(t, 5)
	db, err := sql.Open("sqlite", strings.TrimPrefix(from, "sqlite:"))
	must(t, err)
	_, err = db.Exec(`INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
		SELECT upper(email), name, role, password_hash, disabled, created_at, updated_at FROM users LIMIT 1`)
	must(t, err)
	must(t, db.Close())
	pg := pgtest.DSN(t)
	_, err = copySite(t, from, pg, storecopy.Options{})
	if err == nil || !strings.Contains(err.Error(), "users_email") {
		t.Fatalf("copy = %v, want the users_email constraint named", err)
	}
	t.Logf("refused: %v", err)
	_, total, err := openStores(t, pg).Events.FindEvents(context.Background(), flashback.EventFilter{IncludeDrafts: true, Limit: 1})
	must(t, err)
	if total != 0 {
		t.Errorf("target holds %d events after a refused copy, want none", total)
	}
}

// longestWord returns the longest run of ASCII letters in s.
func longestWord(s string) string {
	var best string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}
