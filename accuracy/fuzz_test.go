package accuracy_test

import (
	"testing"
	"time"

	"flashback"
	"flashback/accuracy"
)

func FuzzLint(f *testing.F) {
	seeds := []string{
		"On January 31, 1929, Trotsky was exiled from the Soviet Union.",
		"On Friday, 31 January 1929 (O.S.), a Thursday, aged 60 (born 1879).",
		"7 November [O.S. 25 October] 1917; 0 BC; AD 0; year 0; 29 February 1900.",
		"**On [Jan. 31st](https://x.org/1929-01-31)**, 1929-02-30 c. 1400 44 B.C.",
		"# Heading\n\n- 1927: expelled\n> On 31\u00a0January\u00a01929 Лев was 49-year-old.",
		"31st of January, 1929, 1,000 3.5 1920s 5km 12345678901234567890 99999",
		"Flashback to June 17\n\nIn 1930, at the age of 130, the 70 years old",
		"\xff\xfe On 31 January \x80 1929",
	}
	for _, s := range seeds {
		f.Add(s, int16(1929), uint8(1), uint8(31), false)
	}
	f.Add("On 15 March 44 BC", int16(-43), uint8(3), uint8(15), true)
	f.Fuzz(func(t *testing.T, text string, year int16, month, day uint8, julian bool) {
		d := flashback.HistDate{Year: int(year), Month: time.Month(month % 14), Day: int(day % 33)}
		if julian {
			d.Calendar = flashback.Julian
		}
		e := &flashback.Event{Date: d, Headline: "Trotsky exiled on 31 January 1929", Summary: text, Body: text,
			Category: flashback.CategoryBirths}
		for _, fd := range accuracy.LintEvent(e) {
			if fd.Field == "headline" {
				continue // the fixed headline; its own offsets are checked elsewhere
			}
			if fd.Offset < 0 || fd.End > len(text) || fd.Offset > fd.End {
				t.Fatalf("finding out of bounds: %+v (len %d)", fd, len(text))
			}
			if fd.Span != text[fd.Offset:fd.End] {
				t.Fatalf("Span %q != text[%d:%d]", fd.Span, fd.Offset, fd.End)
			}
			if !onBoundary(text, fd.Offset) || !onBoundary(text, fd.End) {
				t.Fatalf("finding %+v not on rune boundaries", fd)
			}
			if fd.Line < 1 || fd.Column < 1 || fd.Rule == "" || fd.Message == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
