-- hotcrm_reader: what query-service needs to read schema crm and nothing more (so it can run as a
-- read-only user, and point at a replica). It cannot log in; a deployment makes its query-service
-- user a member (CREATE ROLE hotcrm_query LOGIN PASSWORD '...' IN ROLE hotcrm_reader) and gives that
-- user to query-service as HOTCRM_QUERY_DB_USER.
--
-- Object tables, standard and custom, are created later by records-service itself (ObjectTableDdl),
-- as the same user that runs this migration: the default privileges below cover them. Roles belong to
-- the whole server, so another database may have made the role already (or be making it right now);
-- and a migrator without CREATEROLE leaves it to an administrator, with a notice.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotcrm_reader') THEN
        BEGIN
            CREATE ROLE hotcrm_reader NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- made meanwhile by the migration of another database
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Role hotcrm_reader not created: % may not create roles. Create it (CREATE ROLE '
                    'hotcrm_reader NOLOGIN) and run GRANT USAGE ON SCHEMA crm, GRANT SELECT ON ALL TABLES IN SCHEMA crm '
                    'and ALTER DEFAULT PRIVILEGES IN SCHEMA crm GRANT SELECT ON TABLES to it as this user.', current_user;
                RETURN;
        END;
    END IF;
    GRANT USAGE ON SCHEMA crm TO hotcrm_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA crm TO hotcrm_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA crm GRANT SELECT ON TABLES TO hotcrm_reader;
    -- the outbox is records-service's own: change events wait there for Kafka
    REVOKE SELECT ON crm.outbox FROM hotcrm_reader;
END
$$;
