package compress_test

import (
	"strings"
	"testing"

	"flashback/http/compress"
)

var all = compress.Set(0).With(compress.Gzip).With(compress.Brotli)

func TestChoose(t *testing.T) {
	gzipOnly := compress.Set(0).With(compress.Gzip)
	tests := []struct {
		name   string
		header string
		have   compress.Set
		want   compress.Coding
	}{
		{"Absent", "", all, compress.Identity},
		{"Gzip", "gzip", all, compress.Gzip},
		{"Browser", "gzip, deflate, br, zstd", all, compress.Brotli},
		{"BrowserWithoutBrotliBody", "gzip, deflate, br", gzipOnly, compress.Gzip},
		{"CaseAndSpaces", "  GZip ;  Q=1 ,\tBR;q=0.5", all, compress.Gzip},
		{"XGzip", "x-gzip", all, compress.Gzip},
		{"WeightsDecide", "br;q=0.2, gzip;q=0.8", all, compress.Gzip},
		{"ThreeDecimals", "br;q=0.001, gzip;q=0.000", all, compress.Brotli},
		{"TieGoesToBrotli", "gzip;q=0.5, br;q=0.5", all, compress.Brotli},
		{"IdentityPreferred", "identity, gzip;q=0.5", all, compress.Identity},
		{"ZeroRefuses", "gzip;q=0, br;q=0", all, compress.Identity},
		{"StarCoversUnnamed", "*", all, compress.Brotli},
		{"StarWithExclusion", "*, br;q=0", all, compress.Gzip},
		{"StarZeroButGzipNamed", "*;q=0, gzip", all, compress.Gzip},
		{"NothingAcceptableStillIdentity", "identity;q=0, *;q=0", all, compress.Identity},
		{"NothingCompressedAvailable", "gzip, br", 0, compress.Identity},
		{"UnknownOnly", "deflate, zstd", all, compress.Identity},
		{"MalformedWeightIgnored", "br;q=2, gzip;q=abc, gzip", all, compress.Gzip},
		{"WeightAboveOne", "br;q=1.001, gzip", all, compress.Gzip},
		{"TooManyDecimals", "br;q=0.5000, gzip;q=0.1", all, compress.Gzip},
		{"OtherParameter", "br;level=5, gzip;q=0.1", all, compress.Gzip},
		{"FirstOfTwiceNamedWins", "br;q=0, br, gzip;q=0.1", all, compress.Gzip},
		{"EmptyElements", ",,gzip,,", all, compress.Gzip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compress.Choose(tt.header, tt.have); got != tt.want {
				t.Errorf("Choose(%q) = %q, want %q", tt.header, got.Token(), tt.want.Token())
			}
		})
	}
}

// The hot path of every cached page: no allocation.
func TestChoose_NoAllocation(t *testing.T) {
	n := testing.AllocsPerRun(100, func() { compress.Choose("gzip, deflate, br;q=0.9, zstd", all) })
	if n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

// Whatever a client sends, the answer is a coding the body has, and one
// the header named (itself or through "*") unless it is identity.
// Surrounding empty elements change nothing.
func FuzzChoose(f *testing.F) {
	for _, s := range []string{"", "gzip", "gzip, deflate, br, zstd", "*;q=0", "br;q=0.5, gzip;q=0.50",
		"identity;q=0, *;q=0", "x-gzip;Q=1.000", "br;q=1.", ";q=0", "gzip;q="} {
		f.Add(s, uint8(all))
	}
	f.Fuzz(func(t *testing.T, header string, have uint8) {
		set := compress.Set(have) & all
		got := compress.Choose(header, set)
		if !set.Has(got) {
			t.Fatalf("Choose(%q) = %d, not available", header, got)
		}
		lower := strings.ToLower(header)
		if got != compress.Identity && !strings.Contains(lower, got.Token()) && !strings.Contains(lower, "*") {
			t.Fatalf("Choose(%q) = %q, which the header does not name", header, got.Token())
		}
		if again := compress.Choose(", "+header+" ,", set); again != got {
			t.Fatalf("Choose(%q) = %q, but with empty elements around it %q", header, got.Token(), again.Token())
		}
	})
}

func BenchmarkChoose(b *testing.B) {
	for _, h := range []string{"gzip", "gzip, deflate, br, zstd"} {
		b.Run(h, func(b *testing.B) {
			for b.Loop() {
				compress.Choose(h, all)
			}
		})
	}
}
