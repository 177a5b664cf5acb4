-- How far the outbox's pruning has gone in feed positions: a cursor below it may have lost changes after it and is
-- answered 410 (CURSOR_EXPIRED); a cursor at or above it has every change after it still there. This, not a cursor's
-- age, is what expires a cursor: a quiet feed's cursor stays good, a reader starting at the oldest change kept is
-- never refused on its next page.
ALTER TABLE crm.change_feed ADD COLUMN IF NOT EXISTS pruned_through bigint NOT NULL DEFAULT 0;

-- The events already in the outbox when the feed came (sent ones, kept for the retention) are numbered here, in seq
-- order, below the head any reader can take: a client starting at since=now after the upgrade is not handed them
-- as news.
WITH numbered AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM crm.outbox WHERE feed_pos IS NULL)
UPDATE crm.outbox o SET feed_pos = f.head + numbered.n, feed_object = split_part(o.event_key, ':', 1)
FROM numbered, crm.change_feed f WHERE o.seq = numbered.seq;
UPDATE crm.change_feed SET head = greatest(head, (SELECT coalesce(max(feed_pos), 0) FROM crm.outbox));
