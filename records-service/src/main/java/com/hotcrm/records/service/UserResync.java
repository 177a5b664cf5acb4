package com.hotcrm.records.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.records.client.AuthUsersClient;
import com.hotcrm.records.config.RecordsConfig;
import com.hotcrm.records.repository.UserRepository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Repairs drift in the User mirror: once at start and every {@code hotcrm.records.user-resync.interval}
 * (HOTCRM_USER_RESYNC_INTERVAL) after a pass ends (after a failed one, sooner: 2, 4, 8... s), reads every user from auth-service and upserts each with the mirror's own
 * idempotent upsert, managers before their reports. A row that already says the same is left alone; one
 * that differs (a change parked as a dead letter, a row edited behind the service's back) is rewritten. Every
 * replica runs it; the upsert makes that harmless.
 */
@ApplicationScoped
public class UserResync {

    private static final Logger LOG = Logger.getLogger(UserResync.class);

    private final AuthUsersClient auth;
    private final UserRepository users;
    private final RecordsConfig config;
    private final Vertx vertx;
    private static final Duration FIRST_TRY = Duration.ofSeconds(1);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    /** Failures in a row logged at DEBUG (2+4+8+16 s: auth-service starting beside this one). */
    private static final int QUIET_FAILURES = 4;

    private volatile long timer = -1;
    private volatile boolean stopped;
    private volatile int failures;

    UserResync(AuthUsersClient auth, UserRepository users, RecordsConfig config, Vertx vertx) {
        this.auth = auth;
        this.users = users;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        schedule(FIRST_TRY.toMillis());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            timer = vertx.setTimer(delayMillis, id -> pass());
        }
    }

    private void pass() {
        long interval = Math.max(1000, config.userResync().interval().toMillis());
        resync().subscribe().with(repaired -> {
            LOG.debugf("User resync: %d users rewritten", repaired);
            failures = 0;
            schedule(interval);
        }, failure -> {
            failures++;
            long retry = retryDelay(failures, interval);
            // at start auth-service is often not up yet: that is only worth a WARN once it lasts
            if (failures > QUIET_FAILURES) {
                LOG.warnf("User resync could not read auth-service's users (%d tries); next try in %d s: %s",
                        failures, retry / 1000, failure.getMessage());
            } else {
                LOG.debugf("User resync could not read auth-service's users yet; next try in %d s: %s", retry / 1000,
                        failure.getMessage());
            }
            schedule(retry);
        });
    }

    /** After the n-th failure in a row: 2, 4, 8... seconds, never longer than the interval. */
    static long retryDelay(int failures, long intervalMillis) {
        long backoff = FIRST_RETRY.toMillis() << Math.min(failures - 1, 16);
        return Math.min(backoff, intervalMillis);
    }

    /**
     * One pass: answers how many users were rewritten. A user that cannot be written (its manager missing
     * too) is logged and the others still are; failing to reach auth-service fails the pass.
     */
    public Uni<Integer> resync() {
        return auth.allUsers().flatMap(all -> Multi.createFrom().iterable(managersFirst(all))
                .onItem().transformToUniAndConcatenate(user -> users.upsert(user, null)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("User resync could not write user %s: %s", user.get("Id"), failure.getMessage());
                            return false;
                        }))
                .collect().asList()
                .map(results -> {
                    int repaired = (int) results.stream().filter(Boolean::booleanValue).count();
                    if (repaired > 0) {
                        LOG.infof("User resync rewrote %d of %d users from auth-service", repaired, all.size());
                    }
                    return repaired;
                }));
    }

    /** The users ordered so that everyone comes after their manager (the mirror's foreign key needs it). */
    static List<Map<String, Object>> managersFirst(List<Map<String, Object>> all) {
        Map<Object, Map<String, Object>> byId = new HashMap<>();
        all.forEach(user -> byId.put(user.get("Id"), user));
        List<Map<String, Object>> ordered = new ArrayList<>();
        Set<Object> placed = new HashSet<>();
        for (Map<String, Object> user : all) {
            place(user, byId, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void place(Map<String, Object> user, Map<Object, Map<String, Object>> byId, Set<Object> placed,
            List<Map<String, Object>> ordered, Set<Object> visiting) {
        Object id = user.get("Id");
        if (placed.contains(id) || !visiting.add(id)) {
            return;
        }
        Map<String, Object> manager = byId.get(user.get("ManagerId"));
        if (manager != null) {
            place(manager, byId, placed, ordered, visiting);
        }
        placed.add(id);
        ordered.add(user);
    }
}
