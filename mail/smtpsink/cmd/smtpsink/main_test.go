package main

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// TestRunCountsAndPrintsTotals runs the command in-process, sends it mail
// with a real client, stops it with SIGTERM and reads its totals.
func TestRunCountsAndPrintsTotals(t *testing.T) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-addr", "127.0.0.1:0", "-count-only"}, pw)
		_ = pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no start line: %v", <-done)
	}
	url, ok := strings.CutPrefix(lines.Text(), "smtpsink listening on smtp://")
	if !ok {
		t.Fatalf("start line = %q", lines.Text())
	}
	c, err := smtp.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	msg := "From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nbody\r\n"
	for range 3 {
		if err := c.SendMail("a@example.org", []string{"b@example.org"}, strings.NewReader(msg)); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.Quit()

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !lines.Scan() {
		t.Fatal("no totals line")
	}
	want := "messages=3 bytes=" + strconv.Itoa(3*len(msg)) + " connections=1 rejected=0"
	if lines.Text() != want {
		t.Errorf("totals = %q, want %q", lines.Text(), want)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after SIGTERM")
	}
}

func TestRunRejectsBadFailRate(t *testing.T) {
	if err := run([]string{"-fail-rate", "1.5"}, io.Discard); err == nil {
		t.Error("run accepted -fail-rate 1.5")
	}
}

func TestFailSomeRefusesTheGivenShare(t *testing.T) {
	tests := []struct {
		name string
		rate float64
		want func(refused int) bool
	}{
		{"Never", 0.0001, func(n int) bool { return n < 20 }},
		{"Always", 1, func(n int) bool { return n == 1000 }},
		{"Half", 0.5, func(n int) bool { return n > 400 && n < 600 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn, refused := failSome(tc.rate), 0
			for range 1000 {
				if err := fn("a@example.org", []string{"b@example.org"}); err != nil {
					if err.Code != 451 {
						t.Fatalf("code %d, want 451", err.Code)
					}
					refused++
				}
			}
			if !tc.want(refused) {
				t.Errorf("refused %d of 1000 at rate %v", refused, tc.rate)
			}
		})
	}
}
