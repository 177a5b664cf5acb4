package com.hotcrm.auth.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "api_tokens", schema = "auth")
public class ApiToken extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "user_id")
    public String userId;
    public String name;
    public String prefix;
    @Column(name = "secret_hash")
    public String secretHash;
    public String tier;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    public static Uni<ApiToken> findBySecretHash(String hash) {
        return find("secretHash", hash).firstResult();
    }

    public boolean usableAt(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
