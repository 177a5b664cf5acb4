-- The shared outbox relay reads the trace context of each event (see records-service's V7): user changes
-- carry one when their payload has a CloudEvents traceparent attribute.
ALTER TABLE ${flyway:defaultSchema}.outbox ADD COLUMN trace_parent text GENERATED ALWAYS AS (payload::json ->> 'traceparent') STORED;
