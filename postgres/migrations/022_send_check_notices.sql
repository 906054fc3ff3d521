-- A digest's send check (DeliveryStore.Sendable) asks whether anything the
-- claim read has changed since: the subscriber's status, the subscriber
-- itself, the suppression list. Each instance listens on one channel and
-- answers the checks of unchanged subscribers from memory, so every such
-- change announces itself here, whichever program or instance makes it.
-- A notice goes out when its transaction commits, and not at all if it
-- rolls back.
CREATE FUNCTION send_check_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'suppressions' THEN
		PERFORM pg_notify('flashback_send_check', 'h' || encode(NEW.email_hash, 'hex'));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM pg_notify('flashback_send_check', 's' || OLD.id);
	ELSE
		PERFORM pg_notify('flashback_send_check', 's' || NEW.id);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER subscribers_send_check_update AFTER UPDATE OF status, email ON subscribers
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.email IS DISTINCT FROM NEW.email)
	EXECUTE FUNCTION send_check_notice();
CREATE TRIGGER subscribers_send_check_delete AFTER DELETE ON subscribers
	FOR EACH ROW EXECUTE FUNCTION send_check_notice();
CREATE TRIGGER suppressions_send_check AFTER INSERT OR UPDATE ON suppressions
	FOR EACH ROW EXECUTE FUNCTION send_check_notice();
