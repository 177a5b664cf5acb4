-- The definitions of every object (standard and custom), as the metadata API shows them. The object
-- tables themselves are created from these definitions by records-service (ObjectTableDdl).
CREATE TABLE crm.object_metadata (
    name        text        PRIMARY KEY,
    definition  jsonb       NOT NULL,
    custom      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
