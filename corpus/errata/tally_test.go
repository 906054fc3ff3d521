package errata_test

import (
	"os"
	"strings"
	"testing"

	"flashback"
	"flashback/corpus/errata"
)

func TestCount(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  func(errata.Tally) bool
	}{
		{"Known", nil, func(tl errata.Tally) bool {
			return tl.Reviewed == 6 && tl.Corrected == 6 && tl.ByField[errata.FieldYear] == 4 && tl.ByField[errata.FieldDay] == 3 &&
				tl.ByField[errata.FieldHeadline] == 2 && tl.TotalMarked() == 0 && tl.Withdrawn == 0 && tl.Claimed.Corrected == 6
		}},
		{"MarksAndWithdrawals", map[string]string{"calendar.a.tsv": "# Reviewed 2026-12-02: all 1,200 events of calendar.a; 1 corrected, 2 marked, 1 withdrawn.\n" +
			"# Reviewed 2026-12-03 by another reviewer: 30 events of calendar.a (a second look).\n" + errata.Header + "\n" +
			"k:1\tdating\t\tdisputed\tr\tref\nk:1\tyear\t1900\t1901\tr\tref\nk:2\tdating\t\ttraditional\tr\tref\nk:3\twithdraw\t\twithdrawn\tr\tref\n"},
			func(tl errata.Tally) bool {
				return tl.Reviewed == 1230 && tl.Corrected == 1 && tl.Marked[flashback.DateDisputed] == 1 && tl.Marked[flashback.DateTraditional] == 1 &&
					tl.TotalMarked() == 2 && tl.Withdrawn == 1 && tl.Claimed.Marked == 2 && tl.Claimed.Withdrawn == 1
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var files []*errata.File
			if tc.files == nil {
				var err error
				if files, err = errata.ParseFS(os.DirFS("testdata/known")); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range tc.files {
				f, err := errata.Parse(strings.NewReader(text), name)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
			}
			if tl := errata.Count(files); !tc.want(tl) {
				t.Errorf("tally %+v", tl)
			}
		})
	}
}
