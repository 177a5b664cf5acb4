-- The change feed (GET /v1/changes) is read from the outbox: every record change is already there, written in the
-- transaction that made it. What the outbox lacks is an order a reader can resume from without skipping anything:
-- seq is taken when a row is inserted, not when its transaction commits, so a reader that had passed seq 100 would
-- never see a seq 99 committed a moment later. ChangeSequencer gives committed rows a feed position instead, one
-- replica at a time and in seq order, so positions only ever grow in the order rows became visible.
ALTER TABLE crm.outbox ADD COLUMN IF NOT EXISTS feed_pos bigint;
-- the changed record's object (the event key's Object part), set with the position: the feed reads one object's run
ALTER TABLE crm.outbox ADD COLUMN IF NOT EXISTS feed_object text;

-- what the sequencer has still to number: small, the committed rows of the last moments
CREATE INDEX IF NOT EXISTS outbox_unpositioned_idx ON crm.outbox (seq) WHERE feed_pos IS NULL;
-- a page of the feed: one ordered index run per object asked for, merged
CREATE INDEX IF NOT EXISTS outbox_feed_idx ON crm.outbox (feed_object, feed_pos) WHERE feed_pos IS NOT NULL;

-- the last position given; never goes back, even once pruning has emptied the outbox (a cursor stays meaningful)
CREATE TABLE IF NOT EXISTS crm.change_feed (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    head      bigint  NOT NULL
);
INSERT INTO crm.change_feed (head) VALUES (0) ON CONFLICT DO NOTHING;
-- one row, and the planner should know it (autovacuum may be off, and never analyzes a table this small)
ANALYZE crm.change_feed;
