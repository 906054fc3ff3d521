package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"flashback"
)

// DeskStores are the accuracy desk's stores over one database, with the
// event store they refer to.
type DeskStores struct {
	Events    flashback.EventStore
	Reports   flashback.ReportStore
	Messages  flashback.MessageStore
	Edits     flashback.EditStore
	Conflicts flashback.ConflictStore
	Users     flashback.UserStore
	Features  flashback.FeatureStore
}

// NewDeskStores returns fresh, empty stores that live as long as t.
type NewDeskStores func(t *testing.T) DeskStores

// testDeskStores runs the desk's conformance cases against fresh stores.
func testDeskStores(t *testing.T, newStores NewDeskStores) {
	cases := []struct {
		name string
		run  func(*testing.T, DeskStores)
	}{
		{"ReportLifecycle", testReportLifecycle},
		{"ReportValidation", testReportValidation},
		{"Messages", testMessages},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"EditRecordsRevisions", testEditRecordsRevisions},
		{"AcceptReportWithDateFix", testAcceptReportWithDateFix},
		{"AcceptIsAtomic", testAcceptIsAtomic},
		{"CorrectionsHideDrafts", testCorrectionsHideDrafts},
		{"ConflictsIdempotent", testConflictsIdempotent},
		{"ConflictResolutions", testConflictResolutions},
		{"ReimportKeepsEditorsFix", testReimportKeepsEditorsFix},
		{"ImportErrata", testImportErrata},
		{"ImportErrataNeedKey", testImportErrataNeedKey},
		{"ConflictKeepsErrata", testConflictKeepsErrata},
		{"FeaturePicks", testFeaturePicks},
		{"FeaturePickRevisions", testFeaturePickRevisions},
		{"OpenIssues", testOpenIssues},
		{"ContentVersionFollowsReaders", testContentVersionFollowsReaders},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStores(t)) })
	}
}

func mustReport(t *testing.T, s DeskStores, eventID int64, problem string) *flashback.Report {
	t.Helper()
	r := &flashback.Report{EventID: eventID, Problem: problem, Email: "reader@example.org"}
	if err := s.Reports.CreateReport(context.Background(), r); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	return r
}

func mustUser(t *testing.T, s DeskStores, email string, role flashback.Role) *flashback.User {
	t.Helper()
	u := &flashback.User{Email: email, Name: "Ed " + email, Role: role, PasswordHash: "$test$hash"}
	if err := s.Users.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return u
}

func testReportLifecycle(t *testing.T, s DeskStores) {
	ctx := context.Background()
	e := day("Trotsky exiled", 1929, time.June, 17)
	mustCreate(t, s.Events, e)
	r := mustReport(t, s, e.ID, "  The date is wrong: it was January 31.  ")
	if r.ID == 0 || r.Status != flashback.ReportOpen || r.CreatedAt.IsZero() {
		t.Fatalf("created report = %+v", r)
	}
	got, err := s.Reports.FindReportByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Problem != "The date is wrong: it was January 31." || got.EventHeadline != e.Headline ||
		got.Email != "reader@example.org" {
		t.Errorf("stored report = %+v", got)
	}
	open, total, err := s.Reports.FindReports(ctx, flashback.ReportFilter{Status: flashback.ReportOpen})
	if err != nil || total != 1 || len(open) != 1 {
		t.Fatalf("open reports = %d/%d, %v", len(open), total, err)
	}
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	if err := s.Reports.DeclineReport(ctx, r.ID, ed.ID, "Our source says June."); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Reports.FindReportByID(ctx, r.ID)
	if got.Status != flashback.ReportDeclined || got.Note != "Our source says June." ||
		got.ResolvedBy != ed.ID || got.ResolvedAt.IsZero() {
		t.Errorf("declined report = %+v", got)
	}
	assertCode(t, s.Reports.DeclineReport(ctx, r.ID, ed.ID, "again"), flashback.ECONFLICT)
	assertCode(t, s.Reports.DeclineReport(ctx, 999, ed.ID, ""), flashback.ENOTFOUND)
	_, total, _ = s.Reports.FindReports(ctx, flashback.ReportFilter{Status: flashback.ReportOpen})
	if total != 0 {
		t.Errorf("open reports after decline = %d", total)
	}
}

func testReportValidation(t *testing.T, s DeskStores) {
	e := day("Some event", 1900, time.May, 1)
	mustCreate(t, s.Events, e)
	cases := []struct {
		name string
		r    flashback.Report
		code string
	}{
		{"NoProblem", flashback.Report{EventID: e.ID, Problem: "   "}, flashback.EINVALID},
		{"TooLong", flashback.Report{EventID: e.ID, Problem: strings.Repeat("x", flashback.MaxReportProblem+1)}, flashback.EINVALID},
		{"BadEmail", flashback.Report{EventID: e.ID, Problem: "wrong", Email: "not an address"}, flashback.EINVALID},
		{"UnknownEvent", flashback.Report{EventID: e.ID + 100, Problem: "wrong"}, flashback.ENOTFOUND},
		{"OK", flashback.Report{EventID: e.ID, Problem: "wrong", Correction: "right", Source: "a book"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			assertCode(t, s.Reports.CreateReport(context.Background(), &r), c.code)
		})
	}
}

func testMessages(t *testing.T, s DeskStores) {
	ctx := context.Background()
	bad := &flashback.Message{Name: "A", Email: "a@example.org", Subject: "Hi"}
	assertCode(t, s.Messages.CreateMessage(ctx, bad), flashback.EINVALID)
	m1 := &flashback.Message{Name: "Ann", Email: "ann@example.org", Subject: "Hello", Body: "First"}
	m2 := &flashback.Message{Name: "Bob", Email: "bob@example.org", Subject: "Typo", Body: "Second"}
	for _, m := range []*flashback.Message{m1, m2} {
		if err := s.Messages.CreateMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	if err := s.Messages.MarkMessage(ctx, m1.ID, true, ed.ID); err != nil {
		t.Fatal(err)
	}
	unhandled := false
	ms, total, err := s.Messages.FindMessages(ctx, flashback.MessageFilter{Handled: &unhandled})
	if err != nil || total != 1 || len(ms) != 1 || ms[0].ID != m2.ID {
		t.Fatalf("unhandled = %v (%d), %v", ms, total, err)
	}
	got, err := s.Messages.FindMessageByID(ctx, m1.ID)
	if err != nil || !got.Handled || got.HandledBy != ed.ID || got.HandledAt.IsZero() || got.Body != "First" {
		t.Errorf("handled message = %+v, %v", got, err)
	}
	all, total, _ := s.Messages.FindMessages(ctx, flashback.MessageFilter{})
	if total != 2 || all[0].ID != m2.ID {
		t.Errorf("all messages newest first: got %d, first %d", total, all[0].ID)
	}
	assertCode(t, s.Messages.MarkMessage(ctx, 999, true, ed.ID), flashback.ENOTFOUND)
}

func testUsers(t *testing.T, s DeskStores) {
	ctx := context.Background()
	u := mustUser(t, s, "Editor@Example.org", flashback.RoleEditor)
	if u.Email != "editor@example.org" {
		t.Errorf("email kept as %q, want lower-case", u.Email)
	}
	dup := &flashback.User{Email: "EDITOR@example.org", Name: "X", Role: flashback.RoleAdmin, PasswordHash: "h"}
	assertCode(t, s.Users.CreateUser(ctx, dup), flashback.ECONFLICT)
	badRole := &flashback.User{Email: "x@example.org", Name: "X", Role: "owner", PasswordHash: "h"}
	assertCode(t, s.Users.CreateUser(ctx, badRole), flashback.EINVALID)
	got, err := s.Users.FindUserByEmail(ctx, " EDITOR@example.ORG ")
	if err != nil || got.ID != u.ID {
		t.Fatalf("FindUserByEmail = %v, %v", got, err)
	}
	_, err = s.Users.FindUserByEmail(ctx, "nobody@example.org")
	assertCode(t, err, flashback.ENOTFOUND)
	got.Role, got.Name = flashback.RoleAdmin, "Chief"
	if err := s.Users.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Users.FindUserByID(ctx, u.ID)
	if !again.IsAdmin() || again.Name != "Chief" {
		t.Errorf("updated user = %+v", again)
	}
	mustUser(t, s, "another@example.org", flashback.RoleEditor)
	all, err := s.Users.FindUsers(ctx)
	if err != nil || len(all) != 2 || all[0].Email != "another@example.org" {
		t.Errorf("FindUsers = %v, %v", all, err)
	}
}

func testSessions(t *testing.T, s DeskStores) {
	ctx := context.Background()
	u := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	live := &flashback.Session{TokenHash: "live", UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	dead := &flashback.Session{TokenHash: "dead", UserID: u.ID, ExpiresAt: time.Now().Add(-time.Hour)}
	for _, sess := range []*flashback.Session{live, dead} {
		if err := s.Users.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	sess, user, err := s.Users.FindSession(ctx, "live")
	if err != nil || user.ID != u.ID || sess.UserID != u.ID {
		t.Fatalf("FindSession(live) = %v, %v, %v", sess, user, err)
	}
	_, _, err = s.Users.FindSession(ctx, "dead")
	assertCode(t, err, flashback.ENOTFOUND)
	if n, err := s.Users.DeleteExpiredSessions(ctx); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	t.Run("PasswordChangeEndsSessions", func(t *testing.T) {
		u.PasswordHash = "$test$new"
		if err := s.Users.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, _, err := s.Users.FindSession(ctx, "live")
		assertCode(t, err, flashback.ENOTFOUND)
	})
	t.Run("DisabledUserHasNoSession", func(t *testing.T) {
		other := mustUser(t, s, "other@example.org", flashback.RoleEditor)
		sess := &flashback.Session{TokenHash: "other", UserID: other.ID, ExpiresAt: time.Now().Add(time.Hour)}
		if err := s.Users.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		other.Disabled = true
		if err := s.Users.UpdateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		_, _, err := s.Users.FindSession(ctx, "other")
		assertCode(t, err, flashback.ENOTFOUND)
	})
	t.Run("Logout", func(t *testing.T) {
		sess := &flashback.Session{TokenHash: "bye", UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
		if err := s.Users.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if err := s.Users.DeleteSession(ctx, "bye"); err != nil {
			t.Fatal(err)
		}
		_, _, err := s.Users.FindSession(ctx, "bye")
		assertCode(t, err, flashback.ENOTFOUND)
	})
}
