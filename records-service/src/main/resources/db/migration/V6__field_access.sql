-- Field protection per role (see AccessPolicy.view): a field hidden from a role is absent from its
-- responses, filters, sorts and writes; a read-only one is shown but cannot be written. No row: visible.
CREATE TABLE crm.field_permission (
    object  text NOT NULL,
    field   text NOT NULL,
    role    text NOT NULL,
    access  text NOT NULL CHECK (access IN ('hidden', 'read_only')),
    PRIMARY KEY (object, field, role)
);
