-- The organisation's outcomes, as ai-service learns them from the record change events (OutcomeEvents), the
-- models trained on them in the background (ModelTrainer), and every prediction with its outcome once known.
-- (V3 is never reused: see application.properties.)

-- One row per opportunity, kept from its change events. Once a deal closes, its features stay as they were while
-- it was open (what is filled in at the close, such as the competitor it was lost to, would give the outcome away):
-- last_open_stage is the last stage it was seen in before it closed, closed_at when it was seen to close.
CREATE TABLE ai.deal (
    id              text        PRIMARY KEY,
    account_id      text,
    amount          double precision,
    stage           text,
    last_open_stage text,
    competitor      text,
    created_at      timestamptz,
    close_date      date,
    is_closed       boolean     NOT NULL DEFAULT false,
    is_won          boolean     NOT NULL DEFAULT false,
    closed_at       timestamptz,
    changed_at      timestamptz NOT NULL
);
-- training reads the newest closed deals; an account's earlier wins are counted per deal
CREATE INDEX deal_closed_idx ON ai.deal (close_date DESC, id DESC) WHERE is_closed;
CREATE INDEX deal_account_won_idx ON ai.deal (account_id, close_date) WHERE is_won;
-- the trainer's question "how many deals closed (or changed once closed) since the last model?"
CREATE INDEX deal_closed_changed_idx ON ai.deal (changed_at) WHERE is_closed;

-- Activities on opportunities (WhatId opp_...): when, and the competitors their text names.
CREATE TABLE ai.deal_activity (
    id          text    PRIMARY KEY,
    deal_id     text    NOT NULL,
    happened_on date    NOT NULL,
    competitors text[]  NOT NULL DEFAULT '{}'
);
CREATE INDEX deal_activity_deal_idx ON ai.deal_activity (deal_id, happened_on);

-- The products on opportunities (OpportunityLineItem): what won deals bought together.
CREATE TABLE ai.deal_line (
    id         text PRIMARY KEY,
    deal_id    text NOT NULL,
    product_id text NOT NULL
);
CREATE INDEX deal_line_deal_idx ON ai.deal_line (deal_id, product_id);

-- One row per lead, kept from its change events: what lead scoring learns from. outcome: converted (true) or
-- unqualified (false) once its Status says so; outcome_at when it first did. Its features stay as they were before.
CREATE TABLE ai.lead_profile (
    id             text             PRIMARY KEY,
    status         text,
    industry       text,
    source         text,
    annual_revenue double precision,
    employees      double precision,
    completeness   integer          NOT NULL,
    created_at     timestamptz,
    outcome        boolean,
    outcome_at     timestamptz,
    changed_at     timestamptz      NOT NULL
);
CREATE INDEX lead_outcome_idx ON ai.lead_profile (outcome_at DESC, id DESC) WHERE outcome IS NOT NULL;
CREATE INDEX lead_outcome_changed_idx ON ai.lead_profile (changed_at) WHERE outcome IS NOT NULL;

-- Activities with leads (WhoId lead_...).
CREATE TABLE ai.lead_activity (
    id          text PRIMARY KEY,
    lead_id     text NOT NULL,
    happened_on date NOT NULL
);
CREATE INDEX lead_activity_lead_idx ON ai.lead_activity (lead_id, happened_on);

-- Support cases, kept from their change events: what case categorization and routing learn from (the closed ones'
-- text and type) and each agent's load, expertise and satisfaction.
CREATE TABLE ai.support_case (
    id           text        PRIMARY KEY,
    text         text        NOT NULL,
    type         text,
    priority     text,
    closed       boolean     NOT NULL,
    assigned_to  text,
    satisfaction integer,
    changed_at   timestamptz NOT NULL
);
CREATE INDEX support_case_closed_idx ON ai.support_case (changed_at DESC) WHERE closed AND type IS NOT NULL;
CREATE INDEX support_case_agent_open_idx ON ai.support_case (assigned_to) WHERE NOT closed;
CREATE INDEX support_case_agent_closed_idx ON ai.support_case (assigned_to, changed_at DESC) WHERE closed;

-- An account's industry (the industry feature).
CREATE TABLE ai.account_profile (
    id       text PRIMARY KEY,
    industry text
);

-- Every trained model, by name ("win", "lead") and version. The newest version of a name is the one in use.
CREATE TABLE ai.model (
    name             text        NOT NULL,
    version          integer     NOT NULL,
    trained_at       timestamptz NOT NULL DEFAULT now(),
    rows             integer     NOT NULL,
    outcomes_through timestamptz,
    metrics          jsonb       NOT NULL,
    baseline         jsonb       NOT NULL,
    params           jsonb       NOT NULL,
    PRIMARY KEY (name, version)
);

-- Every prediction served, with the outcome once known (a deal won or lost, a lead converted or unqualified).
CREATE TABLE ai.prediction (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model        text             NOT NULL,
    version      integer,
    object       text             NOT NULL,
    record_id    text             NOT NULL,
    probability  double precision NOT NULL,
    predicted_at timestamptz      NOT NULL DEFAULT now(),
    predicted_by text,
    outcome      boolean,
    resolved_at  timestamptz
);
CREATE INDEX prediction_record_idx ON ai.prediction (record_id, predicted_at DESC);
CREATE INDEX prediction_resolved_idx ON ai.prediction (model, resolved_at) WHERE outcome IS NOT NULL;
