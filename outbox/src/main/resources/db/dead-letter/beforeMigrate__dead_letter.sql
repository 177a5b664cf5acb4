-- The dead letters of the service whose Flyway runs this: ${flyway:defaultSchema}.dead_letter. Change events one of
-- its consumers gave up on (a message that is not a change event, or one that failed the same way
-- hotcrm.consumers.max-attempts times), kept exactly as they arrived (text: it may not even be JSON) for an admin
-- to read (GET /v1/admin/dead-letters/{service}) and replay once the cause is fixed; a replayed letter keeps its
-- row, with replayed_at set. See platform's ChangeEventConsumer and the outbox module's DeadLetterStore. A service
-- applies it by adding classpath:db/dead-letter to quarkus.flyway.locations.
--
-- A Flyway callback, like db/outbox: it runs before every migrate and leaves an existing table as it is.
SELECT pg_advisory_xact_lock(hashtext('hotcrm.dead_letter.schema'));

DO $$
BEGIN
    -- checked first, not CREATE TABLE IF NOT EXISTS: that one prints a notice at every start
    IF to_regclass('${flyway:defaultSchema}.dead_letter') IS NULL THEN
        CREATE TABLE ${flyway:defaultSchema}.dead_letter (
            id              bigserial PRIMARY KEY,
            consumer        text        NOT NULL,
            topic           text        NOT NULL,
            event_key       text,
            event_id        text,
            payload         text        NOT NULL,
            error           text        NOT NULL,
            attempts        integer     NOT NULL,
            first_failed_at timestamptz NOT NULL,
            parked_at       timestamptz NOT NULL DEFAULT now(),
            replayed_at     timestamptz
        );
        CREATE INDEX dead_letter_waiting ON ${flyway:defaultSchema}.dead_letter (id) WHERE replayed_at IS NULL;
    END IF;
END
$$;
