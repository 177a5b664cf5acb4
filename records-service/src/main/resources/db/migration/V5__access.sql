-- Record access (see AccessPolicy): admins' changes to the default object permissions per role and to each
-- object's sharing, and records shared with a user. Objects without rows keep AccessDefaults.
CREATE TABLE crm.object_permission (
    object      text    NOT NULL,
    role        text    NOT NULL,
    can_read    boolean NOT NULL,
    can_create  boolean NOT NULL,
    can_edit    boolean NOT NULL,
    can_delete  boolean NOT NULL,
    view_all    boolean NOT NULL,
    modify_all  boolean NOT NULL,
    PRIMARY KEY (object, role)
);

CREATE TABLE crm.object_sharing (
    object   text PRIMARY KEY,
    sharing  text NOT NULL CHECK (sharing IN ('public_read_write', 'public_read_only', 'private'))
);

CREATE TABLE crm.record_share (
    record_id   text        NOT NULL,
    user_id     text        NOT NULL,
    object      text        NOT NULL,
    access      text        NOT NULL CHECK (access IN ('read', 'edit')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, user_id)
);
CREATE INDEX record_share_user ON crm.record_share (user_id);
