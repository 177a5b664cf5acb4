-- The W3C trace context of the request that wrote the event (its CloudEvents traceparent attribute), kept
-- beside it so that the relay publishes the event in that trace (traceparent in the Kafka headers) and an
-- operator can find the trace of a stuck event. Generated from the payload: every way of writing an event
-- fills it.
ALTER TABLE ${flyway:defaultSchema}.outbox ADD COLUMN trace_parent text GENERATED ALWAYS AS (payload ->> 'traceparent') STORED;
