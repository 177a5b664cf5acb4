package com.hotcrm.webhook.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Schema crm as records-service lays it out (its access migrations, the standard objects' tables and
 * metadata), with the users webhook owners are, so webhook-service can be tested on its own. Admin changes
 * to access are written to records-service's tables and then read again, as the metadata announcement
 * makes a running service do.
 */
public final class CrmFixture {

    /** The tests' admin (TestTokens.admin()). */
    public static final String ADMIN = "usr_testadmin";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static boolean created;

    private final Pool pool;
    private final MetadataRepository metadata;
    private final MetadataRegistry registry;
    private final AccessPolicy access;

    private CrmFixture(Pool pool, MetadataRepository metadata, MetadataRegistry registry, AccessPolicy access) {
        this.pool = pool;
        this.metadata = metadata;
        this.registry = registry;
        this.access = access;
    }

    /** The schema (made once per database) and the running service's metadata and access settings read from it. */
    public static CrmFixture ensure() {
        var container = io.quarkus.arc.Arc.container();
        return ensure(container.instance(Pool.class).get(), container.instance(MetadataRepository.class).get(),
                container.instance(MetadataRegistry.class).get(), container.instance(AccessPolicy.class).get());
    }

    private static CrmFixture ensure(Pool pool, MetadataRepository metadata, MetadataRegistry registry, AccessPolicy access) {
        synchronized (CrmFixture.class) {
            if (!created) {
                List<String> ddl = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS crm"));
                ddl.addAll(recordsMigration("V2__object_metadata.sql"));
                ddl.addAll(recordsMigration("V5__access.sql"));
                ddl.addAll(recordsMigration("V6__field_access.sql"));
                List<ObjectDef> objects = StandardObjects.all();
                objects.forEach(def -> ddl.addAll(ObjectTableDdl.tableAndColumns(def)));
                pool.withTransaction(tx -> Multi.createFrom().iterable(ddl)
                        .onItem().transformToUniAndConcatenate(sql -> tx.query(sql).execute()).collect().last()
                        .flatMap(x -> Multi.createFrom().iterable(objects)
                                .onItem().transformToUniAndConcatenate((ObjectDef def) -> metadata.save(tx, def)).collect().last()))
                        .await().atMost(WAIT);
                created = true;
            }
        }
        CrmFixture fixture = new CrmFixture(pool, metadata, registry, access);
        fixture.user(ADMIN, "admin", null, true);
        fixture.reload();
        return fixture;
    }

    /** Reads metadata and access settings again, as the announcement of a change makes the service do. */
    public void reload() {
        metadata.loadAll(pool).invoke(registry::replace).call(x -> access.load(pool)).await().atMost(WAIT);
    }

    /** A user of the CRM (the mirror of auth-service's users), made or changed. */
    public void user(String id, String role, String managerId, boolean active) {
        sql("INSERT INTO crm.\"user\" (id, name, email, role, manager_id, is_active) VALUES ($1, $1, $1 || '@example.com', $2, $3, $4) "
                + "ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, manager_id = EXCLUDED.manager_id, is_active = EXCLUDED.is_active",
                Tuple.of(id, role, managerId, active));
    }

    /** A row of an object's table with just its owner (what access is decided on). */
    public void record(String table, String id, String ownerId) {
        sql("INSERT INTO crm.\"" + table + "\" (id, owner_id) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id",
                Tuple.of(id, ownerId));
    }

    public void share(String recordId, String userId, String object) {
        sql("INSERT INTO crm.record_share (record_id, user_id, object, access) VALUES ($1, $2, $3, 'read') ON CONFLICT DO NOTHING",
                Tuple.of(recordId, userId, object));
    }

    /** An admin's change of a role's permissions on an object (read and view all; the rest follow read). */
    public void permissions(String object, String role, boolean read, boolean viewAll) {
        sql("INSERT INTO crm.object_permission VALUES ($1, $2, $3, $3, $3, $3, $4, false) ON CONFLICT (object, role) DO UPDATE "
                + "SET can_read = $3, can_create = $3, can_edit = $3, can_delete = $3, view_all = $4, modify_all = false",
                Tuple.of(object, role, read, viewAll));
        reload();
    }

    public void sharing(String object, String sharing) {
        sql("INSERT INTO crm.object_sharing VALUES ($1, $2) ON CONFLICT (object) DO UPDATE SET sharing = $2", Tuple.of(object, sharing));
        reload();
    }

    public void hide(String object, String field, String role) {
        sql("INSERT INTO crm.field_permission VALUES ($1, $2, $3, 'hidden') ON CONFLICT DO NOTHING", Tuple.of(object, field, role));
        reload();
    }

    /** Back to the defaults for the object: no admin changes of permissions, sharing or fields. */
    public void resetAccess(String object) {
        sql("DELETE FROM crm.object_permission WHERE object = $1", Tuple.of(object));
        sql("DELETE FROM crm.object_sharing WHERE object = $1", Tuple.of(object));
        sql("DELETE FROM crm.field_permission WHERE object = $1", Tuple.of(object));
        reload();
    }

    public void sql(String statement, Tuple args) {
        pool.preparedQuery(statement).execute(args).await().atMost(WAIT);
    }

    /** The statements of one of records-service's migrations, read from its module: the same tables as production. */
    private static List<String> recordsMigration(String file) {
        try {
            String sql = Files.readString(Path.of("../records-service/src/main/resources/db/migration", file));
            List<String> statements = new ArrayList<>();
            for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip().replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
                            .replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
