package com.hotcrm.ai.outcome;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.ai.model.CaseClassifier;
import com.hotcrm.ai.model.CoPurchase;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The organisation's deals as the models learn from them ({@code ai.deal}, {@code ai.deal_activity},
 * {@code ai.account_profile}, kept by {@link OutcomeEvents}), and the predictions served with their outcomes
 * ({@code ai.prediction}). Writes are idempotent, and an older event never overwrites a newer one.
 */
@ApplicationScoped
public class OutcomeStore {

    /** A deal as its latest change event showed it. */
    public record Deal(String id, String accountId, Double amount, String stage, String competitor, OffsetDateTime createdAt,
            LocalDate closeDate, boolean closed, boolean won, OffsetDateTime changedAt) {
    }

    /** A closed deal with what training needs of it, as it was when it closed. */
    public record ClosedDeal(String id, String accountId, double amount, String lastOpenStage, boolean competitor,
            OffsetDateTime createdAt, LocalDate closedOn, boolean won, String industry, int activities,
            LocalDate lastActivity, int accountPriorWins) {
    }

    /** A lead as its latest change event showed it; outcome null while it is neither converted nor unqualified. */
    public record Lead(String id, String status, String industry, String source, Double annualRevenue, Double employees,
            int completeness, OffsetDateTime createdAt, Boolean outcome, OffsetDateTime changedAt) {
    }

    /** A lead with an outcome, with what training needs of it. */
    public record DecidedLead(String id, String industry, String source, double annualRevenue, double employees,
            int completeness, OffsetDateTime createdAt, boolean converted, OffsetDateTime decidedAt, int activities,
            LocalDate lastActivity) {
    }

    /** A record's activities as the store has them: how many, the last one's date, whether any named a competitor. */
    public record ActivityFacts(int activities, LocalDate last, boolean competitorNamed) {

        /** Days from the last activity to {@code asOf}: the models' recency feature, 365 when there was none. */
        public static long daysSince(LocalDate last, LocalDate asOf) {
            return last == null ? 365 : Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(last, asOf));
        }
    }

    /** A support case as its latest change event showed it: subject and description, type, and who works it. */
    public record SupportCase(String id, String text, String type, String priority, boolean closed, String assignedTo,
            Integer satisfaction, OffsetDateTime changedAt) {
    }

    /** One agent's cases: open ones, closed ones of a type, and the satisfaction scores of the closed ones. */
    public record AgentLoad(int open, int expertise, int satisfactionSum, int rated) {
    }

    /** What the organisation knows of an account: its won deals and its industry. */
    public record AccountFacts(int wins, String industry) {
    }

    /** A resolved prediction: the newest one made of a deal before it closed. */
    public record Resolved(Integer version, double probability, boolean outcome, OffsetDateTime resolvedAt) {
    }

    /**
     * A deal's change. While it is open its features follow it; from the change that closes it on, they stay as they
     * were while it was open (amount, competitor, account, creation), and closed_at is that change's time. A deal
     * first seen closed has only its closing values (and no closed_at: its CloseDate dates it).
     */
    static final String UPSERT_DEAL = """
            INSERT INTO ai.deal AS d (id, account_id, amount, stage, last_open_stage, competitor, created_at, close_date,
                                      is_closed, is_won, changed_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $8 THEN NULL ELSE $4 END, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET
                   account_id = CASE WHEN EXCLUDED.is_closed THEN d.account_id ELSE EXCLUDED.account_id END,
                   amount = CASE WHEN EXCLUDED.is_closed THEN d.amount ELSE EXCLUDED.amount END,
                   competitor = CASE WHEN EXCLUDED.is_closed THEN d.competitor ELSE EXCLUDED.competitor END,
                   created_at = CASE WHEN EXCLUDED.is_closed THEN d.created_at ELSE EXCLUDED.created_at END,
                   stage = EXCLUDED.stage,
                   last_open_stage = CASE WHEN EXCLUDED.is_closed THEN d.last_open_stage ELSE EXCLUDED.stage END,
                   close_date = EXCLUDED.close_date,
                   closed_at = CASE WHEN NOT EXCLUDED.is_closed THEN NULL WHEN d.is_closed THEN d.closed_at
                                    ELSE EXCLUDED.changed_at END,
                   is_closed = EXCLUDED.is_closed, is_won = EXCLUDED.is_won, changed_at = EXCLUDED.changed_at
             WHERE d.changed_at <= EXCLUDED.changed_at""";

    /** The predictions of a record made before its outcome was known take it (each only once). */
    static final String RESOLVE = """
            UPDATE ai.prediction SET outcome = $2, resolved_at = $3
             WHERE record_id = $1 AND model = $4 AND outcome IS NULL AND predicted_at <= $3""";

    static final String UPSERT_LEAD = """
            INSERT INTO ai.lead_profile AS l (id, status, industry, source, annual_revenue, employees, completeness,
                                              created_at, outcome, outcome_at, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9::boolean IS NULL THEN NULL ELSE $10::timestamptz END, $10)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,
                   industry = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.industry ELSE l.industry END,
                   source = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.source ELSE l.source END,
                   annual_revenue = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.annual_revenue ELSE l.annual_revenue END,
                   employees = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.employees ELSE l.employees END,
                   completeness = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.completeness ELSE l.completeness END,
                   created_at = CASE WHEN EXCLUDED.outcome IS NULL THEN EXCLUDED.created_at ELSE l.created_at END,
                   outcome = EXCLUDED.outcome,
                   outcome_at = CASE WHEN EXCLUDED.outcome IS NULL THEN NULL
                                     WHEN l.outcome IS NOT DISTINCT FROM EXCLUDED.outcome THEN coalesce(l.outcome_at, EXCLUDED.outcome_at)
                                     ELSE EXCLUDED.outcome_at END,
                   changed_at = EXCLUDED.changed_at
             WHERE l.changed_at <= EXCLUDED.changed_at""";

    /** The newest decided leads, each with its activities up to the decision (lead_activity_lead_idx). */
    static final String DECIDED_LEADS = """
            SELECT l.id, l.industry, l.source, l.annual_revenue, l.employees, l.completeness, l.created_at, l.outcome,
                   l.outcome_at, a.activities, a.last_activity
              FROM ai.lead_profile l
              CROSS JOIN LATERAL (SELECT count(*) AS activities, max(x.happened_on) AS last_activity
                                    FROM ai.lead_activity x
                                   WHERE x.lead_id = l.id AND x.happened_on <= (l.outcome_at AT TIME ZONE 'UTC')::date) a
             WHERE l.outcome IS NOT NULL
             ORDER BY l.outcome_at DESC, l.id DESC
             LIMIT $1""";

    /**
     * The newest closed deals, each dated by when it was seen to close (else its CloseDate), with its activities up to
     * then, whether any named a competitor, and its account's wins closed before it (one index probe each:
     * deal_activity_deal_idx, deal_account_won_idx).
     */
    static final String CLOSED_DEALS = """
            SELECT d.id, d.account_id, d.amount, d.last_open_stage, d.competitor, d.created_at, d.closed_on, d.is_won,
                   p.industry, a.activities, a.last_activity, a.named,
                   (SELECT count(*) FROM ai.deal w
                     WHERE w.account_id = d.account_id AND w.is_won AND w.close_date < d.close_date) AS prior_wins
              FROM (SELECT *, coalesce((closed_at AT TIME ZONE 'UTC')::date, close_date) AS closed_on FROM ai.deal
                     WHERE is_closed AND close_date IS NOT NULL
                     ORDER BY close_date DESC, id DESC
                     LIMIT $1) d
              LEFT JOIN ai.account_profile p ON p.id = d.account_id
              CROSS JOIN LATERAL (SELECT count(*) AS activities, max(x.happened_on) AS last_activity,
                                         coalesce(bool_or(cardinality(x.competitors) > 0), false) AS named
                                    FROM ai.deal_activity x
                                   WHERE x.deal_id = d.id AND x.happened_on <= d.closed_on) a""";

    /** Open deals' activities up to a day (deal_activity_deal_idx), as training counts a closed deal's. */
    static final String DEAL_ACTIVITY = """
            SELECT o.id, count(x.id) AS activities, max(x.happened_on) AS last_activity,
                   coalesce(bool_or(cardinality(x.competitors) > 0), false) AS named
              FROM unnest($1::text[]) AS o(id)
              LEFT JOIN ai.deal_activity x ON x.deal_id = o.id AND x.happened_on <= $2
             GROUP BY o.id""";

    /** An open lead's activities up to a day (lead_activity_lead_idx). */
    static final String LEAD_ACTIVITY = """
            SELECT count(*) AS activities, max(happened_on) AS last_activity
              FROM ai.lead_activity WHERE lead_id = $1 AND happened_on <= $2""";

    /** The newest won deals with their products and their account's industry (deal_closed_idx, deal_line_deal_idx). */
    static final String WON_BASKETS = """
            SELECT d.closed_on, p.industry, l.products
              FROM (SELECT id, account_id, coalesce((closed_at AT TIME ZONE 'UTC')::date, close_date) AS closed_on
                      FROM ai.deal WHERE is_closed AND is_won AND close_date IS NOT NULL
                     ORDER BY close_date DESC, id DESC LIMIT $1) d
              CROSS JOIN LATERAL (SELECT array_agg(DISTINCT x.product_id) AS products FROM ai.deal_line x
                                   WHERE x.deal_id = d.id) l
              LEFT JOIN ai.account_profile p ON p.id = d.account_id
             WHERE l.products IS NOT NULL""";

    /** The products on an account's won deals (deal_account_won_idx, deal_line_deal_idx). */
    static final String ACCOUNT_PRODUCTS = """
            SELECT DISTINCT l.product_id FROM ai.deal d JOIN ai.deal_line l ON l.deal_id = d.id
             WHERE d.account_id = $1 AND d.is_won""";

    /** The newest closed cases with a type (support_case_closed_idx): what a new case is compared with. */
    static final String CLOSED_CASES = """
            SELECT text, type, priority FROM ai.support_case WHERE closed AND type IS NOT NULL
             ORDER BY changed_at DESC LIMIT $1""";

    /**
     * Each agent's open cases, and among their newest {@value #RECENT_CLOSED} closed ones, those of a type and their
     * satisfaction scores: bounded per agent however long their history (support_case_agent_open_idx,
     * support_case_agent_closed_idx).
     */
    static final String AGENT_LOADS = """
            SELECT a.id AS assigned_to,
                   (SELECT count(*) FROM ai.support_case o WHERE o.assigned_to = a.id AND NOT o.closed) AS open,
                   r.expertise, r.satisfaction, r.rated
              FROM unnest($1::text[]) AS a(id)
              CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE c.type = $2) AS expertise,
                                         coalesce(sum(c.satisfaction), 0) AS satisfaction, count(c.satisfaction) AS rated
                                    FROM (SELECT type, satisfaction FROM ai.support_case
                                           WHERE assigned_to = a.id AND closed ORDER BY changed_at DESC LIMIT %d) c) r"""
            .formatted(OutcomeStore.RECENT_CLOSED);
    static final int RECENT_CLOSED = 200;

    /** An account's won deals (deal_account_won_idx) and its industry. */
    static final String ACCOUNT = """
            SELECT (SELECT count(*) FROM ai.deal WHERE account_id = $1 AND is_won) AS wins,
                   (SELECT industry FROM ai.account_profile WHERE id = $1) AS industry""";

    /** The newest resolved predictions of a model (prediction_resolved_idx), the last one per record. */
    static final String RESOLVED = """
            SELECT DISTINCT ON (record_id) version, probability, outcome, resolved_at
              FROM (SELECT * FROM ai.prediction WHERE model = $1 AND outcome IS NOT NULL
                     ORDER BY resolved_at DESC LIMIT $2) recent
             ORDER BY record_id, predicted_at DESC""";

    private final Pool pool;

    OutcomeStore(Pool pool) {
        this.pool = pool;
    }

    /** Keeps the deal; when it is closed, the predictions made of it before take its outcome. */
    public Uni<Void> putDeal(Deal deal) {
        Tuple row = Tuple.tuple().addString(deal.id()).addString(deal.accountId()).addDouble(deal.amount())
                .addString(deal.stage()).addString(deal.competitor()).addOffsetDateTime(deal.createdAt()).addLocalDate(deal.closeDate())
                .addBoolean(deal.closed()).addBoolean(deal.won()).addOffsetDateTime(deal.changedAt());
        return pool.withTransaction(tx -> tx.preparedQuery(UPSERT_DEAL).execute(row)
                .flatMap(done -> deal.closed()
                        ? tx.preparedQuery(RESOLVE).execute(Tuple.of(deal.id(), deal.won(), deal.changedAt(), ModelRegistry.WIN))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    public Uni<Void> removeDeal(String id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM ai.deal_activity WHERE deal_id = $1").execute(Tuple.of(id))
                .flatMap(done -> tx.preparedQuery("DELETE FROM ai.deal WHERE id = $1").execute(Tuple.of(id))))
                .replaceWithVoid();
    }

    public Uni<Void> putActivity(String id, String dealId, LocalDate happenedOn, List<String> competitors) {
        return pool.preparedQuery("""
                INSERT INTO ai.deal_activity (id, deal_id, happened_on, competitors) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET deal_id = EXCLUDED.deal_id, happened_on = EXCLUDED.happened_on,
                       competitors = EXCLUDED.competitors""")
                .execute(Tuple.of(id, dealId, happenedOn, competitors.toArray(String[]::new))).replaceWithVoid();
    }

    public Uni<Void> removeActivity(String id) {
        return pool.preparedQuery("DELETE FROM ai.deal_activity WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Keeps the lead; once it converts or is unqualified, the predictions made of it before take that outcome. */
    public Uni<Void> putLead(Lead lead) {
        Tuple row = Tuple.from(java.util.Arrays.asList(lead.id(), lead.status(), lead.industry(), lead.source(),
                lead.annualRevenue(), lead.employees(), lead.completeness(), lead.createdAt(), lead.outcome(), lead.changedAt()));
        return pool.withTransaction(tx -> tx.preparedQuery(UPSERT_LEAD).execute(row)
                .flatMap(done -> lead.outcome() != null
                        ? tx.preparedQuery(RESOLVE).execute(Tuple.of(lead.id(), lead.outcome(), lead.changedAt(), ModelRegistry.LEAD))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    public Uni<Void> removeLead(String id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM ai.lead_activity WHERE lead_id = $1").execute(Tuple.of(id))
                .flatMap(done -> tx.preparedQuery("DELETE FROM ai.lead_profile WHERE id = $1").execute(Tuple.of(id))))
                .replaceWithVoid();
    }

    /** An activity with a lead (null: with none, or gone). */
    public Uni<Void> putLeadActivity(String id, String leadId, LocalDate happenedOn) {
        if (leadId == null) {
            return pool.preparedQuery("DELETE FROM ai.lead_activity WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
        }
        return pool.preparedQuery("""
                INSERT INTO ai.lead_activity (id, lead_id, happened_on) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET lead_id = EXCLUDED.lead_id, happened_on = EXCLUDED.happened_on""")
                .execute(Tuple.of(id, leadId, happenedOn)).replaceWithVoid();
    }

    /** The newest {@code max} decided leads, for training (on the trainer's transaction). */
    public Uni<List<DecidedLead>> decidedLeads(SqlClient client, int max) {
        return client.preparedQuery(DECIDED_LEADS).execute(Tuple.of(max)).map(rows -> {
            List<DecidedLead> out = new ArrayList<>();
            for (Row r : rows) {
                Double revenue = r.getDouble("annual_revenue");
                Double employees = r.getDouble("employees");
                out.add(new DecidedLead(r.getString("id"), r.getString("industry"), r.getString("source"),
                        revenue == null ? 0 : revenue, employees == null ? 0 : employees, r.getInteger("completeness"),
                        r.getOffsetDateTime("created_at"), r.getBoolean("outcome"), r.getOffsetDateTime("outcome_at"),
                        r.getLong("activities").intValue(), r.getLocalDate("last_activity")));
            }
            return out;
        });
    }

    public Uni<Void> putAccount(String id, String industry) {
        return pool.preparedQuery("""
                INSERT INTO ai.account_profile (id, industry) VALUES ($1, $2)
                ON CONFLICT (id) DO UPDATE SET industry = EXCLUDED.industry""").execute(Tuple.of(id, industry)).replaceWithVoid();
    }

    /**
     * Many accounts at once (a batch of change events): their industries upserted by one statement and the
     * removed ones deleted by another; an id is in one of the two at most.
     */
    public Uni<Void> putAccounts(Map<String, String> industries, Collection<String> removed) {
        Uni<Void> put = industries.isEmpty() ? Uni.createFrom().voidItem() : pool.preparedQuery("""
                INSERT INTO ai.account_profile (id, industry) SELECT * FROM unnest($1::text[], $2::text[])
                ON CONFLICT (id) DO UPDATE SET industry = EXCLUDED.industry""")
                .execute(Tuple.of(industries.keySet().toArray(String[]::new), industries.values().toArray(String[]::new)))
                .replaceWithVoid();
        return removed.isEmpty() ? put : put.chain(() -> pool.preparedQuery("DELETE FROM ai.account_profile WHERE id = ANY($1)")
                .execute(Tuple.of(removed.toArray(String[]::new))).replaceWithVoid());
    }

    public Uni<Void> removeAccount(String id) {
        return pool.preparedQuery("DELETE FROM ai.account_profile WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The newest {@code max} closed deals, for training (on the trainer's transaction). */
    public Uni<List<ClosedDeal>> closedDeals(SqlClient client, int max) {
        return client.preparedQuery(CLOSED_DEALS).execute(Tuple.of(max)).map(rows -> {
            List<ClosedDeal> out = new ArrayList<>();
            for (Row r : rows) {
                Double amount = r.getDouble("amount");
                String competitor = r.getString("competitor");
                out.add(new ClosedDeal(r.getString("id"), r.getString("account_id"), amount == null ? 0 : amount,
                        r.getString("last_open_stage"), r.getBoolean("named") || (competitor != null && !competitor.isBlank()),
                        r.getOffsetDateTime("created_at"), r.getLocalDate("closed_on"), r.getBoolean("is_won"),
                        r.getString("industry"), r.getLong("activities").intValue(), r.getLocalDate("last_activity"),
                        r.getLong("prior_wins").intValue()));
            }
            return out;
        });
    }

    /**
     * Outcomes of a model's records (closed deals, decided leads) changed after {@code since} (all when null), counted
     * up to {@code atMost} (deal_closed_changed_idx, lead_outcome_changed_idx).
     */
    public Uni<Integer> outcomesSince(String model, OffsetDateTime since, int atMost) {
        return pool.preparedQuery(outcomesSince(model))
                .execute(Tuple.of(since, atMost)).map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    /** When the newest outcome of a model's records changed (on the trainer's transaction). */
    public Uni<OffsetDateTime> newestOutcome(SqlClient client, String model) {
        return client.preparedQuery(newestOutcome(model)).execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("newest"));
    }

    static String outcomesSince(String model) {
        return "SELECT count(*) AS n FROM (SELECT 1 FROM " + outcomes(model)
                + " AND ($1::timestamptz IS NULL OR changed_at > $1) LIMIT $2) x";
    }

    static String newestOutcome(String model) {
        return "SELECT max(changed_at) AS newest FROM " + outcomes(model);
    }

    /** The records with an outcome, per model: a fixed table and condition, never a request's text. */
    private static String outcomes(String model) {
        return ModelRegistry.LEAD.equals(model) ? "ai.lead_profile WHERE outcome IS NOT NULL"
                : ModelRegistry.RECOMMEND.equals(model) ? "ai.deal WHERE is_closed AND is_won" : "ai.deal WHERE is_closed";
    }

    public Uni<AccountFacts> account(String accountId) {
        if (accountId == null) {
            return Uni.createFrom().item(new AccountFacts(0, null));
        }
        return pool.preparedQuery(ACCOUNT)
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new AccountFacts(r.getLong("wins").intValue(), r.getString("industry"));
                });
    }

    /** The deals' activities up to {@code asOf}, by deal id (every id answered, with none when it has none). */
    public Uni<Map<String, ActivityFacts>> dealActivities(List<String> dealIds, LocalDate asOf) {
        return pool.preparedQuery(DEAL_ACTIVITY).execute(Tuple.of(dealIds.toArray(String[]::new), asOf)).map(rows -> {
            Map<String, ActivityFacts> out = new HashMap<>();
            for (Row r : rows) {
                out.put(r.getString("id"), new ActivityFacts(r.getLong("activities").intValue(), r.getLocalDate("last_activity"),
                        r.getBoolean("named")));
            }
            return out;
        });
    }

    public Uni<ActivityFacts> leadActivities(String leadId, LocalDate asOf) {
        return pool.preparedQuery(LEAD_ACTIVITY).execute(Tuple.of(leadId, asOf)).map(rows -> {
            Row r = rows.iterator().next();
            return new ActivityFacts(r.getLong("activities").intValue(), r.getLocalDate("last_activity"), false);
        });
    }

    public Uni<Void> putCase(SupportCase c) {
        return pool.preparedQuery("""
                INSERT INTO ai.support_case AS s (id, text, type, priority, closed, assigned_to, satisfaction, changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, type = EXCLUDED.type, priority = EXCLUDED.priority,
                       closed = EXCLUDED.closed, assigned_to = EXCLUDED.assigned_to, satisfaction = EXCLUDED.satisfaction,
                       changed_at = EXCLUDED.changed_at
                 WHERE s.changed_at <= EXCLUDED.changed_at""")
                .execute(Tuple.from(java.util.Arrays.asList(c.id(), c.text(), c.type(), c.priority(), c.closed(), c.assignedTo(),
                        c.satisfaction(), c.changedAt())))
                .replaceWithVoid();
    }

    public Uni<Void> removeCase(String id) {
        return pool.preparedQuery("DELETE FROM ai.support_case WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The newest {@code max} closed cases with a type, as the classifier's examples. */
    public Uni<List<CaseClassifier.Example>> closedCases(int max) {
        return pool.preparedQuery(CLOSED_CASES).execute(Tuple.of(max)).map(rows -> {
            List<CaseClassifier.Example> out = new ArrayList<>();
            rows.forEach(r -> out.add(new CaseClassifier.Example(r.getString("text"), r.getString("type"), r.getString("priority"))));
            return out;
        });
    }

    /** The load of each of these agents, with their expertise in {@code type}. */
    public Uni<Map<String, AgentLoad>> agentLoads(List<String> agents, String type) {
        return pool.preparedQuery(AGENT_LOADS).execute(Tuple.of(agents.toArray(String[]::new), type)).map(rows -> {
            Map<String, AgentLoad> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("assigned_to"), new AgentLoad(r.getLong("open").intValue(),
                    r.getLong("expertise").intValue(), r.getLong("satisfaction").intValue(), r.getLong("rated").intValue())));
            return out;
        });
    }

    public Uni<Void> putLine(String id, String dealId, String productId) {
        return pool.preparedQuery("""
                INSERT INTO ai.deal_line (id, deal_id, product_id) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET deal_id = EXCLUDED.deal_id, product_id = EXCLUDED.product_id""")
                .execute(Tuple.of(id, dealId, productId)).replaceWithVoid();
    }

    public Uni<Void> removeLine(String id) {
        return pool.preparedQuery("DELETE FROM ai.deal_line WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The newest {@code max} won deals' products, for the co-purchase model (on the trainer's transaction). */
    public Uni<List<CoPurchase.Basket>> wonBaskets(SqlClient client, int max) {
        return client.preparedQuery(WON_BASKETS).execute(Tuple.of(max)).map(rows -> {
            List<CoPurchase.Basket> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new CoPurchase.Basket(List.of(r.getArrayOfStrings("products")), r.getString("industry"), r.getLocalDate("closed_on")));
            }
            return out;
        });
    }

    public Uni<List<CoPurchase.Basket>> wonBaskets(int max) {
        return wonBaskets(pool, max);
    }

    /** The products an account bought on its won deals. */
    public Uni<List<String>> accountProducts(String accountId) {
        return pool.preparedQuery(ACCOUNT_PRODUCTS).execute(Tuple.of(accountId)).map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getString("product_id")));
            return out;
        });
    }

    /** Appends a served prediction to the history. */
    public Uni<Void> recordPrediction(String model, Integer version, String object, String recordId, double probability,
            String userId) {
        return pool.preparedQuery("""
                INSERT INTO ai.prediction (model, version, object, record_id, probability, predicted_by)
                VALUES ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.from(java.util.Arrays.asList(model, version, object, recordId, probability, userId)))
                .replaceWithVoid();
    }

    /**
     * The newest prediction of each deal that has closed since, among the last {@code max} resolved: what the model
     * said last before the outcome was known.
     */
    public Uni<List<Resolved>> resolved(String model, int max) {
        return pool.preparedQuery(RESOLVED)
                .execute(Tuple.of(model, max)).map(rows -> {
                    List<Resolved> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Resolved(r.getInteger("version"), r.getDouble("probability"), r.getBoolean("outcome"),
                                r.getOffsetDateTime("resolved_at")));
                    }
                    return out;
                });
    }
}
