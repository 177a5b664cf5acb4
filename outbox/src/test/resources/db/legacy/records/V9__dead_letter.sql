-- Change events a consumer of this service (UserMirror) gave up on: a message that is not a change event,
-- or one that failed the same way hotcrm.consumers.max-attempts times. Kept exactly as it arrived (text:
-- it may not even be JSON) for an admin to read (GET /v1/admin/dead-letters/records) and replay once the
-- cause is fixed; a replayed letter keeps its row, with replayed_at set. See platform's ChangeEventConsumer
-- and outbox's DeadLetterStore.
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

-- records-service's own, like the outbox: query-service's reader role (V4's default privileges) must not see it
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotcrm_reader') THEN
        REVOKE SELECT ON ${flyway:defaultSchema}.dead_letter FROM hotcrm_reader;
    END IF;
END
$$;
