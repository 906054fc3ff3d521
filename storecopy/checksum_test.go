package storecopy_test

import (
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/storecopy"
)

var sample = storecopy.Table{Name: "sample", Columns: []storecopy.Column{
	{Name: "id", Kind: storecopy.Int}, {Name: "name", Kind: storecopy.Text},
	{Name: "flag", Kind: storecopy.Bool}, {Name: "at", Kind: storecopy.Time, Null: true},
	{Name: "on", Kind: storecopy.Date}, {Name: "doc", Kind: storecopy.JSON},
	{Name: "blob", Kind: storecopy.Bytes}, {Name: "ratio", Kind: storecopy.Float},
}}

var (
	at   = time.Date(2026, time.March, 2, 6, 30, 0, 123456000, time.UTC)
	base = storecopy.Row{int64(1), "ab", true, at, flashback.CivilDate{Year: 2026, Month: 3, Day: 2},
		`{"path":"a.png","width":640}`, []byte{1, 2}, 0.5}
)

// with returns base with column i set to v.
func with(i int, v any) storecopy.Row {
	r := append(storecopy.Row(nil), base...)
	r[i] = v
	return r
}

func sum(t *testing.T, rows ...storecopy.Row) string {
	t.Helper()
	c := storecopy.NewChecksum(sample)
	for _, r := range rows {
		if err := c.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return c.Sum()
}

// Forms in which the stores give back one value hash alike.
func TestChecksum_SameValue(t *testing.T) {
	tests := []struct {
		name string
		row  storecopy.Row
	}{
		{"JSONAsJSONBWritesIt", with(5, `{"width": 640, "path": "a.png"}`)},
		{"TimeInAnotherZone", with(3, at.In(time.FixedZone("UTC+1", 3600)))},
		{"TimeWithNanoseconds", with(3, at.Add(999*time.Nanosecond))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if sum(t, tt.row) != sum(t, base) {
				t.Errorf("%v hashes unlike %v", tt.row, base)
			}
		})
	}
}

// Any real change of a value changes the sum.
func TestChecksum_ChangedValue(t *testing.T) {
	tests := []struct {
		name string
		rows []storecopy.Row
	}{
		{"Int", []storecopy.Row{with(0, int64(2))}},
		{"Text", []storecopy.Row{with(1, "aB")}},
		{"Bool", []storecopy.Row{with(2, false)}},
		{"TimeByAMicrosecond", []storecopy.Row{with(3, at.Add(time.Microsecond))}},
		{"NullTime", []storecopy.Row{with(3, nil)}},
		{"Date", []storecopy.Row{with(4, flashback.CivilDate{Year: 2026, Month: 3, Day: 3})}},
		{"JSONValue", []storecopy.Row{with(5, `{"path":"a.png","width":641}`)}},
		{"NoJSON", []storecopy.Row{with(5, "")}},
		{"Bytes", []storecopy.Row{with(6, []byte{1, 2, 0})}},
		{"Float", []storecopy.Row{with(7, 0.25)}},
		{"ExtraRow", []storecopy.Row{base, base}},
	}
	want := sum(t, base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if sum(t, tt.rows...) == want {
				t.Errorf("%v hashes like %v", tt.rows, base)
			}
		})
	}
}

// Values cannot run into one another: "ab" then "c" is not "a" then "bc".
func TestChecksum_Boundaries(t *testing.T) {
	if sum(t, with(1, "ab"), with(1, "c")) == sum(t, with(1, "a"), with(1, "bc")) {
		t.Error("text moved between rows hashes alike")
	}
}

func TestChecksum_BadRow(t *testing.T) {
	tests := []struct {
		name string
		row  storecopy.Row
		err  string
	}{
		{"WrongType", with(0, int32(1)), "sample.id: value of type int32, not int64"},
		{"NullInNotNull", with(1, nil), "sample.name: NULL"},
		{"ShortRow", base[:3], "row of 3 values for 8 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := storecopy.NewChecksum(sample).Add(tt.row)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Add = %v, want an error with %q", err, tt.err)
			}
		})
	}
}
