package sqlite

import (
	"fmt"
	"os"

	"flashback"
)

var _ flashback.Database = (*DB)(nil)

// Open opens (creating and migrating as needed) the database dsn names, a
// file path or a "sqlite:" URL, and returns its stores. now stamps every
// write; nil means the system clock.
func Open(dsn string, now flashback.Clock) (*flashback.Stores, error) {
	db := NewDB(dsn)
	if now != nil {
		db.Now = now
	}
	if err := db.Open(); err != nil {
		return nil, err
	}
	return db.Stores(), nil
}

// OpenExisting is Open for a database that must exist already, such as
// the one a backup copies: a mistyped path is an error, not a new, empty
// site.
func OpenExisting(dsn string, now flashback.Clock) (*flashback.Stores, error) {
	path, err := pathFromDSN(dsn)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite: no database at %s: %w", path, err)
	}
	return Open(dsn, now)
}

// Stores returns every store on db. Each is made once and serves every
// field its type implements, so its caches (prepared statements, zones)
// serve them all.
func (db *DB) Stores() *flashback.Stores {
	desk := NewDeskStore(db)
	subscribers := NewSubscriberStore(db)
	deliveries := NewDeliveryStore(db)
	events := NewEventStore(db)
	return &flashback.Stores{
		Events: events, Search: events,
		Reports: desk, Messages: desk, Edits: desk, Conflicts: desk, Features: desk,
		Users:       NewUserStore(db),
		Subscribers: subscribers, SubscriberList: subscribers,
		Deliveries: deliveries, DeliveryList: deliveries,
		Journal:   NewOutcomeJournal(db),
		Limits:    NewLimitStore(db),
		Leases:    NewLeaseStore(db),
		Feeds:     NewFeedStore(db),
		Media:     NewMediaStore(db),
		Retention: NewRetentionStore(db),
		Secrets:   NewSecretStore(db),
		DB:        db,
	}
}
