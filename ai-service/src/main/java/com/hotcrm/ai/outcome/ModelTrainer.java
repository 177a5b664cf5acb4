package com.hotcrm.ai.outcome;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.model.CoPurchase;
import com.hotcrm.ai.model.Fitting;
import com.hotcrm.ai.model.LeadModel;
import com.hotcrm.ai.model.WinModel;
import com.hotcrm.platform.database.AdvisoryLocks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Trains the models (win, lead) in the background, never in a request. Every {@code check-interval} a replica asks
 * of each whether a version is due: none yet and enough outcomes to fit one, or {@code retrain-after} outcomes (deals
 * closed, leads converted or unqualified) since the last version, or any since and the last is older than
 * {@code retrain-interval}. Training reads the newest {@code max-rows} outcomes from {@link OutcomeStore}, fits on a worker thread, and stores the next version
 * with its held-out metrics, all in one transaction under an advisory lock, so one replica trains at a time.
 * An admin can also train at once ({@code POST /v1/ai/models/{name}/train}).
 */
@ApplicationScoped
public class ModelTrainer {

    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);

    private final Pool pool;
    private final Vertx vertx;
    private final OutcomeStore store;
    private final ModelRegistry registry;
    private final AiConfig.Models config;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    ModelTrainer(Pool pool, Vertx vertx, OutcomeStore store, ModelRegistry registry, AiConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.config = config.models();
    }

    /** The models trained here. */
    public static final List<String> MODELS = List.of(ModelRegistry.WIN, ModelRegistry.LEAD, ModelRegistry.RECOMMEND);

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.checkInterval().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                // each model on its own: one failing (or hanging, bounded) never keeps the other from training
                scheduled(ModelRegistry.WIN).flatMap(win -> scheduled(ModelRegistry.LEAD))
                        .flatMap(lead -> scheduled(ModelRegistry.RECOMMEND))
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(done -> {
                        }, failure -> LOG.warnf("The model trainer will try again: %s", failure.getMessage()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private Uni<Map<String, Object>> scheduled(String name) {
        return trainIfDue(name).ifNoItem().after(TRAINING_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("The %s model could not be trained; the trainer will try again: %s", name, failure.getMessage());
                    return null;
                });
    }

    /** The longest one scheduled training may take before the trainer gives up on it until the next check. */
    static final java.time.Duration TRAINING_TIMEOUT = java.time.Duration.ofMinutes(10);

    /** Trains a model when a version is due; answers it, or null when none was due or it could not be trained. */
    Uni<Map<String, Object>> trainIfDue(String name) {
        return registry.latest(pool, name).flatMap(latest -> {
            int needed = latest == null ? minHistory(name) : config.retrainAfter();
            return store.outcomesSince(name, latest == null ? null : latest.outcomesThrough(), needed).flatMap(outcomes -> {
                boolean stale = latest != null && outcomes > 0
                        && latest.trainedAt().plus(config.retrainInterval()).isBefore(OffsetDateTime.now(ZoneOffset.UTC));
                if (outcomes < needed && !stale) {
                    return Uni.createFrom().nullItem();
                }
                return train(name, true).map(out -> {
                    if (!Boolean.TRUE.equals(out.get("trained"))) {
                        return null;
                    }
                    LOG.infof("Trained the %s model, version %s", name, out.get("version"));
                    return out;
                });
            });
        });
    }

    /**
     * Trains a version of a model now: the stored version's description with {@code trained: true}, or
     * {@code trained: false} and the reason (too few outcomes); it waits while another replica trains.
     */
    public Uni<Map<String, Object>> train(String name) {
        return train(name, false);
    }

    /** {@code onlyIfNew}: not when the newest version already saw the newest outcome (another replica just trained). */
    private Uni<Map<String, Object>> train(String name, boolean onlyIfNew) {
        // the schedule skips a check while another replica trains; an admin's request waits its turn (lock_timeout)
        String lockSql = onlyIfNew ? "SELECT pg_try_advisory_xact_lock($1) AS locked"
                : "SELECT true AS locked FROM (SELECT pg_advisory_xact_lock($1)) AS waited";
        return pool.withTransaction(tx -> tx.preparedQuery(lockSql)
                .execute(Tuple.of(AdvisoryLocks.AI_MODEL_TRAINER.key())).flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(notTrained(name, "Another replica is training a model right now"));
                    }
                    return store.newestOutcome(tx, name).flatMap(through -> registry.latest(tx, name).flatMap(latest -> {
                        OffsetDateTime seen = latest == null ? null : latest.outcomesThrough();
                        if (onlyIfNew && through != null && seen != null && !through.isAfter(seen)) {
                            return Uni.createFrom().item(notTrained(name, "The newest version has seen every outcome"));
                        }
                        return fit(tx, name).flatMap(version -> version.metrics() == null
                                ? Uni.createFrom().item(notTrained(name, tooFew(name, version.rows())))
                                : registry.save(tx, name, version.rows(), version.metrics(), version.baseline(), version.params(),
                                        through).map(saved -> {
                                            saved.put("trained", true);
                                            return saved;
                                        }));
                    }));
                })).invoke(out -> {
                    if (Boolean.TRUE.equals(out.get("trained"))) {
                        registry.forget();
                    }
                });
    }

    /**
     * A model fitted and measured, as stored: its rows, its held-out metrics (with the rows it learnt from) and its
     * baseline's (with the baseline's name), and its parameters; {@code metrics} null when there was too little to fit.
     */
    private record Version(int rows, Map<String, Object> metrics, Map<String, Object> baseline, Object params) {

        static Version of(int rows, int trainRows, Map<String, Object> metrics, Map<String, Object> baseline,
                String baselineName, Object params) {
            if (metrics == null) {
                return new Version(rows, null, null, null);
            }
            Map<String, Object> measured = new LinkedHashMap<>(metrics);
            measured.put("trainRows", trainRows);
            Map<String, Object> named = new LinkedHashMap<>(baseline);
            named.put("name", baselineName);
            return new Version(rows, measured, named, params);
        }

        static Version of(Fitting.Trained<?> trained, String baselineName, Object params) {
            return of(trained.rows(), trained.trainRows(), trained.fitted() ? trained.metrics().asMap() : null,
                    trained.fitted() ? trained.baseline().asMap() : null, baselineName, params);
        }
    }

    /** Reads the newest outcomes (on the transaction) and fits on a worker thread. */
    private Uni<Version> fit(SqlClient tx, String name) {
        if (ModelRegistry.LEAD.equals(name)) {
            return store.decidedLeads(tx, config.maxRows()).flatMap(leads -> onWorker(() -> {
                Fitting.Trained<LeadModel> trained = LeadModel.fit(leadOutcomes(leads));
                return Version.of(trained, "overall conversion rate", trained.model().params());
            }));
        }
        if (ModelRegistry.RECOMMEND.equals(name)) {
            return store.wonBaskets(tx, config.maxRows()).flatMap(baskets -> onWorker(() -> {
                CoPurchase.Trained trained = CoPurchase.fit(baskets);
                return Version.of(trained.rows(), trained.trainRows(), trained.metrics(), trained.baseline(), "popularity",
                        trained.model().params());
            }));
        }
        return store.closedDeals(tx, config.maxRows()).flatMap(deals -> onWorker(() -> {
            Fitting.Trained<WinModel> trained = WinModel.fit(outcomes(deals));
            return Version.of(trained, "stage prior", trained.model().params());
        }));
    }

    private static Uni<Version> onWorker(java.util.function.Supplier<Version> fit) {
        return Uni.createFrom().item(fit).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static int minHistory(String name) {
        return ModelRegistry.LEAD.equals(name) ? LeadModel.MIN_HISTORY
                : ModelRegistry.RECOMMEND.equals(name) ? CoPurchase.MIN_HISTORY : WinModel.MIN_HISTORY;
    }

    private static String tooFew(String name, int rows) {
        if (ModelRegistry.RECOMMEND.equals(name)) {
            return "Recommendations need at least " + CoPurchase.MIN_HISTORY + " won opportunities with products; there are " + rows;
        }
        return ModelRegistry.LEAD.equals(name)
                ? "A lead model needs at least " + LeadModel.MIN_HISTORY + " converted or unqualified leads, "
                        + LeadModel.MIN_PER_CLASS + " of each; there are " + rows
                : "A win model needs at least " + WinModel.MIN_HISTORY + " closed opportunities, " + WinModel.MIN_PER_CLASS
                        + " of them won and " + WinModel.MIN_PER_CLASS + " lost; there are " + rows;
    }

    private static Map<String, Object> notTrained(String name, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("trained", false);
        out.put("reason", reason);
        return out;
    }

    /** A closed deal's facts as they were when it closed: the features its model learns from. */
    static List<WinModel.Outcome> outcomes(List<OutcomeStore.ClosedDeal> deals) {
        return deals.stream().map(d -> {
            long age = d.createdAt() == null ? 0
                    : Math.max(0, ChronoUnit.DAYS.between(d.createdAt().toLocalDate(), d.closedOn()));
            long sinceActivity = OutcomeStore.ActivityFacts.daysSince(d.lastActivity(), d.closedOn());
            return new WinModel.Outcome(new WinModel.Facts(d.lastOpenStage(), d.amount(), age, d.activities(), sinceActivity,
                    d.competitor(), d.accountPriorWins(), d.industry()), d.won(), d.closedOn());
        }).toList();
    }

    /** A decided lead's facts as they were when it was decided. */
    static List<LeadModel.Outcome> leadOutcomes(List<OutcomeStore.DecidedLead> leads) {
        return leads.stream().map(l -> {
            LocalDate decided = l.decidedAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            long age = l.createdAt() == null ? 0 : Math.max(0, ChronoUnit.DAYS.between(l.createdAt().toLocalDate(), decided));
            long sinceActivity = OutcomeStore.ActivityFacts.daysSince(l.lastActivity(), decided);
            return new LeadModel.Outcome(new LeadModel.Facts(l.completeness(), l.annualRevenue(), l.employees(), l.activities(),
                    sinceActivity, age, l.industry(), l.source()), l.converted(), decided);
        }).toList();
    }
}
