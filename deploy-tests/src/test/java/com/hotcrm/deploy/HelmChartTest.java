package com.hotcrm.deploy;

import static com.hotcrm.deploy.KubernetesManifests.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The Helm chart (deploy/helm/hotcrm), rendered by helm itself and read into Kubernetes' API types: one
 * Deployment per service with probes on /q/health/*, its port and exactly the variables it reads; a
 * Service each; autoscalers, disruption budgets, network policies that leave only the gateway open, the
 * ingress, Prometheus scraping, and the secrets the pods refer to.
 */
class HelmChartTest {

    private static final String RELEASE = "hotcrm";
    private static final Set<String> AUTOSCALED = Set.of("gateway", "records-service", "query-service", "webhook-service");

    private static Helm helm;
    private static Path chart;
    private static List<HasMetadata> manifests;
    private static Map<String, ServiceConfiguration> configs;

    @BeforeAll
    static void render() {
        helm = Helm.locate();
        chart = Project.root().resolve("deploy/helm/hotcrm");
        Helm.Result lint = helm.run(chart, "lint", ".", "--strict", "-f", "ci/test-values.yaml");
        assertEquals(0, lint.exitCode(), "helm lint:\n" + lint.stdout() + lint.stderr());
        Helm.Result rendered = helm.run(chart, "template", RELEASE, ".", "-f", "ci/test-values.yaml");
        assertEquals(0, rendered.exitCode(), "helm template:\n" + rendered.stderr());
        manifests = KubernetesManifests.parse(rendered.stdout());
        configs = ServiceConfiguration.all();
    }

    @Test
    void refusesToRenderWithoutTheSecretsProductionNeeds() {
        Helm.Result bare = helm.run(chart, "template", RELEASE, ".");
        assertNotEquals(0, bare.exitCode());
        assertTrue(bare.stderr().contains("is required"), bare.stderr());
        Helm.Result existing = helm.run(chart, "template", RELEASE, ".", "--set", "secrets.existingSecret=hotcrm-prod");
        assertEquals(0, existing.exitCode(), existing.stderr());
        List<HasMetadata> resources = KubernetesManifests.parse(existing.stdout());
        assertTrue(ofKind(resources, Secret.class).isEmpty(), "an existing Secret is used, not made");
    }

    @Test
    void oneDeploymentPerServiceWithItsImagePortAndProbes() {
        List<Deployment> deployments = ofKind(manifests, Deployment.class);
        assertEquals(names(ServiceConfiguration.MODULES), deployments.stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new)));
        for (Deployment deployment : deployments) {
            String module = module(deployment);
            ServiceConfiguration config = configs.get(module);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(container.getImage().matches(".+/" + module + ":[\\w.-]+"), container.getImage());
            assertEquals(config.port(), container.getPorts().get(0).getContainerPort(), module);
            assertEquals("http", container.getPorts().get(0).getName());
            assertProbe(container.getLivenessProbe(), "/q/health/live", module);
            assertProbe(container.getReadinessProbe(), "/q/health/ready", module);
            assertProbe(container.getStartupProbe(), "/q/health/started", module);
            assertNotNull(container.getResources().getRequests().get("cpu"), module + " requests cpu");
            assertNotNull(container.getResources().getLimits().get("memory"), module + " limits memory");
            assertTrue(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot(), module);
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), module);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                    subset(deployment.getSpec().getTemplate().getMetadata().getLabels(),
                            deployment.getSpec().getSelector().getMatchLabels().keySet()), module + " selects its pods");
            assertEquals(AUTOSCALED.contains(module), deployment.getSpec().getReplicas() == null,
                    module + ": replicas are the autoscaler's when there is one");
        }
    }

    @Test
    void environmentIsExactlyWhatEachServiceReads() {
        List<String> problems = new ArrayList<>();
        Set<String> serviceNames = ofKind(manifests, Service.class).stream().map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            ServiceConfiguration config = configs.get(module(deployment));
            List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            Set<String> names = env.stream().map(EnvVar::getName).collect(Collectors.toSet());
            for (String name : names) {
                if (!config.readsVariable(name)) {
                    problems.add(config.module() + " is given " + name + ", which its configuration does not read");
                }
            }
            for (Set<String> anyOf : config.requiredInProd()) {
                if (anyOf.stream().noneMatch(names::contains)) {
                    problems.add(config.module() + " cannot start in prod without " + String.join(" or ", anyOf));
                }
            }
            for (String name : List.of("HOTCRM_DB_URL", "HOTCRM_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "HOTCRM_AUTH_URL",
                    "HOTCRM_REDIS_URL")) {
                if (config.reads().contains(name) && !names.contains(name)) {
                    problems.add(config.module() + " reads " + name + " but the chart does not set it");
                }
            }
            for (EnvVar var : env) {
                if (var.getName().endsWith("_URL") && var.getValue() != null && var.getValue().startsWith("http://")) {
                    URI url = URI.create(var.getValue());
                    if (!serviceNames.contains(url.getHost())) {
                        problems.add(config.module() + " " + var.getName() + " names no Service: " + url);
                    } else {
                        int port = configs.get(module(url.getHost())).port();
                        if (url.getPort() != port) {
                            problems.add(config.module() + " " + var.getName() + " port " + url.getPort() + " is not " + port);
                        }
                    }
                }
            }
            String port = env.stream().filter(v -> v.getName().equals("QUARKUS_HTTP_PORT")).findFirst()
                    .map(EnvVar::getValue).orElse(null);
            assertEquals(Integer.toString(config.port()), port, config.module());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void secretsThePodsReferToExist() {
        Secret secret = ofKind(manifests, Secret.class).get(0);
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                    var ref = var.getValueFrom().getSecretKeyRef();
                    assertEquals(secret.getMetadata().getName(), ref.getName());
                    if (!Boolean.TRUE.equals(ref.getOptional())) {
                        assertTrue(secret.getData().containsKey(ref.getKey()), "Secret has no " + ref.getKey());
                    }
                }
            }
        }
        assertTrue(secret.getData().keySet().containsAll(Set.of("database-password", "jwt-private-key", "webhooks-secret-key")));
    }

    @Test
    void everyServiceHasAServiceOnItsPort() {
        Map<String, Deployment> deployments = ofKind(manifests, Deployment.class).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
        List<Service> services = ofKind(manifests, Service.class);
        assertEquals(deployments.keySet(), services.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        for (Service service : services) {
            Deployment deployment = deployments.get(service.getMetadata().getName());
            assertEquals(service.getSpec().getSelector(), subset(deployment.getSpec().getTemplate().getMetadata().getLabels(),
                    service.getSpec().getSelector().keySet()));
            assertEquals(configs.get(module(deployment)).port(), service.getSpec().getPorts().get(0).getPort());
            assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        }
    }

    @Test
    void gatewayRecordsQueryAndWebhooksScaleOnCpu() {
        List<HorizontalPodAutoscaler> hpas = ofKind(manifests, HorizontalPodAutoscaler.class);
        assertEquals(names(AUTOSCALED), hpas.stream().map(h -> h.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new)));
        for (HorizontalPodAutoscaler hpa : hpas) {
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(hpa.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, "at least two, so a disruption keeps one");
            assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        }
    }

    /** Connections a pod holds outside its reactive pool: migrations' JDBC pool (3 at start), LISTEN connections. */
    static final Map<String, Integer> OUTSIDE_THE_POOL = Map.of("gateway", 0, "auth-service", 3, "records-service", 4,
            "query-service", 1, "ai-service", 3, "webhook-service", 5);

    @Test
    void eachServiceHasItsOwnPoolSizeAsItsDefaultAndOneValueSetsThemAll() {
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            assertEquals(Integer.toString(ServiceConfiguration.defaultPoolSize(module(deployment))),
                    env(deployment, "HOTCRM_DB_POOL_SIZE"), module(deployment) + ": the chart's pool is the service's own default");
        }
        Helm.Result one = helm.run(chart, "template", RELEASE, ".", "-f", "ci/test-values.yaml", "--set", "database.poolSize=8");
        assertEquals(0, one.exitCode(), one.stderr());
        for (Deployment deployment : ofKind(KubernetesManifests.parse(one.stdout()), Deployment.class)) {
            assertEquals("8", env(deployment, "HOTCRM_DB_POOL_SIZE"), module(deployment));
        }
    }

    @Test
    void aReleaseWhosePodsCouldOpenMoreConnectionsThanPostgresAllowsIsRefused() {
        Map<String, Integer> most = new java.util.HashMap<>();
        for (HorizontalPodAutoscaler hpa : ofKind(manifests, HorizontalPodAutoscaler.class)) {
            most.put(hpa.getMetadata().getName(), hpa.getSpec().getMaxReplicas());
        }
        int primary = 0;
        int replica = 0;
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            String module = module(deployment);
            // a rolling update starts one more pod before it stops an old one (maxSurge 1, maxUnavailable 0)
            assertEquals(1, deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal(), name);
            int pods = most.getOrDefault(name, deployment.getSpec().getReplicas()) + 1;
            int perPod = Integer.parseInt(env(deployment, "HOTCRM_DB_POOL_SIZE")) + OUTSIDE_THE_POOL.get(module);
            // the test values send query-service to a replica
            if (module.equals("query-service")) {
                replica += pods * perPod;
            } else {
                primary += pods * perPod;
            }
        }
        assertTrue(replica > 0 && replica < primary, "the test values put query-service on a replica");
        Helm.Result tooFew = helm.run(chart, "template", RELEASE, ".", "-f", "ci/test-values.yaml",
                "--set", "database.maxConnections=" + (primary - 1));
        assertNotEquals(0, tooFew.exitCode());
        assertTrue(tooFew.stderr().contains("the pods could open " + primary + " PostgreSQL connections and " + replica
                + " on the query replica"), tooFew.stderr());
        assertTrue(tooFew.stderr().contains("raise PostgreSQL's max_connections"), tooFew.stderr());
        Helm.Result enough = helm.run(chart, "template", RELEASE, ".", "-f", "ci/test-values.yaml",
                "--set", "database.maxConnections=" + primary);
        assertEquals(0, enough.exitCode(), enough.stderr());
        // the replica is held to the same limit (a standby's max_connections is at least its primary's)
        Helm.Result replicaTooFew = helm.run(chart, "template", RELEASE, ".", "-f", "ci/test-values.yaml",
                "--set", "database.maxConnections=" + primary, "--set", "services.query.poolSize=" + (primary + 1));
        assertNotEquals(0, replicaTooFew.exitCode(), "the query replica's connections are checked too");
        // NOTES.txt is rendered by install, not template (client-side: no cluster needed)
        Helm.Result notes = helm.run(chart, "install", RELEASE, ".", "-f", "ci/test-values.yaml", "--dry-run=client");
        assertEquals(0, notes.exitCode(), notes.stderr());
        assertTrue(notes.stdout().contains("PostgreSQL connections at the most replicas, during a rolling update: up to "
                + primary + " on the primary and " + replica + " on the query replica"), notes.stdout());
    }

    private static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(v -> v.getName().equals(name)).findFirst().map(EnvVar::getValue).orElse(null);
    }

    @Test
    void disruptionBudgetsCoverEveryServiceWithMoreThanOneReplica() {
        Set<String> budgets = ofKind(manifests, PodDisruptionBudget.class).stream().map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            Integer replicas = deployment.getSpec().getReplicas();
            if (replicas == null || replicas > 1) {
                assertTrue(budgets.contains(deployment.getMetadata().getName()), deployment.getMetadata().getName());
            }
        }
        for (PodDisruptionBudget pdb : ofKind(manifests, PodDisruptionBudget.class)) {
            assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
            assertEquals(pdb.getMetadata().getName(), RELEASE + "-" + pdb.getSpec().getSelector().getMatchLabels()
                    .get("app.kubernetes.io/name"));
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOutside() {
        List<NetworkPolicy> policies = ofKind(manifests, NetworkPolicy.class);
        assertEquals(6, policies.size());
        for (NetworkPolicy policy : policies) {
            String name = policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
            List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
            assertEquals(1, rules.size());
            assertEquals(configs.get(name).port(), rules.get(0).getPorts().get(0).getPort().getIntVal());
            if (name.equals("gateway")) {
                continue;
            }
            List<NetworkPolicyPeer> from = rules.get(0).getFrom();
            assertFalse(from.isEmpty(), name + " must not be open to everyone");
            for (NetworkPolicyPeer peer : from) {
                if (peer.getPodSelector() != null) {
                    assertEquals("hotcrm", peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/part-of"), name);
                    assertEquals(null, peer.getNamespaceSelector(), name + ": pods of this namespace only");
                } else {
                    assertNotNull(peer.getNamespaceSelector(), name + ": only HotCRM's pods and the metrics scraper");
                    assertEquals(null, peer.getIpBlock(), name);
                }
            }
        }
    }

    @Test
    void theIngressLeadsToTheGateway() {
        Ingress ingress = ofKind(manifests, Ingress.class).get(0);
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertEquals(RELEASE + "-gateway", backend.getName());
        assertEquals("http", backend.getPort().getName());
        var paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertEquals(List.of("/v1", "/docs"), paths.stream().map(path -> path.getPath()).toList(), "the API and its docs UI");
        assertEquals(RELEASE + "-gateway", paths.get(1).getBackend().getService().getName());
    }

    @Test
    void prometheusScrapesEveryPod() {
        for (Deployment deployment : ofKind(manifests, Deployment.class)) {
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
            assertEquals(Integer.toString(configs.get(module(deployment)).port()), annotations.get("prometheus.io/port"));
        }
        GenericKubernetesResource monitor = ofKind(manifests, GenericKubernetesResource.class).get(0);
        assertEquals("ServiceMonitor", monitor.getKind());
        Map<?, ?> spec = (Map<?, ?>) monitor.getAdditionalProperties().get("spec");
        List<?> endpoints = spec == null ? null : (List<?>) spec.get("endpoints");
        assertNotNull(endpoints, "ServiceMonitor endpoints");
        Map<?, ?> endpoint = (Map<?, ?>) endpoints.get(0);
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals("http", endpoint.get("port"));
    }

    private static void assertProbe(Probe probe, String path, String module) {
        assertNotNull(probe, module + " probe " + path);
        assertEquals(path, probe.getHttpGet().getPath(), module);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), module);
    }

    private static String module(Deployment deployment) {
        return module(deployment.getMetadata().getName());
    }

    private static String module(String objectName) {
        return objectName.substring(RELEASE.length() + 1);
    }

    private static Set<String> names(Iterable<String> modules) {
        Set<String> names = new TreeSet<>();
        modules.forEach(m -> names.add(RELEASE + "-" + m));
        return names;
    }

    private static Map<String, String> subset(Map<String, String> labels, Set<String> keys) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String key : new HashSet<>(keys)) {
            if (labels.containsKey(key)) {
                out.put(key, labels.get(key));
            }
        }
        return out;
    }
}
