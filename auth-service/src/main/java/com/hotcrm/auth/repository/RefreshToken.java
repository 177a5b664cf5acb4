package com.hotcrm.auth.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "refresh_tokens", schema = "auth")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "family_id")
    public String familyId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "rotated_at")
    public OffsetDateTime rotatedAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    public static Uni<RefreshToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }

    /** Revokes every token of a family that is not revoked yet. */
    public static Uni<Integer> revokeFamily(String familyId, OffsetDateTime now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }
}
