package migration

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	t.Run("NumericOrder", func(t *testing.T) {
		// 9 sorts after 10 as text; the order must go by number.
		ms, err := Load(fstest.MapFS{
			"migrations/10_b.sql": {Data: []byte("b")},
			"migrations/9_a.sql":  {Data: []byte("a")},
			"migrations/README":   {Data: []byte("not a migration")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 || ms[0].Version != 9 || ms[0].SQL != "a" || ms[1].Name != "10_b.sql" || Last(ms) != 10 {
			t.Errorf("Load = %+v", ms)
		}
	})
	bad := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"NoNumber", fstest.MapFS{"migrations/init.sql": {}}},
		{"ZeroNumber", fstest.MapFS{"migrations/000_init.sql": {}}},
		{"NegativeNumber", fstest.MapFS{"migrations/-1_init.sql": {}}},
		{"DuplicateNumber", fstest.MapFS{"migrations/001_a.sql": {}, "migrations/01_b.sql": {}}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Load(c.fsys); err == nil {
				t.Error("Load accepted a bad migration set")
			}
		})
	}
}

func TestCheckKnownAndPending(t *testing.T) {
	ms := []Migration{{Version: 1}, {Version: 2}, {Version: 5}}
	cases := []struct {
		name    string
		applied map[int]bool
		refused bool
		pending []int
	}{
		{"Fresh", map[int]bool{}, false, []int{1, 2, 5}},
		{"UpToDate", map[int]bool{1: true, 2: true, 5: true}, false, nil},
		{"LateLowerNumber", map[int]bool{1: true, 5: true}, false, []int{2}},
		{"Newer", map[int]bool{1: true, 2: true, 5: true, 9: true}, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckKnown(c.applied, ms)
			if c.refused {
				if err == nil || !strings.Contains(err.Error(), "migration 9") || !strings.Contains(err.Error(), "upgrade") {
					t.Errorf("CheckKnown = %v, want a refusal naming migration 9 and saying to upgrade", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range Pending(c.applied, ms) {
				got = append(got, m.Version)
			}
			if !slices.Equal(got, c.pending) {
				t.Errorf("Pending = %v, want %v", got, c.pending)
			}
		})
	}
}

func TestCheckCurrent(t *testing.T) {
	ms := []Migration{{Version: 1, Name: "001_a.sql"}, {Version: 2, Name: "002_b.sql"}}
	cases := []struct {
		name    string
		applied map[int]bool
		err     string // part of the error; "" for none
	}{
		{"Current", map[int]bool{1: true, 2: true}, ""},
		{"Behind", map[int]bool{1: true}, "from 002_b.sql on; run flashback migrate"},
		{"Empty", map[int]bool{}, "lacks 2 migration(s)"},
		{"Ahead", map[int]bool{1: true, 2: true, 3: true}, "upgrade Flashback"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckCurrent(c.applied, ms)
			if c.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("CheckCurrent = %v, want an error with %q", err, c.err)
			}
		})
	}
}
