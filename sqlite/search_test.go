package sqlite_test

import (
	"testing"

	"flashback/sqlite"
	"flashback/storetest"
)

func TestSearcher(t *testing.T) {
	storetest.TestSearcher(t, func(t *testing.T) storetest.SearchStore {
		return sqlite.NewEventStore(MustOpenDB(t))
	})
}
