package com.hotcrm.auth.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.auth.repository.RefreshToken;
import com.hotcrm.auth.repository.User;
import com.hotcrm.auth.messaging.UserEvents;
import com.hotcrm.auth.rest.NewUser;
import com.hotcrm.auth.rest.UserChanges;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.Roles;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** Users, as admins manage them through /v1/users; JSON fields as on the CRM's User object. */
@ApplicationScoped
public class UserService {

    private final PasswordHasher hasher;
    private final Vertx vertx;
    private final UserEvents events;

    UserService(PasswordHasher hasher, Vertx vertx, UserEvents events) {
        this.hasher = hasher;
        this.vertx = vertx;
        this.events = events;
    }

    public record Page<T>(List<T> records, long totalCount, boolean hasMore, int limit, int offset) {
    }

    @WithSession
    public Uni<Page<Map<String, Object>>> list(int limit, int offset) {
        if (limit < 1 || limit > 200 || offset < 0) {
            throw CrmException.validation("limit", "limit must be between 1 and 200 and offset at least 0");
        }
        var query = User.findAll(Sort.by("email"));
        return query.count().flatMap(total -> query.range(offset, offset + limit - 1).<User>list()
                .map(users -> new Page<>(users.stream().map(UserService::view).toList(), total,
                        offset + users.size() < total, limit, offset)));
    }

    /** Every user, managers' ids included, for the User mirror's resync (a CRM has thousands at most). */
    @WithSession
    public Uni<List<Map<String, Object>>> all() {
        return User.<User>findAll(Sort.by("id")).list().map(all -> all.stream().map(UserService::view).toList());
    }

    @WithSession
    public Uni<Map<String, Object>> get(String id) {
        return User.<User>findById(id).map(user -> view(found(user, id)));
    }

    @WithTransaction
    public Uni<Map<String, Object>> create(NewUser body, String actorId) {
        User user = new User();
        user.name = body.name().strip();
        user.email = body.email().strip();
        user.role = body.role();
        user.tier = RateLimitTier.parse(body.rateLimitTier()).orElse(RateLimitTier.STANDARD).label();
        user.title = body.title();
        user.department = body.department();
        user.language = body.language();
        user.managerId = body.managerId();
        user.active = body.isActive() == null || body.isActive();
        user.id = RecordIds.next("usr");
        user.createdAt = AuthService.now();
        user.modifiedAt = user.createdAt;
        return uniqueEmail(user.email, null)
                .flatMap(v -> managerExists(user.managerId, user.id))
                .flatMap(v -> hashed(body.password()))
                .flatMap(hash -> {
                    user.passwordHash = hash;
                    return user.<User>persist();
                })
                .map(UserService::view)
                .call(view -> events.changed(ChangeEvent.Kind.CREATED, user, view, null, actorId));
    }

    /** Sets the fields the request sent; Bean Validation has refused nulls for the ones a user must have. */
    @WithTransaction
    public Uni<Map<String, Object>> update(String id, UserChanges body, String actorId) {
        String email = body.email() == null ? null : body.email().get().strip();
        String password = body.password() == null ? null : body.password().get();
        return User.<User>findById(id).map(user -> found(user, id))
                .call(user -> email == null ? Uni.createFrom().voidItem() : uniqueEmail(email, id))
                .call(user -> body.managerId() == null ? Uni.createFrom().voidItem()
                        : managerExists(body.managerId().orElse(null), id))
                .call(user -> password == null ? Uni.createFrom().voidItem()
                        : hashed(password).invoke(hash -> user.passwordHash = hash))
                .flatMap(user -> {
                    OffsetDateTime now = AuthService.now();
                    if (body.name() != null) {
                        user.name = body.name().get().strip();
                    }
                    if (email != null) {
                        user.email = email;
                    }
                    if (body.role() != null) {
                        user.role = body.role().get();
                    }
                    if (body.rateLimitTier() != null) {
                        user.tier = RateLimitTier.parse(body.rateLimitTier().get()).orElseThrow().label();
                    }
                    if (body.title() != null) {
                        user.title = body.title().orElse(null);
                    }
                    if (body.department() != null) {
                        user.department = body.department().orElse(null);
                    }
                    if (body.language() != null) {
                        user.language = body.language().orElse(null);
                    }
                    if (body.managerId() != null) {
                        user.managerId = body.managerId().orElse(null);
                    }
                    Boolean active = body.isActive() == null ? null : body.isActive().get();
                    boolean deactivated = active != null && user.active && !active;
                    if (active != null) {
                        user.active = active;
                    }
                    user.modifiedAt = now;
                    // a deactivated user or a new password ends every login of the user
                    Uni<Integer> revoke = deactivated || password != null
                            ? RefreshToken.update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, id)
                            : Uni.createFrom().item(0);
                    List<String> changed = body.sent().stream().filter(f -> !f.equals("Password")).toList();
                    return revoke.map(n -> view(user))
                            .call(view -> events.changed(ChangeEvent.Kind.UPDATED, user, view, changed, actorId));
                });
    }

    /** The User object's fields; never the password hash. */
    static Map<String, Object> view(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("Id", user.id);
        view.put("Name", user.name);
        view.put("Email", user.email);
        view.put("Title", user.title);
        view.put("Department", user.department);
        view.put("Language", user.language);
        view.put("Role", user.role);
        view.put("ManagerId", user.managerId);
        view.put("RateLimitTier", user.tier);
        view.put("IsActive", user.active);
        view.put("CreatedDate", user.createdAt);
        view.put("ModifiedDate", user.modifiedAt);
        return view;
    }

    private Uni<String> hashed(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hasher.hash(password)));
    }

    private static User found(User user, String id) {
        if (user == null) {
            throw CrmException.notFound("No user with id " + id);
        }
        return user;
    }

    private static Uni<Void> uniqueEmail(String email, String exceptId) {
        return User.findByEmail(email).map(existing -> {
            if (existing != null && !existing.id.equals(exceptId)) {
                throw CrmException.duplicate("Email", "A user with email " + email + " already exists");
            }
            return null;
        });
    }

    private static Uni<Void> managerExists(String managerId, String userId) {
        if (managerId == null) {
            return Uni.createFrom().voidItem();
        }
        if (managerId.equals(userId)) {
            throw CrmException.validation("ManagerId", "A user cannot be their own manager");
        }
        return User.<User>findById(managerId).map(manager -> {
            if (manager == null) {
                throw CrmException.validation("ManagerId", "ManagerId " + managerId + " is not a user");
            }
            return null;
        });
    }

}
