-- The relay publishes the payload exactly as records-service wrote it: json keeps the text as given,
-- jsonb would parse it on every insert and re-serialize it (reordering keys) on every read.
ALTER TABLE ${flyway:defaultSchema}.outbox ALTER COLUMN payload TYPE json USING payload::json;
