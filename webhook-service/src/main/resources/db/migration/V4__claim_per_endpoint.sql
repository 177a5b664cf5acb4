-- The dispatcher claims per endpoint (a LATERAL scan of each active endpoint's due deliveries), so one
-- endpoint's backlog, dead or alive, is never ranked together with another's, and a disabled endpoint's
-- pending deliveries are never scanned at all.
CREATE INDEX delivery_endpoint_due_idx ON webhook.delivery (endpoint_id, next_attempt_at, seq) WHERE status = 'pending';
DROP INDEX webhook.delivery_due_idx;
