package com.hotcrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import com.hotcrm.devstack.suite.AdminLogin;

/** The admin's access token, logged in again before it runs out (access tokens live an hour). */
final class Tokens implements Supplier<String> {

    private static final long RENEW_AFTER_NANOS = 20L * 60 * 1_000_000_000;

    private final AdminLogin admin;
    private final String gatewayUrl;
    private volatile String token;
    private volatile long loggedInAt;

    Tokens(AdminLogin admin, String gatewayUrl) {
        this.admin = admin;
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public String get() {
        String current = token;
        if (current != null && System.nanoTime() - loggedInAt < RENEW_AFTER_NANOS) {
            return current;
        }
        synchronized (this) {
            if (token == null || System.nanoTime() - loggedInAt >= RENEW_AFTER_NANOS) {
                try {
                    token = admin.token(gatewayUrl);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                loggedInAt = System.nanoTime();
            }
            return token;
        }
    }
}
