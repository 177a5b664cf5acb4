package com.hotcrm.auth.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hotcrm.auth")
public interface AuthConfig {

    Jwt jwt();

    Admin admin();

    Outbox outbox();

    interface Outbox {
        /** How long the user-changes relay waits before looking again when the outbox was empty. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long a round waits for Kafka before it counts as failed and is retried after a backoff. */
        @WithDefault("10s")
        Duration publishTimeout();
    }

    interface Jwt {
        /** PEM (PKCS#8) RSA private key that signs tokens; in production from a secret. */
        Optional<String> privateKey();

        /**
         * PEM public keys of earlier signing keys, still published in the JWKS after a rotation until the
         * tokens they signed have expired.
         */
        Optional<String> previousPublicKeys();

        /**
         * Whether a key pair may be generated when no private key is configured (local runs). The prod
         * profile says no: each replica would sign with its own key and refuse the others' tokens.
         */
        @WithDefault("true")
        boolean generateKey();

        /** Where a generated key pair is kept when no private key is configured (local runs). */
        @WithDefault(".hotcrm/auth-keys")
        String keyDir();

        /** Lifetime of an access token from a password login or a refresh (the seed's expiresIn: 3600). */
        @WithDefault("1h")
        Duration accessTokenTtl();

        @WithDefault("30d")
        Duration refreshTokenTtl();

        /** Lifetime of the access token the gateway gets in exchange for an API token. */
        @WithDefault("5m")
        Duration exchangedTokenTtl();
    }

    interface Admin {
        /** The first admin, created at first start when no user exists. */
        @WithDefault("admin@hotcrm.local")
        String email();

        /** When unset, a random password is generated and printed once, unless {@link #generatePassword()} is off. */
        Optional<String> password();

        /**
         * Whether the first admin may get a generated password (printed once on the console). The prod
         * profile says no: a password in a container's output ends up in log storage, so it must be given.
         */
        @WithDefault("true")
        boolean generatePassword();
    }
}
