-- The outbox of the service whose Flyway runs this: ${flyway:defaultSchema}.outbox. Events wait here, written in the
-- transaction that makes the change, until the outbox relay has published them to Kafka (see the outbox module's
-- README). A service applies it by adding classpath:db/outbox to quarkus.flyway.locations.
--
-- A Flyway callback, not a versioned migration: it runs before every migrate, so it is written to converge whatever
-- it finds (nothing, or a table made before the module owned it) on the one shape below, and the table exists before any
-- of the service's own migrations that refer to it. Flyway records nothing of it in the schema history.
--
-- Replicas starting together take turns here.
SELECT pg_advisory_xact_lock(hashtext('hotcrm.outbox.schema'));

DO $$
BEGIN
    -- checked first, not CREATE TABLE IF NOT EXISTS: that one prints a notice at every start
    IF to_regclass('${flyway:defaultSchema}.outbox') IS NULL THEN
        CREATE TABLE ${flyway:defaultSchema}.outbox (
            seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id    uuid        NOT NULL UNIQUE,
            topic       text        NOT NULL,
            event_key   text        NOT NULL,
            -- json, not jsonb: the relay publishes the event as it was written, byte for byte
            payload     json        NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            sent_at     timestamptz,
            attempts    integer     NOT NULL DEFAULT 0,
            last_error  text,
            -- the W3C trace context of the request that wrote the event (its CloudEvents traceparent attribute): the relay
            -- publishes the event in that trace, and an operator can find the trace of a stuck event
            trace_parent text GENERATED ALWAYS AS (payload ->> 'traceparent') STORED
        );
        -- the relay reads the unsent tail in commit order; sent rows are pruned by age
        CREATE INDEX outbox_unsent_idx ON ${flyway:defaultSchema}.outbox (seq) WHERE sent_at IS NULL;
        CREATE INDEX outbox_sent_at_idx ON ${flyway:defaultSchema}.outbox (sent_at) WHERE sent_at IS NOT NULL;
    END IF;
END
$$;

-- A table made before this module owned it, by the services' own migrations (records-service: jsonb payload, then
-- json, then trace_parent; auth-service: text payload, then trace_parent computed from it), is brought to the shape
-- above, keeping every row, sent or not. Each change is made only when missing: ALTER TABLE locks the table even
-- when there is nothing to do, and this runs at every start of every replica.
DO $$
BEGIN
    IF (SELECT data_type FROM information_schema.columns WHERE table_schema = '${flyway:defaultSchema}'
          AND table_name = 'outbox' AND column_name = 'payload') <> 'json' THEN
        ALTER TABLE ${flyway:defaultSchema}.outbox DROP COLUMN IF EXISTS trace_parent;
        ALTER TABLE ${flyway:defaultSchema}.outbox ALTER COLUMN payload TYPE json USING payload::json;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${flyway:defaultSchema}'
          AND table_name = 'outbox' AND column_name = 'trace_parent') THEN
        ALTER TABLE ${flyway:defaultSchema}.outbox
            ADD COLUMN trace_parent text GENERATED ALWAYS AS (payload ->> 'traceparent') STORED;
    END IF;
END
$$;
