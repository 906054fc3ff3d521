package storejson

import (
	"reflect"
	"testing"
	"time"

	"flashback"
)

// The bytes are what databases already hold: changing them breaks reading
// old rows, so each shape is pinned here.
func TestEncode_Bytes(t *testing.T) {
	enc := func(f func() (string, error)) string {
		s, err := f()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		name, got, want string
	}{
		{"NoSources", enc(func() (string, error) { return EncodeSources(nil) }), `[]`},
		{"Sources", enc(func() (string, error) {
			return EncodeSources([]flashback.Source{{Title: "T", URL: "https://example.org"}, {Title: "U", Note: "n"}})
		}), `[{"title":"T","url":"https://example.org"},{"title":"U","note":"n"}]`},
		{"NoImage", enc(func() (string, error) { return EncodeImage(nil) }), ``},
		{"Image", enc(func() (string, error) {
			return EncodeImage(&flashback.Image{Path: "/media/a.jpg", Width: 3, Height: 2, CreditURL: "c"})
		}), `{"path":"/media/a.jpg","width":3,"height":2,"credit":"c"}`},
		{"Changes", enc(func() (string, error) {
			return EncodeChanges([]flashback.FieldChange{{Field: "headline", Old: "a", New: "b"}})
		}), `[{"field":"headline","old":"a","new":"b"}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %s, want %s", c.got, c.want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	t.Run("Sources", func(t *testing.T) {
		for _, want := range [][]flashback.Source{nil, {{Title: "T", URL: "u", Note: "n"}}} {
			s, err := EncodeSources(want)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := DecodeSources(s); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("DecodeSources(%s) = %v, %v; want %v", s, got, err, want)
			}
		}
	})
	t.Run("Image", func(t *testing.T) {
		for _, want := range []*flashback.Image{nil, {Path: "p", Width: 1, Height: 2, Alt: "a", CreditURL: "c"}} {
			s, err := EncodeImage(want)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := DecodeImage(s); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("DecodeImage(%s) = %v, %v; want %v", s, got, err, want)
			}
		}
	})
	t.Run("Incoming", func(t *testing.T) {
		want := flashback.Event{
			Date:     flashback.HistDate{Year: -43, Month: time.March, Day: 15, Calendar: flashback.Julian},
			Category: flashback.CategoryHistory, Headline: "H", Summary: "S", Body: "B",
			Sources:     []flashback.Source{{Title: "T"}},
			Provenance:  flashback.Provenance{Importer: "i", Origin: "o", Ref: "r"},
			ExternalKey: "k", Published: true,
		}
		s, err := EncodeIncoming(&want)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := DecodeIncoming(s); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeIncoming(%s) = %+v, %v; want %+v", s, got, err, want)
		}
	})
	t.Run("Garbage", func(t *testing.T) {
		if _, err := DecodeSources("{"); err == nil {
			t.Error("DecodeSources accepted garbage")
		}
		if _, err := DecodeChanges("nope"); err == nil {
			t.Error("DecodeChanges accepted garbage")
		}
	})
}

func TestDateKey(t *testing.T) {
	cases := []struct {
		name string
		d    flashback.HistDate
		key  string
	}{
		{"Day", flashback.HistDate{Year: 1969, Month: time.July, Day: 20}, "1969/7/20/0/0"},
		{"BCJulian", flashback.HistDate{Year: -43, Month: time.March, Day: 15, Calendar: flashback.Julian}, "-43/3/15/0/1"},
		{"YearOnly", flashback.HistDate{Year: 1000, Precision: flashback.PrecisionYear}, "1000/0/0/2/0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DateKey(c.d); got != c.key {
				t.Errorf("DateKey = %q, want %q", got, c.key)
			}
			if back, err := ParseDateKey(c.key); err != nil || back != c.d {
				t.Errorf("ParseDateKey = %+v, %v; want %+v", back, err, c.d)
			}
		})
	}
	if _, err := ParseDateKey("1969-07-20"); err == nil {
		t.Error("ParseDateKey accepted another format")
	}
}

func TestIncomingKey(t *testing.T) {
	if got := IncomingKey(&flashback.Event{ExternalKey: "k", Headline: "H"}); got != "key:k" {
		t.Errorf("with a key: %q", got)
	}
	if got := IncomingKey(&flashback.Event{Headline: "  Moon Landing "}); got != "headline:moon landing" {
		t.Errorf("without a key: %q", got)
	}
}
