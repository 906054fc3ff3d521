// Command gen copies the BSD calendar files that make up Flashback's bundled
// corpus, with their licence notice, into a directory and records where
// they came from in a SOURCE file. It runs from go generate in package
// corpus; by hand:
//
//	go run ./corpus/internal/gen -src /usr/share/calendar -out corpus/bundled
//
// The files are copied byte for byte, so running it twice on the same
// package version leaves the directory unchanged.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"flashback/corpus/bsdcal"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	src, copyright, out, pkg string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.src, "src", "/usr/share/calendar", "directory of the calendar files (Debian package calendar)")
	fs.StringVar(&o.copyright, "copyright", "/usr/share/doc/calendar/copyright", "the licence notice of the calendar files")
	fs.StringVar(&o.out, "out", "bundled", "directory to write")
	fs.StringVar(&o.pkg, "package", "calendar", "Debian package whose version SOURCE records")
	err := fs.Parse(args)
	return o, err
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	files := bsdcal.DefaultFiles()
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	if err := removeStale(o.out, files); err != nil {
		return err
	}
	var sums strings.Builder
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(o.src, name))
		if err != nil {
			return err
		}
		if err := check(name, data); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(o.out, name), data, 0o644); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	notice, err := os.ReadFile(o.copyright)
	if err != nil {
		return fmt.Errorf("the licence notice must travel with the data: %w", err)
	}
	if err := os.WriteFile(filepath.Join(o.out, "COPYRIGHT"), notice, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, "SOURCE"), []byte(source(o.pkg, sums.String())), 0o644)
}

// check refuses a file that is not a calendar file, so that a wrong -src
// fails here rather than ship an empty corpus.
func check(name string, data []byte) error {
	entries, _, err := bsdcal.Parse(bytes.NewReader(data), name)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return fmt.Errorf("%s has no dated entries; is -src a calendar directory?", name)
	}
	return nil
}

// removeStale deletes calendar files left from an earlier list.
func removeStale(dir string, keep []string) error {
	old, err := filepath.Glob(filepath.Join(dir, "calendar.*"))
	if err != nil {
		return err
	}
	for _, path := range old {
		if !slices.Contains(keep, filepath.Base(path)) {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	return nil
}

// source writes the SOURCE file: the package version and a checksum of
// each file, so that a later run shows whether anything changed.
func source(pkg, sums string) string {
	version := packageVersion(pkg)
	if version == "" {
		version = "version unknown (dpkg-query gave none)"
	}
	return "# Written by corpus/internal/gen (go generate ./corpus); do not edit.\n" +
		"package: " + pkg + " " + version + " (Debian)\n" +
		"licence: COPYRIGHT (BSD)\n" +
		"sha256:\n" + sums
}

// packageVersion asks dpkg for the installed version of pkg; "" when dpkg
// is not there or the package is not installed.
func packageVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", pkg).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
