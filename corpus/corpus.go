// Package corpus turns sources of history into Flashback events and ships
// the default corpus: the BSD calendar(1) files of bundled/, generated from
// the Debian package calendar with their licence notice (see bundled/README).
package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"flashback"
	"flashback/corpus/bsdcal"
	"flashback/corpus/errata"
)

//go:generate go run ./internal/gen -out bundled

// bundled holds the calendar files, COPYRIGHT, SOURCE and README.
//
//go:embed bundled
var bundled embed.FS

// errataDir holds the errata of the bundled corpus, errata/*.tsv. The
// directory is embedded rather than the pattern, so that the build works
// before any file of errata exists (a pattern must match a file); it
// carries package errata's sources, tests and README too (about 50 KB),
// which Errata does not read.
//
//go:embed errata
var errataDir embed.FS

// Bundled returns the events of the bundled corpus, corrected by its
// errata, and the entries it left out, with the reason for each. An
// erratum that does not fit the data is an error.
func Bundled() ([]*flashback.Event, []flashback.Skip, error) {
	events, skips, err := BundledUncorrected()
	if err != nil {
		return nil, nil, err
	}
	files, err := Errata()
	if err != nil {
		return nil, nil, err
	}
	if err := errata.Apply(events, files); err != nil {
		return nil, nil, fmt.Errorf("apply the errata of the bundled corpus: %w", err)
	}
	return events, skips, nil
}

// BundledUncorrected returns the bundled corpus as the calendar files give
// it, before errata: what an erratum's old value is compared with.
func BundledUncorrected() ([]*flashback.Event, []flashback.Skip, error) {
	sub, err := fs.Sub(bundled, "bundled")
	if err != nil {
		return nil, nil, err
	}
	return parseFS(sub, bsdcal.DefaultFiles())
}

// Errata returns the files of errata of the bundled corpus, in name order.
func Errata() ([]*errata.File, error) {
	sub, err := fs.Sub(errataDir, "errata")
	if err != nil {
		return nil, err
	}
	return errata.ParseFS(sub)
}

// ParseBSDDir reads the calendar files of dir that the bundled corpus is
// made of (bsdcal.DefaultFiles; a directory such as the Debian package's
// holds many more, some fiction, some people's private birthdays). At least
// one must be there. To read any other file, use ParseBSDFile.
func ParseBSDDir(dir string) ([]*flashback.Event, []flashback.Skip, error) {
	var present []string
	for _, name := range bsdcal.DefaultFiles() {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			present = append(present, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, err
		}
	}
	if len(present) == 0 {
		return nil, nil, flashback.Errorf(flashback.ENOTFOUND, "%s holds none of the calendar files %s.",
			dir, strings.Join(bsdcal.DefaultFiles(), ", "))
	}
	return parseFS(os.DirFS(dir), present)
}

// ParseBSDFile reads one calendar file. Its name (calendar.music, …)
// chooses the category of its events.
func ParseBSDFile(path string) ([]*flashback.Event, []flashback.Skip, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, flashback.Errorf(flashback.ENOTFOUND, "There is no file %s.", path)
		}
		return nil, nil, err
	}
	return parseBSD(data, filepath.Base(path))
}

// parseFS reads the named calendar files of fsys, in the order given.
func parseFS(fsys fs.FS, names []string) ([]*flashback.Event, []flashback.Skip, error) {
	var events []*flashback.Event
	var skips []flashback.Skip
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, fmt.Errorf("read calendar file: %w", err)
		}
		ev, sk, err := parseBSD(data, name)
		if err != nil {
			return nil, nil, err
		}
		events = append(events, ev...)
		skips = append(skips, sk...)
	}
	return events, skips, nil
}

func parseBSD(data []byte, name string) ([]*flashback.Event, []flashback.Skip, error) {
	entries, skips, err := bsdcal.Parse(bytes.NewReader(data), name)
	if err != nil {
		return nil, nil, err
	}
	events, more := bsdcal.Events(entries, name)
	return events, append(skips, more...), nil
}
