package storecopy

// Tables lists every table of a site, in an order in which each table's
// references point to tables before it: copied in this order and cleared
// in the reverse, no foreign key is ever broken on the way.
//
// Every table of both schemas is here but two, neither of which is the
// site's: schema_migrations, which each store keeps for its own
// migrations, and PostgreSQL's outcome_journal (SQLite keeps the same
// journal in files beside the database), which a copy empties into the
// source's ledger before it starts (see Copy). Instances, leases and rate
// limits are copied too, although they are of running processes: a claim
// in the ledger names its instance, and a throttled address stays
// throttled across the move.
//
// content_version comes last: the schemas' triggers bump it while the
// other tables fill, and the copy then sets it to the source's number.
var Tables = []Table{
	{Name: "categories", Seeded: true, Key: k("slug"), Columns: cols(
		c("slug", Text), c("name", Text), c("description", Text), c("position", Int))},
	{Name: "events", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("year", Int), c("month", Int), c("day", Int), c("precision", Int), c("calendar", Int),
		c("category", Text), c("headline", Text), c("summary", Text), c("body", Text), c("slug", Text),
		c("sources", JSON), c("importer", Text), c("origin", Text), c("ref", Text), null("external_key", Text),
		c("published", Bool), c("selected", Bool), c("image", JSON), c("date_mark", JSON),
		c("created_at", Time), c("updated_at", Time))},
	{Name: "media", Key: k("hash"), Columns: cols(
		c("hash", Text), c("content_type", Text), c("data", Bytes), c("width", Int), c("height", Int),
		c("created_at", Time))},
	{Name: "users", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("email", Text), c("name", Text), c("role", Text), c("password_hash", Text),
		c("disabled", Bool), c("created_at", Time), c("updated_at", Time))},
	{Name: "sessions", Key: k("token_hash"), Columns: cols(
		c("token_hash", Text), c("user_id", Int), c("created_at", Time), c("expires_at", Time))},
	{Name: "reports", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("event_id", Int), c("problem", Text), c("correction", Text), c("source", Text),
		c("email", Text), c("status", Text), c("note", Text), null("resolved_by", Int),
		c("created_at", Time), null("resolved_at", Time))},
	{Name: "corrections", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("event_id", Int), null("report_id", Int), c("text", Text), null("key", Text),
		c("refs", Text), c("created_at", Time))},
	{Name: "messages", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("name", Text), c("email", Text), c("subject", Text), c("body", Text),
		c("handled", Bool), null("handled_by", Int), c("created_at", Time), null("handled_at", Time))},
	{Name: "revisions", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("event_id", Int), null("editor_id", Int), c("changes", JSON), c("note", Text),
		c("created_at", Time))},
	{Name: "conflicts", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("event_id", Int), c("incoming", JSON), c("incoming_key", Text),
		c("incoming_date", Text), c("stored_date", Text), c("reason", Text), c("status", Text),
		c("note", Text), null("resolved_by", Int), c("created_at", Time), null("resolved_at", Time))},
	{Name: "featured_picks", Key: k("year", "month", "day"), Columns: cols(
		c("year", Int), c("month", Int), c("day", Int), c("event_id", Int), null("editor_id", Int),
		c("note", Text), c("created_at", Time))},
	{Name: "subscribers", Key: k("id"), Serial: "id", Columns: cols(
		c("id", Int), c("email", Text), c("time_zone", Text), c("wake_hour", Int), c("categories", Text),
		c("status", Text), c("status_reason", Text), c("token_gen", Int), null("confirm_hash", Bytes),
		null("confirm_expires_at", Time), c("consent_source", Text), c("consent_at", Time),
		c("consent_ip", Text), null("confirmed_at", Time), c("confirm_ip", Text),
		null("unsubscribed_at", Time), null("next_date", Date), null("next_due_at", Time),
		c("created_at", Time), c("updated_at", Time))},
	{Name: "deliveries", Key: k("subscriber_id", "local_date"), Columns: cols(
		c("subscriber_id", Int), c("local_date", Date), c("state", Text), c("attempts", Int),
		null("lease_until", Time), null("next_attempt_at", Time), c("message_id", Text), c("reason", Text),
		null("owner_id", Text), null("owner_started", Time), c("created_at", Time), c("updated_at", Time))},
	{Name: "suppressions", Key: k("email_hash"), Columns: cols(
		c("email_hash", Bytes), c("reason", Text), c("created_at", Time))},
	{Name: "confirm_mails", Key: k("email_hash", "sent_at"), Columns: cols(
		c("email_hash", Bytes), c("sent_at", Time))},
	{Name: "secrets", Key: k("name"), Columns: cols(
		c("name", Text), c("value", Bytes), c("created_at", Time))},
	{Name: "instances", Key: k("id", "started_at"), Columns: cols(
		c("id", Text), c("started_at", Time), c("heartbeat_at", Time))},
	{Name: "leases", Key: k("name"), Columns: cols(
		c("name", Text), c("owner", Text), c("expires_at", Time))},
	{Name: "rate_limits", Key: k("key"), Columns: cols(
		c("key", Bytes), c("tokens", Float), c("at", Time), c("full_at", Time))},
	{Name: "feed_days", Key: k("feed", "month", "day"), Columns: cols(
		c("feed", Text), c("month", Int), c("day", Int), c("etag", Text), c("last_modified", Text),
		c("synced_at", Time))},
	{Name: "feed_runs", Key: k("feed"), Columns: cols(
		c("feed", Text), c("span", Text), c("started_at", Time), null("finished_at", Time))},
	{Name: "content_version", Seeded: true, Key: k("id"), Columns: cols(
		c("id", Int), c("version", Int))},
}

func k(names ...string) []string { return names }

func cols(cs ...Column) []Column { return cs }

func c(name string, kind Kind) Column { return Column{Name: name, Kind: kind} }

func null(name string, kind Kind) Column { return Column{Name: name, Kind: kind, Null: true} }
