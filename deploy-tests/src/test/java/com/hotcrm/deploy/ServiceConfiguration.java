package com.hotcrm.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a service really reads from the environment, from its configuration files: every {@code ${NAME}}
 * or {@code ${NAME:default}} in its application.properties and in platform's shared defaults, its HTTP
 * port, and the variables its prod profile cannot start without ({@code %prod.x=${NAME}}).
 */
record ServiceConfiguration(String module, int port, Set<String> reads, List<Set<String>> requiredInProd) {

    /** The six services, in the order they start. */
    static final List<String> MODULES = List.of("auth-service", "records-service", "query-service", "ai-service",
            "webhook-service", "gateway");
    /** Quarkus' own variables we set in deployments (the profile and the port). */
    static final Set<String> QUARKUS_VARIABLES = Set.of("QUARKUS_PROFILE", "QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST");
    /**
     * Variables a prod profile demands through the service's own start-up check (which says how to make
     * the value) rather than through an expression without a default: the switch that turns the
     * fallback off in prod, and the variable then required.
     */
    static final Map<String, Map<String, String>> CHECKED_AT_START = Map.of("auth-service", Map.of(
            "%prod.hotcrm.auth.jwt.generate-key", "HOTCRM_JWT_PRIVATE_KEY",
            "%prod.hotcrm.auth.admin.generate-password", "HOTCRM_ADMIN_PASSWORD"));

    static Map<String, ServiceConfiguration> all() {
        Map<String, ServiceConfiguration> services = new LinkedHashMap<>();
        for (String module : MODULES) {
            services.put(module, of(module));
        }
        return services;
    }

    static ServiceConfiguration of(String module) {
        Properties own = load(module + "/src/main/resources/application.properties");
        Properties shared = load("platform/src/main/resources/META-INF/microprofile-config.properties");
        Set<String> reads = new TreeSet<>();
        List<Set<String>> required = new ArrayList<>();
        for (Properties props : List.of(shared, own)) {
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key);
                Expression expression = Expression.parse(value);
                reads.addAll(expression.names());
                boolean prodOrAll = !key.startsWith("%") || key.startsWith("%prod.");
                if (prodOrAll && !expression.names().isEmpty() && !expression.hasDefault()) {
                    required.add(new LinkedHashSet<>(expression.names()));
                }
            }
        }
        CHECKED_AT_START.getOrDefault(module, Map.of()).forEach((fallbackOff, variable) -> {
            if ("false".equals(own.getProperty(fallbackOff))) {
                required.add(Set.of(variable));
            }
        });
        int port = Integer.parseInt(own.getProperty("quarkus.http.port"));
        return new ServiceConfiguration(module, port, Collections.unmodifiableSet(reads), required);
    }

    /** The reactive pool size the service takes when {@code HOTCRM_DB_POOL_SIZE} is not set. */
    static int defaultPoolSize(String module) {
        String value = load(module + "/src/main/resources/application.properties")
                .getProperty("quarkus.datasource.reactive.max-size");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{HOTCRM_DB_POOL_SIZE:(\\d+)}").matcher(value);
        if (!m.matches()) {
            throw new IllegalStateException(module + ": quarkus.datasource.reactive.max-size is not ${HOTCRM_DB_POOL_SIZE:n}: " + value);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Whether the service reads this variable (or it is one of Quarkus' own that we set). */
    boolean readsVariable(String name) {
        return reads.contains(name) || QUARKUS_VARIABLES.contains(name);
    }

    private static Properties load(String relative) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(Project.read(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /**
     * The variables of a value such as {@code jdbc:${A:${B:x}}/y}: the names in the order they are tried,
     * and whether a default ends the chain (else one of them must be set).
     */
    record Expression(List<String> names, boolean hasDefault) {

        static Expression parse(String value) {
            List<String> names = new ArrayList<>();
            boolean hasDefault = true;
            int at = value.indexOf("${");
            while (at >= 0) {
                int[] end = new int[1];
                boolean chainDefault = chain(value, at, names, end);
                hasDefault &= chainDefault;
                at = value.indexOf("${", end[0]);
            }
            return new Expression(names, names.isEmpty() || hasDefault);
        }

        /** Reads ${NAME[:default]} at {@code at}; true if the chain ends in a literal default. */
        private static boolean chain(String value, int at, List<String> names, int[] end) {
            int i = at + 2;
            int nameEnd = i;
            while (nameEnd < value.length() && value.charAt(nameEnd) != ':' && value.charAt(nameEnd) != '}') {
                nameEnd++;
            }
            String name = value.substring(i, nameEnd);
            if (name.matches("[A-Z][A-Z0-9_]*")) {
                names.add(name);
            }
            if (nameEnd >= value.length() || value.charAt(nameEnd) == '}') {
                end[0] = nameEnd + 1;
                return !name.matches("[A-Z][A-Z0-9_]*"); // a property reference, not a variable
            }
            int defaultStart = nameEnd + 1;
            if (value.startsWith("${", defaultStart)) {
                boolean inner = chain(value, defaultStart, names, end);
                end[0] = value.indexOf('}', end[0]) + 1;
                return inner;
            }
            int depth = 1;
            int j = defaultStart;
            while (j < value.length() && depth > 0) {
                char c = value.charAt(j);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
                j++;
            }
            end[0] = j;
            return true;
        }
    }
}
