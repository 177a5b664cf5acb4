-- Change events this service's consumer (RecordChangeConsumer, the fan-out to webhooks) gave up on: a message
-- that is not a change event, or one that failed the same way hotcrm.consumers.max-attempts times. Kept exactly as it arrived (text:
-- it may not even be JSON) for an admin to read (GET /v1/admin/dead-letters/webhook) and replay once the
-- cause is fixed; a replayed letter keeps its row, with replayed_at set. See platform's ChangeEventConsumer
-- and outbox's DeadLetterStore.
CREATE TABLE webhook.dead_letter (
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
CREATE INDEX dead_letter_waiting ON webhook.dead_letter (id) WHERE replayed_at IS NULL;

