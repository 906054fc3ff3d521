package storejson

import (
	"fmt"
	"strings"
	"time"

	"flashback"
)

// DateKey writes a historical date with all its parts, as conflicts keep
// the dates they compare.
func DateKey(d flashback.HistDate) string {
	return fmt.Sprintf("%d/%d/%d/%d/%d", d.Year, d.Month, d.Day, d.Precision, d.Calendar)
}

// ParseDateKey reads what DateKey wrote.
func ParseDateKey(s string) (flashback.HistDate, error) {
	var d flashback.HistDate
	var month, prec, cal int
	if _, err := fmt.Sscanf(s, "%d/%d/%d/%d/%d", &d.Year, &month, &d.Day, &prec, &cal); err != nil {
		return d, fmt.Errorf("bad stored date %q: %w", s, err)
	}
	d.Month, d.Precision, d.Calendar = time.Month(month), flashback.Precision(prec), flashback.Calendar(cal)
	return d, nil
}

// IncomingKey identifies an imported record across runs of an import, so
// that a conflict is recorded once.
func IncomingKey(e *flashback.Event) string {
	if e.ExternalKey != "" {
		return "key:" + e.ExternalKey
	}
	return "headline:" + strings.ToLower(strings.TrimSpace(e.Headline))
}
