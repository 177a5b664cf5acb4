-- Users with their role, manager and rate-limit tier; the password only as a bcrypt hash.
CREATE TABLE auth.users (
    id            text PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL,
    title         text,
    department    text,
    language      text,
    password_hash text NOT NULL,
    role          text NOT NULL,
    manager_id    text REFERENCES auth.users (id) ON DELETE SET NULL,
    tier          text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    modified_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON auth.users (lower(email));

-- Refresh tokens, stored as SHA-256 of the secret. Each login starts a family; a refresh rotates to a new
-- token of the same family; presenting a rotated token again revokes the family (reuse detection).
CREATE TABLE auth.refresh_tokens (
    id          text PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,
    family_id   text NOT NULL,
    user_id     text NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON auth.refresh_tokens (family_id);

-- API tokens: long-lived secrets shown once, stored as SHA-256, listed by their prefix.
CREATE TABLE auth.api_tokens (
    id            text PRIMARY KEY,
    user_id       text NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    name          text NOT NULL,
    prefix        text NOT NULL,
    secret_hash   text NOT NULL UNIQUE,
    tier          text NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user ON auth.api_tokens (user_id);
