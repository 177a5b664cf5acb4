-- crm.dead_letter is records-service's own, like the outbox (V4): query-service's reader role must not see it. The
-- table is made before the versioned migrations by the outbox module's db/dead-letter callback, so V4's GRANT
-- SELECT ON ALL TABLES covered it on a fresh database. (Databases migrated before the module owned the table had this
-- from V9; revoking twice changes nothing.)
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotcrm_reader') THEN
        REVOKE SELECT ON crm.dead_letter FROM hotcrm_reader;
    END IF;
END
$$;
