package com.hotcrm.auth.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "users", schema = "auth")
public class User extends PanacheEntityBase {

    @Id
    public String id;
    public String email;
    public String name;
    public String title;
    public String department;
    public String language;
    @Column(name = "password_hash")
    public String passwordHash;
    public String role;
    @Column(name = "manager_id")
    public String managerId;
    public String tier;
    public boolean active;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "modified_at")
    public OffsetDateTime modifiedAt;

    public static Uni<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResult();
    }
}
