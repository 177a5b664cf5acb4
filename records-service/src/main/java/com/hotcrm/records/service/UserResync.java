package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * (HOTCRM_USER_RESYNC_INTERVAL), reads every user from auth-service and upserts each with the mirror's own
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
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    UserResync(AuthUsersClient auth, UserRepository users, RecordsConfig config, Vertx vertx) {
        this.auth = auth;
        this.users = users;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long interval = Math.max(1000, config.userResync().interval().toMillis());
        timer = vertx.setPeriodic(1000, interval, id -> {
            if (running.compareAndSet(false, true)) {
                resync().eventually(() -> running.set(false)).subscribe().with(
                        repaired -> LOG.debugf("User resync: %d users rewritten", repaired),
                        failure -> LOG.warnf("User resync could not read auth-service's users; next try in %s: %s",
                                config.userResync().interval(), failure.getMessage()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
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
