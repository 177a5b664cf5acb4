-- Schema webhook belongs to webhook-service; no other service writes here.
COMMENT ON SCHEMA webhook IS 'Webhook subscriptions and their signed, reliable deliveries.';
