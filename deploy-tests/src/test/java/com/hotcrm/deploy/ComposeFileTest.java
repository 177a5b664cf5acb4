package com.hotcrm.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, read as compose reads it (no Docker engine here): every service's image and build,
 * its ports, its environment against what its configuration really reads, health checks, and the start
 * order its dependencies need.
 */
class ComposeFileTest {

    private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka", "redis");

    private static Map<String, Map<String, Object>> services;
    private static Map<String, ServiceConfiguration> configs;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Project.read("docker-compose.yml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        configs = ServiceConfiguration.all();
    }

    @Test
    void hasTheInfrastructureAndEverySixServices() {
        Set<String> expected = new TreeSet<>(INFRASTRUCTURE);
        expected.addAll(ServiceConfiguration.MODULES);
        assertEquals(expected, new TreeSet<>(services.keySet()));
    }

    @Test
    void everyServiceRunsItsOwnImageBuiltFromItsDockerfile() {
        for (String module : ServiceConfiguration.MODULES) {
            Map<String, Object> service = services.get(module);
            String image = (String) service.get("image");
            assertTrue(image.startsWith("hotcrm/" + module + ":"), module + " image " + image);
            Map<?, ?> build = (Map<?, ?>) service.get("build");
            assertEquals("./" + module, build.get("context"), module + " build context");
            String dockerfile = (String) build.get("dockerfile");
            assertTrue(Files.isRegularFile(Project.root().resolve(module).resolve(dockerfile)),
                    module + ": no " + dockerfile);
        }
    }

    @Test
    void kafkaRunsInKraftModeAndAdvertisesWhatTheServicesUse() {
        Map<String, String> env = environment("kafka");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").contains("controller"), "KRaft: the broker is its own controller");
        assertTrue(env.keySet().stream().noneMatch(name -> name.contains("ZOOKEEPER")), "no ZooKeeper");
        assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").contains("//kafka:9092"));
        for (String module : ServiceConfiguration.MODULES) {
            String bootstrap = environment(module).get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null) {
                assertEquals("kafka:9092", bootstrap, module);
            }
        }
    }

    @Test
    void environmentNamesAreExactlyWhatEachServiceReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfiguration config : configs.values()) {
            Map<String, String> env = environment(config.module());
            for (String name : env.keySet()) {
                if (!config.readsVariable(name)) {
                    problems.add(config.module() + " is given " + name + ", which its configuration does not read");
                }
            }
            for (Set<String> anyOf : config.requiredInProd()) {
                if (anyOf.stream().noneMatch(env::containsKey)) {
                    problems.add(config.module() + " cannot start in prod without " + String.join(" or ", anyOf)
                            + ": set it in docker-compose.yml (and the Helm chart)");
                }
            }
            for (String name : List.of("HOTCRM_DB_URL", "KAFKA_BOOTSTRAP_SERVERS", "HOTCRM_AUTH_URL", "HOTCRM_REDIS_URL")) {
                if (config.reads().contains(name) && !env.containsKey(name)) {
                    problems.add(config.module() + " reads " + name + " but compose leaves it at its local default");
                }
            }
            assertEquals("prod", env.get("QUARKUS_PROFILE"), config.module() + " runs its prod profile");
            assertEquals(Integer.toString(config.port()), env.get("QUARKUS_HTTP_PORT"), config.module() + " port");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void urlsNameTheComposeServiceOnItsPort() {
        Map<String, String> urlOf = Map.of("HOTCRM_AUTH_URL", "auth-service", "HOTCRM_RECORDS_URL", "records-service",
                "HOTCRM_QUERY_URL", "query-service", "HOTCRM_AI_URL", "ai-service", "HOTCRM_WEBHOOK_URL", "webhook-service");
        for (String module : ServiceConfiguration.MODULES) {
            Map<String, String> env = environment(module);
            urlOf.forEach((name, target) -> {
                if (env.containsKey(name)) {
                    URI url = URI.create(env.get(name));
                    assertEquals(target, url.getHost(), module + " " + name);
                    assertEquals(configs.get(target).port(), url.getPort(), module + " " + name);
                }
            });
            if (env.containsKey("HOTCRM_DB_URL")) {
                assertEquals("postgres", URI.create(env.get("HOTCRM_DB_URL")).getHost(), module);
            }
            if (env.containsKey("HOTCRM_REDIS_URL")) {
                assertEquals("redis", URI.create(env.get("HOTCRM_REDIS_URL")).getHost(), module);
            }
        }
    }

    @Test
    void onlyTheGatewayIsPublishedOn8080() {
        for (String name : services.keySet()) {
            Object ports = services.get(name).get("ports");
            if (name.equals("gateway")) {
                assertEquals(List.of("8080:8080"), ports);
            } else {
                assertEquals(null, ports, name + " must not be reachable from outside but through the gateway");
            }
        }
    }

    @Test
    void everythingHasAHealthCheckAndServicesCheckTheirReadiness() {
        for (String name : services.keySet()) {
            Map<?, ?> health = (Map<?, ?>) services.get(name).get("healthcheck");
            assertNotNull(health, name + " has no healthcheck");
            String test = String.valueOf(health.get("test"));
            if (configs.containsKey(name)) {
                assertTrue(test.contains("localhost:" + configs.get(name).port() + "/q/health/ready"), name + ": " + test);
            }
        }
    }

    @Test
    void servicesStartAfterWhatTheyUseIsHealthy() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            Map<String, Object> dependsOn = dependsOn(name);
            graph.put(name, dependsOn.keySet());
            dependsOn.forEach((dependency, condition) -> assertEquals("service_healthy",
                    ((Map<?, ?>) condition).get("condition"), name + " -> " + dependency));
        }
        for (String module : ServiceConfiguration.MODULES) {
            Map<String, String> env = environment(module);
            Set<String> needs = new HashSet<>();
            if (env.containsKey("HOTCRM_DB_URL")) {
                needs.add("postgres");
            }
            if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                needs.add("kafka");
            }
            if (env.containsKey("HOTCRM_REDIS_URL")) {
                needs.add("redis");
            }
            env.forEach((name, value) -> {
                if (name.endsWith("_URL") && value.startsWith("http://")) {
                    String host = URI.create(value).getHost();
                    if (!host.equals(module)) {
                        needs.add(host);
                    }
                }
            });
            if (module.equals("query-service")) {
                needs.add("records-service"); // reads schema crm, which records-service's migrations make
            }
            assertTrue(graph.get(module).containsAll(needs), module + " must wait for " + needs + ", waits for "
                    + graph.get(module));
        }
        // an order exists: no cycle
        List<String> order = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        for (String name : graph.keySet()) {
            visit(name, graph, visiting, order);
        }
        assertTrue(order.indexOf("gateway") == order.size() - 1, "the gateway starts last: " + order);
    }

    private static void visit(String name, Map<String, Set<String>> graph, Set<String> visiting, List<String> order) {
        if (order.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            fail("dependency cycle through " + name);
        }
        for (String dependency : graph.getOrDefault(name, Set.of())) {
            assertTrue(graph.containsKey(dependency), name + " depends on unknown " + dependency);
            visit(dependency, graph, visiting, order);
        }
        visiting.remove(name);
        order.add(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(String name) {
        Object value = services.get(name).get("depends_on");
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Map<String, String> environment(String name) {
        Object value = services.get(name).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (value != null) {
            fail(name + ": environment must be a map");
        }
        return env;
    }
}
