-- User changes wait here, written in the transaction that changes the user, until the outbox relay has
-- published them to Kafka (hotcrm.user-changes), from where records-service keeps its User object.
CREATE TABLE ${flyway:defaultSchema}.outbox (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    event_key   text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX outbox_unsent_idx ON ${flyway:defaultSchema}.outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at_idx ON ${flyway:defaultSchema}.outbox (sent_at) WHERE sent_at IS NOT NULL;
