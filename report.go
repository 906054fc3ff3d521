package flashback

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportStatus is where a reader's report stands in the editors' queue.
type ReportStatus string

const (
	ReportOpen     ReportStatus = "open"
	ReportAccepted ReportStatus = "accepted"
	ReportDeclined ReportStatus = "declined"
)

// Valid reports whether s is one of the known statuses.
func (s ReportStatus) Valid() bool {
	return s == ReportOpen || s == ReportAccepted || s == ReportDeclined
}

// Limits on what readers may send, in characters.
const (
	MaxReportProblem    = 4000
	MaxReportCorrection = 2000
	MaxReportSource     = 1000
	MaxEmail            = 254
	MaxEditorNote       = 4000
)

// Report is a reader's note that something in an event looks wrong.
type Report struct {
	ID         int64
	EventID    int64
	Problem    string // what looks wrong (required)
	Correction string // what the reader thinks is right (optional)
	Source     string // where the reader's correction comes from (optional)
	Email      string // where to send the outcome (optional)
	Status     ReportStatus
	Note       string // the editor's note on the outcome
	ResolvedBy int64  // user ID of the editor who decided; 0 while open
	CreatedAt  time.Time
	ResolvedAt time.Time // zero while open

	// EventHeadline is filled in by reads, for lists.
	EventHeadline string
}

// Validate trims the reader's fields and checks them.
func (r *Report) Validate() error {
	if err := r.clean(); err != nil {
		return err
	}
	if r.EventID <= 0 {
		return Errorf(EINVALID, "A report must be about an event.")
	}
	if r.Problem == "" {
		return Errorf(EINVALID, "Please tell us what looks wrong.")
	}
	if err := maxChars("The description of the problem", r.Problem, MaxReportProblem); err != nil {
		return err
	}
	if err := maxChars("The correction", r.Correction, MaxReportCorrection); err != nil {
		return err
	}
	if err := maxChars("The source", r.Source, MaxReportSource); err != nil {
		return err
	}
	if r.Email != "" {
		if err := ValidateEmail(r.Email); err != nil {
			return err
		}
	}
	if r.Status == "" {
		r.Status = ReportOpen
	}
	if !r.Status.Valid() {
		return Errorf(EINVALID, "Unknown report status %q.", r.Status)
	}
	return nil
}

// clean cleans the reader's fields; the texts keep their lines.
func (r *Report) clean() error {
	r.Email = strings.TrimSpace(r.Email) // not cleaned: see Message.clean
	return cleanTexts(textField{"The description of the problem", &r.Problem},
		textField{"The correction", &r.Correction}, textField{"The source", &r.Source},
		textField{"The note", &r.Note})
}

// ValidateEmail accepts a bare address (no display name) of sane length.
func ValidateEmail(s string) error {
	if utf8.RuneCountInString(s) > MaxEmail {
		return Errorf(EINVALID, "That e-mail address is too long.")
	}
	if err := checkVisible(s); err != nil {
		return err
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return Errorf(EINVALID, "%q does not look like an e-mail address.", s)
	}
	return nil
}

// maxChars refuses s when it has more than n characters.
func maxChars(what, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return Errorf(EINVALID, "%s is too long (%d characters at most).", what, n)
	}
	return nil
}

// ReportFilter selects reports. Zero fields do not filter.
type ReportFilter struct {
	ID      *int64
	EventID *int64
	Status  ReportStatus
	Offset  int
	Limit   int
}

// ReportStore keeps readers' reports. Accepting a report goes through
// EditStore.EditEvent, which fixes the event, writes the public correction
// and closes the report in one transaction.
type ReportStore interface {
	// CreateReport validates r, stores it as open and sets ID and CreatedAt.
	// It returns only once the report is durably committed. ENOTFOUND when
	// the event does not exist.
	CreateReport(ctx context.Context, r *Report) error
	// FindReportByID returns ENOTFOUND when there is no such report.
	FindReportByID(ctx context.Context, id int64) (*Report, error)
	// FindReports returns matching reports, newest first, and the total.
	FindReports(ctx context.Context, filter ReportFilter) ([]*Report, int, error)
	// DeclineReport closes an open report as declined with the editor's note.
	// ECONFLICT when the report is no longer open.
	DeclineReport(ctx context.Context, id, editorID int64, note string) error
}
