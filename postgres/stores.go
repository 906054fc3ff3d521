package postgres

import "flashback"

var _ flashback.Database = (*DB)(nil)

// Open opens (and migrates) the database dsn names, a postgres:// URL, and
// returns its stores. now stamps every write; nil means the system clock.
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

// Stores returns every store on db. Each is made once and serves every
// field its type implements.
func (db *DB) Stores() *flashback.Stores {
	desk := NewDeskStore(db)
	subscribers := NewSubscriberStore(db)
	deliveries := NewDeliveryStore(db)
	events := NewEventStore(db)
	return &flashback.Stores{
		Events:  events,
		Search:  events,
		Reports: desk, Messages: desk, Edits: desk, Conflicts: desk, Features: desk,
		Users:       NewUserStore(db),
		Subscribers: subscribers, SubscriberList: subscribers,
		Deliveries: deliveries, DeliveryList: deliveries,
		Limits:    NewLimitStore(db),
		Leases:    NewLeaseStore(db),
		Feeds:     NewFeedStore(db),
		Media:     NewMediaStore(db),
		Secrets:   NewSecretStore(db),
		Retention: NewRetentionStore(db),
		Journal:   NewOutcomeJournal(db),
		DB:        db,
	}
}
