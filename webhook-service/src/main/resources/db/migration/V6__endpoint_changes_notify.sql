-- Every replica keeps the active webhooks in memory (ActiveWebhooks), so that a change event nobody subscribes
-- to costs no query. A change that decides what matches (a webhook made, deleted, enabled, disabled, or its
-- object, events or owner changed) is announced on channel hotcrm_webhook_endpoints, by whichever replica or
-- statement made it; the replicas LISTEN and reload. Attempts that only touch failing_since stay quiet.
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION webhook.announce_endpoint_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hotcrm_webhook_endpoints', '');
    RETURN NULL;
END $$;

CREATE TRIGGER endpoint_inserted_or_deleted AFTER INSERT OR DELETE ON webhook.endpoint
    FOR EACH STATEMENT EXECUTE FUNCTION webhook.announce_endpoint_change();
CREATE TRIGGER endpoint_matching_changed AFTER UPDATE ON webhook.endpoint
    FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.object IS DISTINCT FROM NEW.object
                       OR OLD.events IS DISTINCT FROM NEW.events OR OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION webhook.announce_endpoint_change();
