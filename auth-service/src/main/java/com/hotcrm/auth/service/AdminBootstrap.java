package com.hotcrm.auth.service;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.auth.repository.User;
import com.hotcrm.auth.config.AuthConfig;
import com.hotcrm.auth.messaging.UserEvents;
import com.hotcrm.platform.error.DatabaseFailures;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.Roles;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * First start: when there is no user at all, creates the admin from HOTCRM_ADMIN_EMAIL and
 * HOTCRM_ADMIN_PASSWORD (Enterprise tier). Without a configured password one is generated and printed
 * once, on the console only; the prod profile refuses to start instead ({@code generate-password=false}),
 * since a container's console output ends up in log storage.
 */
@ApplicationScoped
class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String MISSING_PASSWORD = "No user exists yet and HOTCRM_ADMIN_PASSWORD is not set: set"
            + " HOTCRM_ADMIN_PASSWORD (from a secret) to the first admin's password, and HOTCRM_ADMIN_EMAIL to its"
            + " email (default admin@hotcrm.local). The prod profile never generates one, so that no password"
            + " is printed where logs are collected.";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    void onStart(@Observes StartupEvent event, AuthConfig config, PasswordHasher hasher, UserEvents events)
            throws Throwable {
        long users = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.count()));
        if (users > 0) {
            return;
        }
        String email = config.admin().email();
        String password = config.admin().password().filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        if (generated && !config.admin().generatePassword()) {
            throw new IllegalStateException(MISSING_PASSWORD);
        }
        if (generated) {
            password = generate();
        }
        User admin = new User();
        admin.id = RecordIds.next("usr");
        admin.email = email;
        admin.name = "Administrator";
        admin.role = Roles.ADMIN;
        admin.tier = RateLimitTier.ENTERPRISE.label();
        admin.active = true;
        admin.passwordHash = hasher.hash(password);
        admin.createdAt = AuthService.now();
        admin.modifiedAt = admin.createdAt;
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> admin.persist()
                    .call(() -> events.changed(ChangeEvent.Kind.CREATED, admin, UserService.view(admin), null, null))));
        } catch (RuntimeException e) {
            if (!anotherReplicaWon(e)) {
                // a start that could not make its first admin must not look like one that did
                throw e;
            }
            LOG.infof("Admin %s not created here: another replica created it first", email);
            return;
        }
        if (generated) {
            // deliberately on stdout, once, and never in the log files of a log shipper's format
            System.out.printf("%n=== HotCRM first start: admin %s, generated password: %s ===%n"
                    + "=== Set HOTCRM_ADMIN_PASSWORD to choose it; this is not shown again. ===%n%n", email, password);
        }
        LOG.infof("Created the first admin user %s", email);
    }

    /** The one failure that is not one: the first admin's email is taken because another replica won the race. */
    static boolean anotherReplicaWon(Throwable failure) {
        return DatabaseFailures.hasSqlState(failure, DatabaseFailures.UNIQUE_VIOLATION);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

}
