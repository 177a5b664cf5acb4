package com.hotcrm.data.metadata;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.db.ChangeListener;
import com.hotcrm.platform.error.DatabaseFailures;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps this replica's registry and access settings current when another replica changes them: every
 * change is announced with NOTIFY on {@value MetadataRepository#CHANNEL}, and this LISTENs and reloads
 * (the subscriber reconnects by itself, and reloads after reconnecting in case it missed an announcement).
 * A replica that cannot LISTEN (one reading a hot standby, where NOTIFY never arrives) still converges:
 * every {@code hotcrm.metadata.poll-interval} it compares {@link MetadataRepository#fingerprint} with the
 * one it loaded and reloads when they differ.
 */
@ApplicationScoped
public class MetadataListener {

    private static final Logger LOG = Logger.getLogger(MetadataListener.class);

    private final Pool pool;
    private final MetadataRepository metadata;
    private final MetadataRegistry registry;
    private final AccessPolicy access;
    private final ChangeListener listener;
    private volatile String loadedFingerprint;

    MetadataListener(Vertx vertx, Pool pool, MetadataRepository metadata, MetadataRegistry registry, AccessPolicy access,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password,
            @ConfigProperty(name = "hotcrm.metadata.poll-interval", defaultValue = "5s") Duration pollInterval) {
        this.pool = pool;
        this.metadata = metadata;
        this.registry = registry;
        this.access = access;
        this.listener = new ChangeListener(vertx, url, user, password.orElse(""), MetadataRepository.CHANNEL,
                "metadata changes", pollInterval, this::reload, this::poll);
    }

    void start(@Observes StartupEvent event) {
        try {
            access.load(pool).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            if (schemaMissing(e)) {
                LOG.info("The crm schema is not there yet (records-service creates it): metadata and access settings "
                        + "load when it announces them; requests wait until then");
            } else {
                LOG.warnf("Access settings not loaded at start (requests wait for them): %s", e.getMessage());
            }
        }
        metadata.fingerprint(pool).subscribe().with(f -> {
            if (loadedFingerprint == null) {
                loadedFingerprint = f;
            }
        }, failure -> LOG.debugf("No metadata fingerprint yet: %s", failure.getMessage()));
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        listener.stop();
    }

    private void poll() {
        metadata.fingerprint(pool).subscribe().with(f -> {
            if (loadedFingerprint != null && !loadedFingerprint.equals(f)) {
                LOG.debug("Metadata changed without an announcement reaching this replica: reloading");
                reload();
            } else if (loadedFingerprint == null) {
                // nothing loaded yet (the schema was missing, or the database down, at start): load it now
                reload();
            }
        }, failure -> LOG.debugf("Could not compare the metadata fingerprint: %s", failure.getMessage()));
    }

    private void reload() {
        // the fingerprint first: a change made while reloading then shows up at the next poll
        metadata.fingerprint(pool).onFailure().recoverWithNull()
                .call(f -> metadata.loadAll(pool).invoke(registry::replace).call(defs -> access.load(pool))
                        .invoke(() -> loadedFingerprint = f))
                .subscribe().with(ok -> {
                }, failure -> {
                    if (schemaMissing(failure)) {
                        LOG.debugf("No metadata to load yet: %s", failure.getMessage());
                    } else {
                        LOG.warnf("Could not reload metadata: %s", failure.getMessage());
                    }
                });
    }

    /** Whether the failure is a table that does not exist: this service started before records-service's migrations. */
    static boolean schemaMissing(Throwable failure) {
        return DatabaseFailures.hasSqlState(failure, DatabaseFailures.UNDEFINED_TABLE);
    }
}
