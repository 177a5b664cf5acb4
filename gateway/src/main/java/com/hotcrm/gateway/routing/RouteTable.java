package com.hotcrm.gateway.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.hotcrm.platform.metadata.ReservedNames;
import com.hotcrm.platform.text.Ascii;

/**
 * Which service answers a request under {@code /v1}, as DESIGN.md's table says: rules are tried in order
 * and the first whose method and path match wins. A path that some rule matches for other methods is
 * "method not allowed" (with the methods that are); a path no rule matches is "not found".
 *
 * <p>Path patterns are segments: a literal, {@code {object}} (an object's path name that is not a reserved
 * first segment), {@code {id}} (a record id that is not a reserved word such as {@code count}),
 * {@code {field}}, or a final {@code **} for any rest, including none.
 */
public final class RouteTable {

    /** First segments that belong to the API itself, never to an object ({@link ReservedNames}). */
    public static final Set<String> RESERVED_OBJECTS = ReservedNames.OBJECT_PATHS;
    /** Second segments that name an aggregation, never a record id. */
    public static final Set<String> RESERVED_IDS = ReservedNames.RECORD_IDS;

    private static final Set<String> ANY = Set.of();
    /** Routes that need no token: they are how a client gets one, and the keys to check one. */
    private static final Set<String> PUBLIC = Set.of("POST /auth/token", "POST /auth/refresh", "POST /auth/logout",
            "GET /auth/jwks");

    /** Whether {@code method path} (path under /v1) is answered without a token. */
    public static boolean isPublic(String method, String path) {
        return PUBLIC.contains(method + " " + path);
    }

    /** What the table decided. */
    public sealed interface Resolution {
    }

    public record Routed(Upstream upstream) implements Resolution {
    }

    public record MethodNotAllowed(Set<String> allowed) implements Resolution {
    }

    public record NotFound() implements Resolution {
    }

    private record Rule(Set<String> methods, String[] pattern, Upstream upstream) {
        boolean allows(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /** The gateway's table, DESIGN.md's "Gateway routes". */
    public static RouteTable standard() {
        return new RouteTable()
                .route(ANY, "auth/**", Upstream.AUTH)
                .route(ANY, "users/**", Upstream.AUTH)
                .route(ANY, "metadata/**", Upstream.RECORDS)
                .route(ANY, "batch/{object}", Upstream.RECORDS)
                .route(Set.of("POST"), "composite", Upstream.RECORDS)
                // the change feed is read from records-service's outbox
                .route(Set.of("GET"), "changes", Upstream.RECORDS)
                .route(ANY, "query", Upstream.QUERY)
                .route(Set.of("GET"), "{object}", Upstream.QUERY)
                .route(Set.of("GET"), "{object}/count", Upstream.QUERY)
                .route(Set.of("GET"), "{object}/sum/{field}", Upstream.QUERY)
                .route(Set.of("GET"), "{object}/avg/{field}", Upstream.QUERY)
                .route(Set.of("POST"), "{object}/groupby", Upstream.QUERY)
                .route(ANY, "ai/**", Upstream.AI)
                .route(ANY, "webhooks/**", Upstream.WEBHOOK)
                // each service's dead letters (its change-event consumers), admins only (the service checks)
                .route(ANY, "admin/dead-letters/records/**", Upstream.RECORDS)
                .route(ANY, "admin/dead-letters/ai/**", Upstream.AI)
                .route(ANY, "admin/dead-letters/webhook/**", Upstream.WEBHOOK)
                .route(Set.of("POST"), "{object}", Upstream.RECORDS)
                .route(Set.of("GET", "PATCH", "PUT", "DELETE"), "{object}/{id}", Upstream.RECORDS);
    }

    RouteTable route(Set<String> methods, String pattern, Upstream upstream) {
        rules.add(new Rule(methods, pattern.split("/"), upstream));
        return this;
    }

    /**
     * @param method the HTTP method
     * @param path the path below {@code /v1}, e.g. {@code accounts/acc_1}; leading and trailing slashes are ignored
     */
    public Resolution resolve(String method, String path) {
        String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        Set<String> allowed = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (!matches(rule.pattern(), segments)) {
                continue;
            }
            if (rule.allows(method)) {
                return new Routed(rule.upstream());
            }
            allowed.addAll(rule.methods());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static boolean matches(String[] pattern, String[] segments) {
        for (int i = 0; i < pattern.length; i++) {
            String part = pattern[i];
            if (part.equals("**")) {
                return true;
            }
            if (i >= segments.length || !matchesSegment(part, segments[i])) {
                return false;
            }
        }
        return pattern.length == segments.length;
    }

    private static boolean matchesSegment(String part, String segment) {
        return switch (part) {
            case "{object}" -> isName(segment) && !RESERVED_OBJECTS.contains(segment);
            case "{id}" -> isId(segment) && !RESERVED_IDS.contains(segment);
            case "{field}" -> isName(segment);
            default -> part.equals(segment);
        };
    }

    /** {@code [A-Za-z][A-Za-z0-9_]{0,79}} */
    static boolean isName(String segment) {
        return Ascii.matches(segment, 80, Ascii::isLetter, c -> Ascii.isLetterOrDigit(c) || c == '_');
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,127}} */
    static boolean isId(String segment) {
        return Ascii.matches(segment, 128, Ascii::isLetterOrDigit,
                c -> Ascii.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '-');
    }
}
