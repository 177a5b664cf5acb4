package com.hotcrm.ai.outcome;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.model.CoPurchase;
import com.hotcrm.ai.model.LeadModel;
import com.hotcrm.ai.model.WinModel;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The trained models in {@code ai.model}: the newest version of a name is the one requests use. Each replica keeps
 * the current models in memory and looks for a newer version at most every {@code hotcrm.ai.models.refresh}
 * (HOTCRM_AI_MODEL_REFRESH, 30 s), so a version trained by any replica is in use everywhere within that time.
 * Requests never train.
 */
@ApplicationScoped
public class ModelRegistry {

    public static final String WIN = "win";
    public static final String LEAD = "lead";
    public static final String RECOMMEND = "recommend";

    /** The newest version of a model: when it was trained and the newest outcome it saw. */
    public record Latest(int version, OffsetDateTime trainedAt, OffsetDateTime outcomesThrough) {
    }

    private record Loaded(Object model, Instant at) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final AiConfig config;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    /** Moved on by {@link #forget}: a read that began before it does not put back what it read. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    ModelRegistry(Pool pool, ObjectMapper json, AiConfig config) {
        this.pool = pool;
        this.json = json;
        this.config = config;
    }

    /** The win model in use: the newest stored version, or the stage priors while none is trained. */
    public Uni<WinModel> currentWin() {
        return current(WIN, row -> WinModel.of(params(row, WinModel.Params.class), row.getInteger("version"),
                row.getInteger("rows"), row.getJsonObject("metrics").getDouble("auc", 0.5)), () -> WinModel.priorsOnly(0));
    }

    /** The lead model in use: the newest stored version, or the rules while none is trained. */
    public Uni<LeadModel> currentLead() {
        return current(LEAD, row -> LeadModel.of(params(row, LeadModel.Params.class), row.getInteger("version"),
                row.getInteger("rows"), row.getJsonObject("metrics").getDouble("auc", 0.5)), () -> LeadModel.rulesOnly(0));
    }

    /** The co-purchase model in use: the newest stored version, or none while none is trained. */
    public Uni<CoPurchase> currentRecommend() {
        return current(RECOMMEND, row -> CoPurchase.of(params(row, CoPurchase.Params.class), row.getInteger("version")),
                CoPurchase::none);
    }

    @SuppressWarnings("unchecked")
    private <M> Uni<M> current(String name, Function<Row, M> stored, Supplier<M> none) {
        Loaded model = loaded.get(name);
        if (model != null && model.at().plus(config.models().refresh()).isAfter(Instant.now())) {
            return Uni.createFrom().item((M) model.model());
        }
        long reading = generation.get();
        return pool.preparedQuery("""
                SELECT version, rows, params, metrics FROM ai.model WHERE name = $1 ORDER BY version DESC LIMIT 1""")
                .execute(Tuple.of(name)).map(rows -> {
                    M current = rows.size() == 0 ? none.get() : stored.apply(rows.iterator().next());
                    if (generation.get() == reading) {
                        loaded.put(name, new Loaded(current, Instant.now()));
                    }
                    return current;
                });
    }

    private <P> P params(Row row, Class<P> type) {
        try {
            return json.readValue(row.getJsonObject("params").encode(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ai.model holds model parameters this version cannot read", e);
        }
    }

    /** Forgets the models in memory: the next request reads the newest versions. */
    public void forget() {
        generation.incrementAndGet();
        loaded.clear();
    }

    /** The newest version of a model (on {@code client}: the pool, or the trainer's transaction); null when none. */
    public Uni<Latest> latest(SqlClient client, String name) {
        return client.preparedQuery("""
                SELECT version, trained_at, outcomes_through FROM ai.model WHERE name = $1 ORDER BY version DESC LIMIT 1""")
                .execute(Tuple.of(name)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Latest(r.getInteger("version"), r.getOffsetDateTime("trained_at"),
                            r.getOffsetDateTime("outcomes_through"));
                });
    }

    /** Stores a trained model as the next version of its name (on the trainer's transaction); answers the version. */
    public Uni<Map<String, Object>> save(SqlClient tx, String name, int rows, Map<String, Object> metrics,
            Map<String, Object> baseline, Object params, OffsetDateTime outcomesThrough) {
        try {
            Tuple row = Tuple.of(name, rows, outcomesThrough, new JsonObject(json.writeValueAsString(metrics)),
                    new JsonObject(json.writeValueAsString(baseline)),
                    new JsonObject(json.writeValueAsString(params)));
            return tx.preparedQuery("""
                    INSERT INTO ai.model (name, version, rows, outcomes_through, metrics, baseline, params)
                    SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM ai.model WHERE name = $1
                    RETURNING name, version, trained_at, rows, metrics, baseline""")
                    .execute(row).map(inserted -> describe(inserted.iterator().next()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A trained model could not be written as JSON", e);
        }
    }

    /** Every stored version, newest first per name (at most the newest 20 of each). */
    public Uni<List<Map<String, Object>>> list() {
        return pool.preparedQuery("""
                SELECT name, version, trained_at, rows, metrics, baseline FROM (
                    SELECT *, row_number() OVER (PARTITION BY name ORDER BY version DESC) AS n FROM ai.model) m
                 WHERE n <= 20 ORDER BY name, version DESC""")
                .execute().map(ModelRegistry::describeAll);
    }

    private static List<Map<String, Object>> describeAll(RowSet<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        String name = null;
        for (Row r : rows) {
            Map<String, Object> model = describe(r);
            model.put("current", !r.getString("name").equals(name));
            name = r.getString("name");
            out.add(model);
        }
        return out;
    }

    private static Map<String, Object> describe(Row r) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", r.getString("name"));
        model.put("version", r.getInteger("version"));
        model.put("trainedAt", r.getOffsetDateTime("trained_at").toInstant().toString());
        model.put("rows", r.getInteger("rows"));
        model.put("metrics", r.getJsonObject("metrics").getMap());
        model.put("baseline", r.getJsonObject("baseline").getMap());
        return model;
    }
}
