// Package wikimedia reads the JSON of Wikimedia's "on this day" feed, the
// lists of events, births, deaths and holidays that Wikipedia keeps for each
// day of the year, and turns them into Flashback events.
//
// The feed is fetched per day (…/feed/onthisday/{type}/{MM}/{DD}), so the
// JSON does not say which day it describes: Parse takes the day as a
// parameter, and MonthDayFromFileName reads it from a saved file's name.
//
// Years in the feed use historical numbering: "year": -44 is 44 BC, which is
// astronomical year -43 in a flashback.HistDate. There is no year 0 in that
// numbering, so an entry with "year": 0 is refused.
//
// The text comes from Wikipedia under CC BY-SA 4.0; every event carries that
// attribution in its sources.
package wikimedia

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"flashback"
)

// Importer is the Provenance.Importer of events made here.
const Importer = "wikimedia"

// MaxInput is the largest feed Parse reads. A whole day of the English
// feed ("all") is under 2 MiB; the limit only stops a hostile input from
// using unbounded memory.
const MaxInput = 32 << 20

// Feed lists, in the order Parse reads them. "events" comes before
// "selected" so that an anniversary listed in both keeps the key of its
// "events" entry, whichever files an import happens to include.
var lists = []string{"events", "selected", "births", "deaths", "holidays"}

// Parse reads one day's feed JSON. md is the day the feed was fetched for;
// origin names the input in provenance and skip references, e.g.
// "onthisday-01-31.json". Entries that cannot become events are returned as
// skips with a reason; the error is for input that is not a feed at all
// (not JSON, not an object, too large, or a failed read).
func Parse(r io.Reader, md flashback.MonthDay, origin string) ([]*flashback.Event, []flashback.Skip, error) {
	day, err := ParseDay(r, md, origin)
	if err != nil {
		return nil, nil, err
	}
	return day.Events, day.Skips, nil
}

// ParseDay is Parse that also returns the picture the feed gives for each
// event, for an importer that downloads them.
func ParseDay(r io.Reader, md flashback.MonthDay, origin string) (*Day, error) {
	if !md.Valid() {
		return nil, flashback.Errorf(flashback.EINVALID, "%d/%d is not a day of the year.", int(md.Month), md.Day)
	}
	data, err := readLimited(r, origin)
	if err != nil {
		return nil, err
	}
	top, err := decodeTop(data, origin)
	if err != nil {
		return nil, err
	}
	p := newParser(md, origin)
	found := false
	for _, kind := range lists {
		raw, ok := top[kind]
		if !ok || isNull(raw) {
			continue
		}
		found = true
		p.list(kind, raw)
	}
	if !found {
		// Not an empty day, which lists its kinds with nothing in them:
		// some other JSON, which would otherwise import as "0 added".
		return nil, flashback.Errorf(flashback.EINVALID, "%s is not an on-this-day feed: it has none of the lists %s.",
			origin, strings.Join(lists, ", "))
	}
	return &Day{Events: p.events, Skips: p.skips, Pictures: p.pictures}, nil
}

// readLimited reads all of r, refusing more than MaxInput bytes.
func readLimited(r io.Reader, origin string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", origin, err)
	}
	if len(data) > MaxInput {
		return nil, flashback.Errorf(flashback.EINVALID,
			"%s is larger than %d MiB; a day of the feed is far smaller.", origin, MaxInput>>20)
	}
	return data, nil
}

// decodeTop reads the top-level object into its lists, still undecoded, so
// that a bad entry costs only itself.
func decodeTop(data []byte, origin string) (map[string]json.RawMessage, error) {
	var top map[string]json.RawMessage
	err := json.Unmarshal(data, &top)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return nil, flashback.Errorf(flashback.EINVALID,
			"%s is not valid JSON: %s at line %d, column %d.", origin, syn.Error(), line, col)
	case errors.As(err, &typ):
		return nil, flashback.Errorf(flashback.EINVALID,
			"%s is not an on-this-day feed: the top level is a JSON %s, not an object.", origin, typ.Value)
	case err != nil:
		return nil, flashback.Errorf(flashback.EINVALID, "%s is not valid JSON: %s.", origin, err.Error())
	case top == nil:
		return nil, flashback.Errorf(flashback.EINVALID, "%s is not an on-this-day feed: it is null.", origin)
	}
	return top, nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// ref names entry i of a list, e.g. "events[3]".
func ref(kind string, i int) string { return kind + "[" + strconv.Itoa(i) + "]" }
