package com.hotcrm.ai.knowledge;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.rest.AiUnavailable;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/**
 * Which articles a caller's search may return, as a filter the index applies inside the search, before taking
 * the top k ({@link PassageIndex.Filter}). From records-service's access settings of KnowledgeArticle, asked
 * as the caller:
 * <ul>
 * <li>none of the caller's roles may read KnowledgeArticle: PERMISSION_ERROR, as a query would answer;</li>
 * <li>the object's sharing is public (the default: public read-only), or a role has view all or modify all:
 * every article;</li>
 * <li>sharing is private: the articles the caller reaches (their own, their reports', shared with them), listed
 * through query-service with their token, up to {@value #MAX_LISTED}; beyond that, every article, and the check
 * after the search (which {@link Knowledge} makes of every result anyway) keeps only theirs.</li>
 * </ul>
 * When records-service does not answer, knowledge search answers 503: it cannot tell which fields are hidden.
 * A caller from whose roles the Title, Summary, Body or Category is hidden is refused (the results are made of them); the check
 * of the results asks for published articles unless IsPublished is hidden from them.
 * Both answers are remembered for {@code hotcrm.ai.knowledge.access-cache} (30 s; the lists are dropped at once when an
 * article is created, deleted or changes owner): an admin's change of the settings,
 * or a share, reaches searches within that time, while the check after the search never lets a result through
 * that the caller may not read now.
 */
@ApplicationScoped
public class KnowledgeAccess {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(KnowledgeAccess.class);
    static final String OBJECT = "KnowledgeArticle";
    static final int MAX_LISTED = 5_000;

    /**
     * What records-service's settings say about one set of roles: whether any of them reads articles, whether they read
     * every article, and the article fields hidden from all of them.
     */
    record Settings(boolean read, boolean everyArticle, Set<String> hidden) {
    }

    /**
     * What a caller's search may return: the index's filter, and whether the check of its results may ask query-service
     * for published articles only (not when IsPublished is hidden from the caller: such a filter would be refused).
     */
    public record Scope(PassageIndex.Filter filter, boolean checkPublished) {
    }

    /** What the passages and results are made of: hidden from a caller, knowledge search refuses them. */
    static final List<String> CONTENT = List.of("Title", "Summary", "Body", "Category");

    private final Cache<String, Settings> settings;
    /** Counts the invalidations of {@link #reached}: a list read before one is not kept. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    /** The articles a user reaches under private sharing. */
    private final Cache<String, Set<String>> reached;
    private final CrmData crm;

    KnowledgeAccess(CrmData crm, AiConfig config) {
        this.crm = crm;
        Duration ttl = config.knowledge().accessCache();
        this.settings = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100).build();
        this.reached = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    /** An article created, deleted or given to another owner: the lists of articles users reach are read again. */
    void changed(@jakarta.enterprise.event.Observes com.hotcrm.ai.crm.CrmChange change) {
        if (OBJECT.equals(change.object()) && change.touches(List.of("OwnerId"))) {
            generation.incrementAndGet();
            reached.invalidateAll();
        }
    }

    public Uni<Scope> scope(String auth, Caller caller, String category) {
        String roles = String.join(",", new java.util.TreeSet<>(caller.roles()));
        Settings known = settings.getIfPresent(roles);
        Uni<Settings> access = known != null ? Uni.createFrom().item(known)
                : crm.permissions(auth, OBJECT).map(described -> {
                    Settings decided = decide(described, caller.roles());
                    settings.put(roles, decided);
                    return decided;
                }).onFailure(failure -> !(failure instanceof CrmException)).transform(failure -> {
                    // without them nothing says which fields are hidden from the caller: no answer rather than a leak
                    LOG.warnf("KnowledgeArticle's access settings are unavailable: %s", failure.toString());
                    return new AiUnavailable("Knowledge search cannot tell what you may read while records-service does "
                            + "not answer; try again shortly");
                });
        return access.flatMap(decided -> {
            if (!decided.read()) {
                throw CrmException.permission("Your role (" + String.join(", ", caller.roles()) + ") may not read "
                        + OBJECT + " records");
            }
            Set<String> hidden = decided.hidden();
            for (String field : CONTENT) {
                if (hidden.contains(field)) {
                    // the passages searched and quoted are made of the title, summary and body; results name the category
                    throw CrmException.permission("The " + field + " of " + OBJECT + " records is hidden from your role: "
                            + "knowledge search and answers are made of it");
                }
            }
            boolean checkPublished = !hidden.contains("IsPublished");
            if (decided.everyArticle()) {
                return Uni.createFrom().item(new Scope(new PassageIndex.Filter(category, null), checkPublished));
            }
            Set<String> ids = reached.getIfPresent(caller.userId());
            long before = generation.get();
            Uni<Set<String>> listed = ids != null ? Uni.createFrom().item(ids)
                    : crm.all(auth, crm.query(OBJECT, List.of("Id"), null, null), MAX_LISTED + 1).map(records -> {
                        Set<String> found = new HashSet<>();
                        records.forEach(r -> found.add(r.path("Id").asText()));
                        if (generation.get() == before) {
                            reached.put(caller.userId(), found);
                        }
                        return found;
                    });
            return listed.map(found -> new Scope(new PassageIndex.Filter(category, found.size() > MAX_LISTED ? null : found),
                    checkPublished));
        });
    }

    /** The settings for a caller with {@code roles}, from records-service's description of KnowledgeArticle. */
    static Settings decide(JsonNode described, Set<String> roles) {
        boolean read = false;
        boolean all = !"private".equals(described.path("sharing").asText("private"));
        for (String role : roles) {
            JsonNode granted = described.path("roles").path(role);
            read |= granted.path("read").asBoolean(false);
            all |= granted.path("viewAll").asBoolean(false) || granted.path("modifyAll").asBoolean(false);
        }
        // a field is hidden from the caller only when it is hidden from every one of their roles
        Set<String> hidden = new HashSet<>();
        described.path("fields").fields().forEachRemaining(field -> {
            boolean everyRole = !roles.isEmpty();
            for (String role : roles) {
                everyRole &= "hidden".equals(field.getValue().path(role).asText(null));
            }
            if (everyRole) {
                hidden.add(field.getKey());
            }
        });
        return new Settings(read, read && all, Set.copyOf(hidden));
    }
}
