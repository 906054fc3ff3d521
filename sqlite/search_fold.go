package sqlite

import (
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"

	"flashback"
)

// The search indexes' triggers and the imports' index statements call
// search_fold (flashback.FoldSearchText) on the text they index, so the
// indexes hold "Straße" as "strasse" and "Łódź" as "lodz", as PostgreSQL's
// do. Only this program defines it: a statement that writes an event's
// text from another SQLite client fails with "no such function:
// search_fold" rather than index the text unfolded.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("search_fold", 1, foldSQL)
}

func foldSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case nil:
		return nil, nil
	case string:
		return flashback.FoldSearchText(v), nil
	case []byte:
		return flashback.FoldSearchText(string(v)), nil
	case int64, float64:
		return v, nil
	}
	return nil, fmt.Errorf("search_fold: unexpected %T", args[0])
}
