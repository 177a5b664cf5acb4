-- Subscriptions ("endpoints") and the deliveries owed to them. A delivery row is written before the Kafka
-- offset of its event is committed, so a redelivered event finds its row (UNIQUE (endpoint_id, event_id))
-- and nothing is lost or doubled. Workers claim due rows with FOR UPDATE SKIP LOCKED and a lease
-- (locked_until, claim_token): a worker that dies mid-attempt leaves a row that is claimed again once its
-- lease runs out.
CREATE TABLE webhook.endpoint (
    id                         text PRIMARY KEY,
    owner_id                   text NOT NULL,
    name                       text NOT NULL,
    object                     text NOT NULL,
    events                     text[] NOT NULL,
    url                        text NOT NULL,
    -- AES-256-GCM under HOTCRM_WEBHOOKS_SECRET_KEY; never returned, never logged
    secret                     text NOT NULL,
    -- after a rotation the old secret also signs for 24 hours, so receivers can switch without losing calls
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    active                     boolean NOT NULL DEFAULT true,
    disabled_reason            text,
    disabled_at                timestamptz,
    -- the first failed attempt since the last success; an endpoint failing long enough is disabled
    failing_since              timestamptz,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX endpoint_matching_idx ON webhook.endpoint (object) WHERE active;
CREATE INDEX endpoint_owner_idx ON webhook.endpoint (owner_id, id);

CREATE TABLE webhook.delivery (
    id                 text PRIMARY KEY,
    seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    endpoint_id        text NOT NULL REFERENCES webhook.endpoint (id) ON DELETE CASCADE,
    event_id           text NOT NULL,
    event_type         text NOT NULL,
    object             text NOT NULL,
    record_id          text,
    -- one record's deliveries to one endpoint go in seq order: a later one waits while an earlier is pending
    ordering_key       text NOT NULL,
    -- the exact body that is signed and sent
    payload            text NOT NULL,
    occurred_at        timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    locked_until       timestamptz,
    claim_token        uuid,
    first_attempt_at   timestamptz,
    last_attempt_at    timestamptz,
    last_response_code integer,
    last_latency_ms    integer,
    last_error         text,
    completed_at       timestamptz,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX delivery_due_idx ON webhook.delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_order_idx ON webhook.delivery (endpoint_id, ordering_key, seq) WHERE status = 'pending';
CREATE INDEX delivery_endpoint_idx ON webhook.delivery (endpoint_id, seq DESC);
CREATE INDEX delivery_completed_idx ON webhook.delivery (completed_at) WHERE status <> 'pending';

-- every attempt of a delivery, for the delivery log
CREATE TABLE webhook.delivery_attempt (
    delivery_id   text NOT NULL REFERENCES webhook.delivery (id) ON DELETE CASCADE,
    attempt       integer NOT NULL,
    attempted_at  timestamptz NOT NULL,
    response_code integer,
    latency_ms    integer,
    error         text,
    PRIMARY KEY (delivery_id, attempt)
);
