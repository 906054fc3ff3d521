package sqlite

import (
	"errors"
	"slices"
	"testing"
	"time"

	"flashback"
)

var jan31 = flashback.CivilDate{Year: 2026, Month: 1, Day: 31}

// sampleOutcomes has one outcome of each state.
func sampleOutcomes() []flashback.Outcome {
	retry := time.Date(2026, 1, 31, 7, 10, 0, 5, time.UTC)
	return []flashback.Outcome{
		{SubscriberID: 1, LocalDate: jan31, Attempt: 1, State: flashback.DeliverySent, MessageID: "<digest-1-2026-01-31@x>"},
		{SubscriberID: 2, LocalDate: jan31, Attempt: 3, State: flashback.DeliveryRetry, Reason: "421 busy", RetryAt: retry},
		{SubscriberID: 3, LocalDate: jan31, Attempt: 1, State: flashback.DeliveryFailed, Reason: "550 no such user"},
		{SubscriberID: 1 << 40, LocalDate: jan31, Attempt: 2, State: flashback.DeliverySkipped, Reason: "suppressed"},
	}
}

// encodeJournal is a whole file holding one record per group.
func encodeJournal(t testing.TB, groups ...[]flashback.Outcome) []byte {
	t.Helper()
	b := journalHeader()
	for _, g := range groups {
		rec, err := encodeRecord(g)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, rec...)
	}
	return b
}

func TestDecodeJournal(t *testing.T) {
	all := sampleOutcomes()
	whole := encodeJournal(t, all[:1], all[1:])
	tests := []struct {
		name    string
		file    []byte
		want    []flashback.Outcome
		corrupt bool
	}{
		{"OK", whole, all, false},
		{"Empty", nil, nil, false},
		{"TornHeader", whole[:3], nil, false},
		{"HeaderOnly", whole[:headerLen], nil, false},
		{"TornLastRecord", whole[:len(whole)-1], all[:1], false},
		{"TornRecordHead", whole[:len(whole)-len(mustRecord(t, all[1:]))+5], all[:1], false},
		{"ZeroedTail", append(slices.Clone(whole), make([]byte, 40)...), all, false},
		{"NotAJournal", []byte("SQLite format 3\x00"), nil, true},
		{"UnknownVersion", append([]byte(journalMagic), 0, 0, 0, 9), nil, true},
		{"FlippedByte", flip(whole, headerLen+recordHeadLen+2), nil, true},
		{"GarbageTail", append(slices.Clone(whole), "garbage!garbage!"...), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeJournal(tt.file)
			if tt.corrupt {
				if !errors.Is(err, errCorrupt) {
					t.Fatalf("got %v, %v; want errCorrupt", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, sameOutcome) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func mustRecord(t *testing.T, outcomes []flashback.Outcome) []byte {
	t.Helper()
	rec, err := encodeRecord(outcomes)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func flip(b []byte, i int) []byte {
	b = slices.Clone(b)
	b[i] ^= 0xff
	return b
}

func sameOutcome(a, b flashback.Outcome) bool {
	return a.SubscriberID == b.SubscriberID && a.LocalDate == b.LocalDate && a.Attempt == b.Attempt &&
		a.State == b.State && a.MessageID == b.MessageID && a.Reason == b.Reason && a.RetryAt.Equal(b.RetryAt)
}

// TestDecodeJournal_EveryCut: wherever a crash cuts the file, what is left
// reads as the records that were whole.
func TestDecodeJournal_EveryCut(t *testing.T) {
	all := sampleOutcomes()
	whole := encodeJournal(t, all[:1], all[1:3], all[3:])
	for cut := range len(whole) + 1 {
		got, err := decodeJournal(whole[:cut])
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if n := len(got); n != 0 && n != 1 && n != 3 && n != 4 || !slices.EqualFunc(got, all[:len(got)], sameOutcome) {
			t.Fatalf("cut at %d: got %+v", cut, got)
		}
	}
}

func TestEncodeRecord_UnknownState(t *testing.T) {
	_, err := encodeRecord([]flashback.Outcome{{SubscriberID: 1, LocalDate: jan31, State: flashback.DeliverySending}})
	if err == nil {
		t.Fatal("a 'sending' outcome was journaled")
	}
}

// FuzzDecodeJournal: no input makes the decoder panic, and whatever it
// accepts encodes back to records it reads the same.
func FuzzDecodeJournal(f *testing.F) {
	all := sampleOutcomes()
	f.Add(encodeJournal(f, all))
	f.Add(encodeJournal(f, all[:2], all[2:]))
	f.Add(journalHeader())
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeJournal(b)
		if err != nil || len(got) == 0 {
			return
		}
		again, err := decodeJournal(encodeJournal(t, got))
		if err != nil || !slices.EqualFunc(again, got, sameOutcome) {
			t.Fatalf("re-encoded %+v reads as %+v, %v", got, again, err)
		}
	})
}
