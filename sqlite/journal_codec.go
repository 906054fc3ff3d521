package sqlite

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"flashback"
)

// An outcome journal file is a header, journalMagic and a version, then
// one record per Append: the payload's length and CRC-32C (both uint32,
// little-endian), then the payload, a count and that many outcomes.
const (
	journalMagic   = "FBOJ"
	journalVersion = 1
	headerLen      = len(journalMagic) + 4
	recordHeadLen  = 8
	// maxRecord bounds a payload, so that a corrupt length is caught
	// rather than believed.
	maxRecord = 16 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errCorrupt marks a journal that cannot be read, as opposed to one whose
// last record was cut short by a crash.
var errCorrupt = errors.New("corrupt outcome journal")

// journalHeader is what a new journal file starts with.
func journalHeader() []byte {
	return binary.BigEndian.AppendUint32([]byte(journalMagic), journalVersion)
}

// stateCodes number the outcome states in the file; 0 is never written.
var stateCodes = []flashback.DeliveryState{1: flashback.DeliverySent, 2: flashback.DeliveryRetry,
	3: flashback.DeliveryFailed, 4: flashback.DeliverySkipped}

func stateCode(s flashback.DeliveryState) (byte, error) {
	for i, st := range stateCodes {
		if i > 0 && st == s {
			return byte(i), nil
		}
	}
	return 0, fmt.Errorf("outcome state %q cannot be journaled", s)
}

// encodeRecord returns one record holding outcomes.
func encodeRecord(outcomes []flashback.Outcome) ([]byte, error) {
	p := binary.AppendUvarint(nil, uint64(len(outcomes)))
	for _, o := range outcomes {
		code, err := stateCode(o.State)
		if err != nil {
			return nil, err
		}
		p = binary.AppendVarint(p, o.SubscriberID)
		p = appendString(p, o.LocalDate.String())
		p = binary.AppendUvarint(p, uint64(o.Attempt))
		p = append(p, code)
		p = appendString(p, o.MessageID)
		p = appendString(p, o.Reason)
		var retry int64
		if !o.RetryAt.IsZero() {
			retry = o.RetryAt.UnixNano()
		}
		p = binary.AppendVarint(p, retry)
	}
	rec := binary.LittleEndian.AppendUint32(nil, uint32(len(p)))
	rec = binary.LittleEndian.AppendUint32(rec, crc32.Checksum(p, castagnoli))
	return append(rec, p...), nil
}

func appendString(p []byte, s string) []byte {
	return append(binary.AppendUvarint(p, uint64(len(s))), s...)
}

// decodeJournal returns the outcomes of a whole journal file. A last
// record cut short (or a zeroed tail) is what a crash mid-write leaves and
// is ignored; anything else unreadable is errCorrupt.
func decodeJournal(b []byte) ([]flashback.Outcome, error) {
	if len(b) < headerLen {
		if bytes.HasPrefix(journalHeader(), b) {
			return nil, nil // the header's own write was cut short
		}
		return nil, fmt.Errorf("%w: bad header", errCorrupt)
	}
	if string(b[:len(journalMagic)]) != journalMagic {
		return nil, fmt.Errorf("%w: not an outcome journal", errCorrupt)
	}
	if v := binary.BigEndian.Uint32(b[len(journalMagic):]); v != journalVersion {
		return nil, fmt.Errorf("%w: version %d, this program reads %d", errCorrupt, v, journalVersion)
	}
	var out []flashback.Outcome
	for off := headerLen; off < len(b); {
		rest := b[off:]
		if len(rest) < recordHeadLen || torn(rest) {
			return out, nil
		}
		n := int(binary.LittleEndian.Uint32(rest))
		if n > maxRecord {
			return nil, fmt.Errorf("%w: record at byte %d claims %d bytes", errCorrupt, off, n)
		}
		if len(rest) < recordHeadLen+n {
			return out, nil
		}
		p := rest[recordHeadLen : recordHeadLen+n]
		if crc32.Checksum(p, castagnoli) != binary.LittleEndian.Uint32(rest[4:]) {
			return nil, fmt.Errorf("%w: checksum of the record at byte %d", errCorrupt, off)
		}
		got, err := decodePayload(p)
		if err != nil {
			return nil, fmt.Errorf("%w: record at byte %d: %v", errCorrupt, off, err)
		}
		out = append(out, got...)
		off += recordHeadLen + n
	}
	return out, nil
}

// torn reports a tail of zeros, which is how a file system may show the
// end of a file whose size reached the disk before its data.
func torn(rest []byte) bool { return len(bytes.Trim(rest, "\x00")) == 0 }

// decodePayload reads a record's count and outcomes.
func decodePayload(p []byte) ([]flashback.Outcome, error) {
	r := &reader{b: p}
	n := r.uvarint()
	if n > uint64(len(p)) { // each outcome takes several bytes
		return nil, errors.New("outcome count exceeds the record")
	}
	out := make([]flashback.Outcome, 0, n)
	for range n {
		o := flashback.Outcome{SubscriberID: r.varint()}
		date := r.string()
		o.Attempt = int(r.uvarint())
		code := r.byte()
		o.MessageID, o.Reason = r.string(), r.string()
		if ns := r.varint(); ns != 0 {
			o.RetryAt = time.Unix(0, ns).UTC()
		}
		if r.err != nil {
			return nil, r.err
		}
		if int(code) >= len(stateCodes) || code == 0 {
			return nil, fmt.Errorf("unknown outcome state %d", code)
		}
		o.State = stateCodes[code]
		var err error
		if o.LocalDate, err = flashback.ParseCivilDate(date); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if r.err == nil && len(r.b) > 0 {
		return nil, errors.New("bytes after the last outcome")
	}
	return out, r.err
}

// reader reads a payload; the first error sticks and ends the reading.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("record ends inside an outcome")

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = cmp.Or(r.err, errShort)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = cmp.Or(r.err, errShort)
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
