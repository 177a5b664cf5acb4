package com.hotcrm.auth.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.auth.domain.RefreshToken;
import com.hotcrm.auth.domain.User;
import com.hotcrm.auth.messaging.UserEvents;
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

    static final int MIN_PASSWORD = 10;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> WRITABLE = Set.of("Name", "Email", "Password", "Title", "Department",
            "Language", "Role", "ManagerId", "RateLimitTier", "IsActive");

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
    public Uni<Map<String, Object>> create(Map<String, Object> body, String actorId) {
        BodyCheck check = new BodyCheck(body, WRITABLE);
        User user = new User();
        user.name = check.text("Name", true, 255);
        user.email = email(check, true);
        String password = password(check, true);
        user.role = role(check, true);
        user.tier = tier(check, RateLimitTier.STANDARD);
        user.title = check.text("Title", false, 255);
        user.department = check.text("Department", false, 255);
        user.language = check.text("Language", false, 10);
        user.managerId = check.text("ManagerId", false, 80);
        Boolean active = check.bool("IsActive");
        user.active = active == null || active;
        check.done();
        user.id = RecordIds.next("usr");
        user.createdAt = AuthService.now();
        user.modifiedAt = user.createdAt;
        return uniqueEmail(user.email, null)
                .flatMap(v -> managerExists(user.managerId, user.id))
                .flatMap(v -> hashed(password))
                .flatMap(hash -> {
                    user.passwordHash = hash;
                    return user.<User>persist();
                })
                .map(UserService::view)
                .call(view -> events.changed(ChangeEvent.Kind.CREATED, user, view, null, actorId));
    }

    @WithTransaction
    public Uni<Map<String, Object>> update(String id, Map<String, Object> body, String actorId) {
        BodyCheck check = new BodyCheck(body, WRITABLE);
        String name = check.has("Name") ? check.text("Name", true, 255) : null;
        String email = check.has("Email") ? email(check, true) : null;
        String password = check.has("Password") ? password(check, true) : null;
        String role = check.has("Role") ? role(check, true) : null;
        String tier = check.has("RateLimitTier") ? tier(check, null) : null;
        String title = check.text("Title", false, 255);
        String department = check.text("Department", false, 255);
        String language = check.text("Language", false, 10);
        String managerId = check.text("ManagerId", false, 80);
        Boolean active = check.bool("IsActive");
        check.done();
        return User.<User>findById(id).map(user -> found(user, id))
                .call(user -> email == null ? Uni.createFrom().voidItem() : uniqueEmail(email, id))
                .call(user -> check.has("ManagerId") ? managerExists(managerId, id) : Uni.createFrom().voidItem())
                .call(user -> password == null ? Uni.createFrom().voidItem()
                        : hashed(password).invoke(hash -> user.passwordHash = hash))
                .flatMap(user -> {
                    OffsetDateTime now = AuthService.now();
                    if (name != null) {
                        user.name = name;
                    }
                    if (email != null) {
                        user.email = email;
                    }
                    if (role != null) {
                        user.role = role;
                    }
                    if (tier != null) {
                        user.tier = tier;
                    }
                    if (check.has("Title")) {
                        user.title = title;
                    }
                    if (check.has("Department")) {
                        user.department = department;
                    }
                    if (check.has("Language")) {
                        user.language = language;
                    }
                    if (check.has("ManagerId")) {
                        user.managerId = managerId;
                    }
                    boolean deactivated = active != null && user.active && !active;
                    if (active != null) {
                        user.active = active;
                    }
                    user.modifiedAt = now;
                    // a deactivated user or a new password ends every login of the user
                    Uni<Integer> revoke = deactivated || password != null
                            ? RefreshToken.update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, id)
                            : Uni.createFrom().item(0);
                    List<String> changed = body.keySet().stream().filter(f -> !f.equals("Password")).sorted().toList();
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

    private static String email(BodyCheck check, boolean required) {
        String email = check.text("Email", required, 255);
        if (email != null && !EMAIL.matcher(email).matches()) {
            check.problem("Email", "Email must be an email address such as ana@example.com");
            return null;
        }
        return email == null ? null : email.trim();
    }

    private static String password(BodyCheck check, boolean required) {
        String password = check.text("Password", required, 200);
        if (password != null && password.length() < MIN_PASSWORD) {
            check.problem("Password", "Password must have at least " + MIN_PASSWORD + " characters");
            return null;
        }
        return password;
    }

    private static String role(BodyCheck check, boolean required) {
        String role = check.text("Role", required, 40);
        if (role != null && !Roles.ALL.contains(role)) {
            check.problem("Role", "Role must be one of " + String.join(", ", Roles.ALL));
            return null;
        }
        return role;
    }

    private static String tier(BodyCheck check, RateLimitTier fallback) {
        String value = check.text("RateLimitTier", false, 20);
        if (value == null) {
            return fallback == null ? null : fallback.label();
        }
        return RateLimitTier.parse(value).map(RateLimitTier::label).orElseGet(() -> {
            check.problem("RateLimitTier", "RateLimitTier must be Standard, Premium or Enterprise");
            return null;
        });
    }
}
