package wikisync

import (
	"encoding/binary"
	"errors"
)

var errWebP = errors.New("unreadable WebP header")

// webpSize reads a WebP's canvas size from its first chunk: the standard
// library has no WebP decoder, and the header is all a size check needs.
func webpSize(b []byte) (int, int, error) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0, errWebP
	}
	chunk, d := string(b[12:16]), b[20:]
	switch chunk {
	case "VP8X": // extended: 24-bit width-1 and height-1 at bytes 4 and 7
		return int(le24(d[4:])) + 1, int(le24(d[7:])) + 1, nil
	case "VP8L": // lossless: signature 0x2f, then 14-bit width-1 and height-1
		if d[0] != 0x2f {
			return 0, 0, errWebP
		}
		bits := binary.LittleEndian.Uint32(d[1:5])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1, nil
	case "VP8 ": // lossy: a start code at byte 3, then 14-bit width and height
		if d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a {
			return 0, 0, errWebP
		}
		return int(binary.LittleEndian.Uint16(d[6:]) & 0x3fff), int(binary.LittleEndian.Uint16(d[8:]) & 0x3fff), nil
	}
	return 0, 0, errWebP
}

func le24(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 }
