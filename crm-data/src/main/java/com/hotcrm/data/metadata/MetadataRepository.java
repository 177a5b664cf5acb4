package com.hotcrm.data.metadata;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.metadata.ObjectDef;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of {@code crm.object_metadata}, where object definitions live. */
@ApplicationScoped
public class MetadataRepository {

    /** Channel on which a change of metadata is announced, so every replica reloads it. */
    public static final String CHANNEL = "hotcrm_metadata";

    private final ObjectMapper json;

    public MetadataRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<List<ObjectDef>> loadAll(SqlClient client) {
        return client.query("SELECT definition::text AS definition FROM crm.object_metadata ORDER BY custom, name").execute()
                .map(rows -> {
                    List<ObjectDef> defs = new ArrayList<>();
                    for (Row row : rows) {
                        defs.add(read(row.getString("definition")));
                    }
                    return defs;
                });
    }

    /**
     * A fingerprint of everything replicas keep in memory (object definitions, object permissions, sharing,
     * field rules): it changes whenever any of them does. A replica compares it now and then, so it notices
     * changes whose NOTIFY it cannot receive (a hot standby has no LISTEN) or missed while disconnected.
     */
    public Uni<String> fingerprint(SqlClient client) {
        return client.query("SELECT md5(coalesce(string_agg(part, '|' ORDER BY part), '')) AS fingerprint FROM ("
                + "SELECT 'o' || name || md5(definition::text) AS part FROM crm.object_metadata "
                + "UNION ALL SELECT 'p' || t::text FROM crm.object_permission t "
                + "UNION ALL SELECT 's' || t::text FROM crm.object_sharing t "
                + "UNION ALL SELECT 'f' || t::text FROM crm.field_permission t) parts").execute()
                .map(rows -> rows.iterator().next().getString("fingerprint"));
    }

    /** Writes a definition, replacing an older one of the same name; says whether anything changed. */
    public Uni<Boolean> save(SqlClient client, ObjectDef def) {
        return client.preparedQuery("INSERT INTO crm.object_metadata (name, definition, custom) VALUES ($1, $2, $3) "
                + "ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now() "
                + "WHERE crm.object_metadata.definition IS DISTINCT FROM EXCLUDED.definition")
                .execute(Tuple.of(def.name(), new JsonObject(write(def)), def.custom()))
                .map(result -> result.rowCount() > 0);
    }

    public Uni<Void> announceChange(SqlClient client, String objectName) {
        return client.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, objectName)).replaceWithVoid();
    }

    private ObjectDef read(String definition) {
        try {
            return json.readValue(definition, ObjectDef.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored object metadata is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private String write(ObjectDef def) {
        try {
            return json.writeValueAsString(def);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Object metadata not serializable", e);
        }
    }
}
