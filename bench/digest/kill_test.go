package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"flashback/postgres/pgtest"
)

// TestMain lets the test binary stand in for the benchmark's program: the
// sink and instance processes the kill run starts are this binary again.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := cli(os.Args[1:]); err != nil {
			os.Stderr.WriteString("bench/digest child: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKills is the kill run at a small scale on PostgreSQL: three
// instances, each killed with SIGKILL at random moments of the pass and
// restarted under its ID. No digest may be lost, a repeat must carry the
// first copy's Message-ID, a kill may repeat at most one digest per SMTP
// connection of the killed instance, and the digests a kill left in
// flight must all be out within a minute of it.
func TestKills(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a dozen processes")
	}
	const kills = 4
	c := config{n: 3000, conns: 4, workers: 8, batch: 64, instances: 3, kills: kills,
		dsn: pgtest.DSN(t)}
	sk, err := startSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sk.stop()
	now := time.Now().UTC().Truncate(time.Minute)
	if err := prepare(c, now); err != nil {
		t.Fatal(err)
	}
	o, err := runKills(c, sk, now)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	o.print(&out)
	t.Log("\n" + out.String())
	if err := o.check(); err != nil {
		t.Error(err)
	}
	// Kills come at shares of the digests that arrived, so all happen
	// unless every instance ended first, which a pass of 3,000 should not.
	if len(o.kills) < kills-1 {
		t.Errorf("only %d of %d kills happened; the test did not test much", len(o.kills), kills)
	}
}
