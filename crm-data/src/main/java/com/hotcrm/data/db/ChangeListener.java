package com.hotcrm.data.db;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * How a replica hears that state it keeps in memory changed in the database: it LISTENs on a channel the
 * writers NOTIFY (the subscriber reconnects by itself and calls {@code onChange} again once subscribed, in
 * case it missed an announcement), and every {@code pollInterval} (zero: never) calls {@code onPoll}, which
 * compares a fingerprint, for a replica that cannot hear NOTIFY (one reading a hot standby).
 */
public final class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String channel;
    private final String what;
    private final Duration pollInterval;
    private final Runnable onChange;
    private final Runnable onPoll;
    private PgSubscriber subscriber;
    private long pollTimer = -1;

    /**
     * @param url the reactive datasource URL (as {@code quarkus.datasource.reactive.url}); LISTEN needs the primary
     * @param what what changes, for the log ("webhook changes")
     */
    public ChangeListener(Vertx vertx, String url, String user, String password, String channel, String what,
            Duration pollInterval, Runnable onChange, Runnable onPoll) {
        this.vertx = vertx;
        String service = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                .orElse("hotcrm");
        // its own connection, outside the pool: named so that pg_stat_activity tells it apart
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password).addProperty("application_name", service + "-listen");
        this.channel = channel;
        this.what = what;
        this.pollInterval = pollInterval;
        this.onChange = onChange;
        this.onPoll = onPoll;
    }

    public void start() {
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Math.min(10_000L, 200L * (retries + 1)));
        subscriber.channel(channel)
                .subscribeHandler(onChange::run)
                .handler(payload -> onChange.run());
        subscriber.connect().subscribe().with(ok -> LOG.debugf("Listening for %s", what),
                failure -> LOG.warnf("Not listening for %s yet: %s", what, failure.getMessage()));
        if (!pollInterval.isZero()) {
            pollTimer = vertx.setPeriodic(pollInterval.toMillis(), id -> onPoll.run());
        }
    }

    public void stop() {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
