package flashback

import "context"

// Stores is every store of one database: what a backend's Open returns and
// cmd/flashback hands out to the services. A backend may let one value
// serve several fields; callers see only the interfaces.
type Stores struct {
	Events         EventStore
	Search         Searcher
	Reports        ReportStore
	Messages       MessageStore
	Edits          EditStore
	Conflicts      ConflictStore
	Features       FeatureStore
	Users          UserStore
	Subscribers    SubscriberStore
	SubscriberList SubscriberLister
	Deliveries     DeliveryStore
	DeliveryList   DeliveryLister
	Journal        OutcomeJournal
	Limits         LimitStore
	Leases         LeaseStore
	Feeds          FeedStore
	Media          MediaStore
	Retention      RetentionStore
	Secrets        SecretStore
	// DB is the database under them all.
	DB Database
}

// Database is what the database under a Stores bundle offers besides its
// stores.
type Database interface {
	// Ping checks that the database can still be reached and is the one
	// that was opened, for health checks.
	Ping(ctx context.Context) error
	// Backup writes a consistent copy of the database, in use, to a new
	// file at dest; it never overwrites one.
	Backup(ctx context.Context, dest string) error
	// Close releases the database; the stores are unusable afterwards.
	Close() error
}

// Close closes the database under the stores.
func (s *Stores) Close() error { return s.DB.Close() }

// RestoreReport says what restoring a backup over a database did, for the
// operator.
type RestoreReport struct {
	Target string
	// SchemaVersion is the backup's; Latest is this program's, to which
	// the next start migrates it.
	SchemaVersion, Latest int
	// Kept is where the replaced database now lives ("" when there was
	// none), so that a restore of the wrong backup can be undone.
	Kept string
	// Removed lists files of the replaced database that a restore removed.
	Removed []string
}
