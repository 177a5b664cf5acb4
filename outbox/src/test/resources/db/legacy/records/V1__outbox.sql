-- Change events wait here, written in the same transaction as the record they describe, until the
-- outbox relay has published them to Kafka (hotcrm.record-changes).
CREATE TABLE ${flyway:defaultSchema}.outbox (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    event_key   text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);

-- The relay reads the unsent tail in commit order; sent rows are pruned by age.
CREATE INDEX outbox_unsent_idx ON ${flyway:defaultSchema}.outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at_idx ON ${flyway:defaultSchema}.outbox (sent_at) WHERE sent_at IS NOT NULL;
