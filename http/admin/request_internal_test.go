package admin

import (
	"net/http/httptest"
	"testing"

	"flashback"
)

func TestStatusParam(t *testing.T) {
	tests := []struct {
		query string
		want  flashback.ReportStatus
		ok    bool
	}{
		{"", flashback.ReportOpen, true},
		{"?status=all", "", true},
		{"?status=accepted", flashback.ReportAccepted, true},
		{"?status=bogus", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := statusParam(httptest.NewRequest("GET", "/admin/reports"+tt.query, nil), flashback.ReportOpen, flashback.ReportStatus.Valid)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("statusParam = %q, %v; want %q, ok=%v", got, err, tt.want, tt.ok)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("error code %q, want invalid", flashback.ErrorCode(err))
			}
		})
	}
}
