package io.switchboard.deploy;

import static io.switchboard.deploy.RenderedOverlay.id;
import static io.switchboard.deploy.RenderedOverlay.kind;
import static io.switchboard.deploy.RenderedOverlay.name;
import static io.switchboard.deploy.RenderedOverlay.podLabels;
import static io.switchboard.deploy.RenderedOverlay.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.switchboard.deploy.IngressNginxRouting.Location;
import io.switchboard.deploy.RenderedOverlay.EnvSource;
import io.switchboard.deploy.SpecRoutes.Kind;
import io.switchboard.deploy.SpecRoutes.Route;
import io.switchboard.deploy.SpecRoutes.Target;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomization under k8s/ with {@code kubectl kustomize} and checks what a cluster
 * and its operators would otherwise find out the hard way: schema errors, selectors that select
 * nothing, missing probes and limits, a grace period shorter than the drain, SPEC paths the
 * Ingress sends to the wrong service (seed 003: "90 % of problems are routing"), streams cut by
 * proxy timeouts or held in proxy buffers, databases open to every pod, placeholder secrets.
 */
class K8sManifestsTest {
    private static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");
    private static final List<String> SERVICES = List.of("message-api-service", "admin-ws-service", "widget-ws-service");
    private static final List<String> SOCKET_SERVICES = List.of("admin-ws-service", "widget-ws-service");
    /** SPEC §3: a long-poll holds a request up to 30 s. */
    private static final int LONGEST_LONG_POLL_SECONDS = 30;
    private static final int STREAM_TIMEOUT_SECONDS = 3600;

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    static Stream<Arguments> overlaysAndServices() {
        return OVERLAYS.stream().flatMap(o -> SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    static Stream<Arguments> overlaysAndRoutes() {
        return OVERLAYS.stream().flatMap(o -> SpecRoutes.ALL.stream().map(r -> Arguments.of(o, r)));
    }

    // ---- rendering and schema -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "monitoring", "overlays/dev", "overlays/prod"})
    void everyKustomizationRendersIntoObjectsWithKindAndName(String dir) {
        RenderedOverlay rendered = RenderedOverlay.render(dir);

        assertThat(rendered.documents).as("%s renders objects", dir).isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (ObjectNode doc : rendered.documents) {
            assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s", doc).isNotBlank();
            assertThat(kind(doc)).as("kind of %s", doc).isNotBlank();
            assertThat(name(doc)).as("metadata.name of %s", doc).isNotBlank();
            String key = doc.path("metadata").path("namespace").asText() + "/" + id(doc);
            assertThat(seen.add(key)).as("%s is rendered once", key).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyRenderedObjectConformsToTheKubernetesSchemaOfItsKind(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : RenderedOverlay.render(overlay).documents) {
            KubernetesSchema.violations(doc).forEach(v -> problems.add(id(doc) + ": " + v));
        }
        assertThat(problems).as("schema violations in %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyNamespacedObjectLandsInTheOverlaysNamespace(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        List<ObjectNode> namespaces = rendered.all("Namespace");
        assertThat(namespaces).as("%s creates its namespace", overlay).hasSize(1);
        String namespace = name(namespaces.get(0));
        for (ObjectNode doc : rendered.documents) {
            if (!kind(doc).equals("Namespace")) {
                assertThat(doc.path("metadata").path("namespace").asText()).as("namespace of %s", id(doc)).isEqualTo(namespace);
            }
        }
    }

    // ---- workloads ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyWorkloadSelectorMatchesItsPodTemplateLabels(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        assertThat(rendered.workloads()).isNotEmpty();
        for (ObjectNode workload : rendered.workloads()) {
            JsonNode selector = workload.path("spec").path("selector");
            assertThat(selector.path("matchLabels").size()).as("%s selects by labels", id(workload)).isPositive();
            assertThat(selects(selector, podLabels(workload))).as("%s's selector matches its pod template", id(workload)).isTrue();
        }
        for (String service : SERVICES) {
            assertThat(rendered.find("Deployment", service)).as("%s has a Deployment %s", overlay, service).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceSelectsOneWorkloadAndTargetsOneOfItsContainerPorts(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (ObjectNode service : rendered.all("Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<ObjectNode> selected = rendered.workloads().stream()
                    .filter(w -> !selector.isEmpty() && matchLabels(selector, podLabels(w))).toList();
            assertThat(selected).as("workloads selected by Service %s", name(service)).hasSize(1);
            JsonNode workload = selected.get(0);
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                assertThat(containerPort(workload, target))
                        .as("Service %s port %s targets a container port of %s", name(service), port.path("name").asText(), id(workload))
                        .isPresent();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasLivenessAndReadinessProbes(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (ObjectNode workload : rendered.workloads()) {
            for (JsonNode c : podSpec(workload).path("containers")) {
                assertThat(c.has("livenessProbe")).as("%s container %s has a liveness probe", id(workload), c.path("name").asText()).isTrue();
                assertThat(c.has("readinessProbe")).as("%s container %s has a readiness probe", id(workload), c.path("name").asText()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void serviceProbesAskTheQuarkusHealthEndpointsOnTheHttpPort(String overlay, String service) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        JsonNode deployment = rendered.get("Deployment", service);
        JsonNode c = rendered.serviceContainer(service);

        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.has(probe)) {
                assertThat(containerPort(deployment, c.path(probe).path("httpGet").path("port")))
                        .as("%s of %s asks a declared port", probe, service).isPresent();
            }
        }
        // Liveness must not fail while the JVM starts (Flyway migrates first): a startup probe covers it.
        assertThat(c.has("startupProbe")).as("%s has a startup probe", service).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerDeclaresResourceRequestsWithinItsLimits(String overlay) {
        for (ObjectNode workload : RenderedOverlay.render(overlay).workloads()) {
            for (JsonNode c : podSpec(workload).path("containers")) {
                JsonNode resources = c.path("resources");
                for (String res : List.of("cpu", "memory")) {
                    String what = id(workload) + " container " + c.path("name").asText() + " " + res;
                    assertThat(resources.path("requests").has(res)).as("%s request", what).isTrue();
                    assertThat(resources.path("limits").has(res)).as("%s limit", what).isTrue();
                    assertThat(quantity(resources.path("requests").path(res)))
                            .as("%s request within limit", what).isLessThanOrEqualTo(quantity(resources.path("limits").path(res)));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void serviceJvmsSizeTheirHeapFromTheContainerMemoryLimit(String overlay, String service) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        JsonNode c = rendered.serviceContainer(service);
        EnvSource options = rendered.environment(c).get("JAVA_TOOL_OPTIONS");

        assertThat(options).as("%s sets JAVA_TOOL_OPTIONS", service).isNotNull();
        assertThat(options.value()).contains("-XX:MaxRAMPercentage=75");
        BigDecimal limit = quantity(c.path("resources").path("limits").path("memory"));
        BigDecimal request = quantity(c.path("resources").path("requests").path("memory"));
        // A Quarkus JVM with 75 % heap needs a few hundred MiB of headroom for metaspace and threads.
        assertThat(limit).as("%s memory limit", service).isGreaterThanOrEqualTo(new BigDecimal(512L * 1024 * 1024));
        assertThat(request).as("%s memory request", service).isGreaterThanOrEqualTo(new BigDecimal(256L * 1024 * 1024));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void socketServiceJvmsGiveTheFreeHeapOfAConnectionRampBack(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (String service : SOCKET_SERVICES) {
            String options = rendered.environment(rendered.serviceContainer(service)).get("JAVA_TOOL_OPTIONS").value();
            // Same ratios as the launcher's ServiceSpec (docs/operations.md, "JVM options of the socket services").
            assertThat(options).as("%s JAVA_TOOL_OPTIONS", service)
                    .contains("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=60000",
                            "-XX:TrimNativeHeapInterval=5000");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPodRunsAsNonRootWithoutPrivilegeEscalationOnAReadOnlyRootFilesystem(String overlay) {
        for (ObjectNode workload : RenderedOverlay.render(overlay).workloads()) {
            JsonNode pod = podSpec(workload).path("securityContext");
            for (JsonNode c : podSpec(workload).path("containers")) {
                JsonNode sc = c.path("securityContext");
                String what = id(workload) + " container " + c.path("name").asText();
                boolean nonRoot = sc.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean(false));
                long uid = sc.path("runAsUser").asLong(pod.path("runAsUser").asLong(0));
                assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
                assertThat(uid).as("%s runs as a numeric non-root uid", what).isPositive();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", what).isFalse();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false)).as("%s readOnlyRootFilesystem", what).isTrue();
                assertThat(sc.path("capabilities").path("drop").toString()).as("%s drops capabilities", what).contains("ALL");
            }
        }
    }

    /**
     * The kubelet SIGKILLs a pod terminationGracePeriodSeconds after it starts terminating: the
     * preStop sleep AND the service's own drain (sockets: SWITCHBOARD_DRAIN_TIMEOUT; message-api:
     * QUARKUS_SHUTDOWN_TIMEOUT for in-flight long-polls) must both fit, or clients get a bare 1006.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void gracePeriodOutlastsPreStopSleepPlusTheServicesDrain(String overlay, String service) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        JsonNode deployment = rendered.get("Deployment", service);
        JsonNode c = rendered.serviceContainer(service);
        Map<String, EnvSource> env = rendered.environment(c);

        long preStop = preStopSeconds(c.path("lifecycle").path("preStop"))
                .orElseThrow(() -> new AssertionError(service + " has no preStop sleep"));
        String drainVariable = SOCKET_SERVICES.contains(service) ? "SWITCHBOARD_DRAIN_TIMEOUT" : "QUARKUS_SHUTDOWN_TIMEOUT";
        assertThat(env).as("%s sets %s", service, drainVariable).containsKey(drainVariable);
        long drain = durationSeconds(env.get(drainVariable).value());
        long grace = podSpec(deployment).path("terminationGracePeriodSeconds").asLong(30);

        assertThat(preStop).as("%s preStop sleep", service).isPositive();
        assertThat(grace).as("%s terminationGracePeriodSeconds vs preStop %ss + %s %ss", service, preStop, drainVariable, drain)
                .isGreaterThan(preStop + drain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyConfigMapAndSecretAWorkloadReferencesIsRendered(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (ObjectNode workload : rendered.workloads()) {
            for (JsonNode c : podSpec(workload).path("containers")) {
                rendered.environment(c); // resolves every envFrom/valueFrom reference, or fails naming it
            }
            for (JsonNode volume : podSpec(workload).path("volumes")) {
                if (volume.has("secret")) {
                    rendered.get("Secret", volume.path("secret").path("secretName").asText());
                }
                if (volume.has("configMap")) {
                    rendered.get("ConfigMap", volume.path("configMap").path("name").asText());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void everyServiceGetsTheSettingsTheOperationsGuideLists(String overlay, String service) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        JsonNode deployment = rendered.get("Deployment", service);
        JsonNode c = rendered.serviceContainer(service);
        Map<String, EnvSource> env = rendered.environment(c);

        assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_REDIS_HOSTS", "QUARKUS_HTTP_PORT", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "SWITCHBOARD_PUBLIC_API_URL",
                "SWITCHBOARD_PUBLIC_ADMIN_WS_URL", "SWITCHBOARD_PUBLIC_WIDGET_WS_URL", "SWITCHBOARD_TRUSTED_ORIGINS");
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").value()).startsWith("jdbc:postgresql://");
        assertThat(env.get("QUARKUS_REDIS_HOSTS").value()).matches("rediss?://.+");
        for (String credential : List.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS", "QUARKUS_DATASOURCE_JDBC_URL")) {
            assertThat(env.get(credential).fromSecret()).as("%s of %s comes from a Secret", credential, service).isTrue();
        }
        // The service listens where its probes, Service and Ingress expect it.
        assertThat(containerPort(deployment, c.path("readinessProbe").path("httpGet").path("port")).orElseThrow())
                .isEqualTo(Integer.parseInt(env.get("QUARKUS_HTTP_PORT").value()));
        assertThat(rendered.mountedSecretFile(deployment, c, env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").value()))
                .as("the JWT public key file of %s is mounted from a Secret", service).isPresent();

        if (service.equals("message-api-service")) {
            assertThat(env).containsKey("SMALLRYE_JWT_SIGN_KEY_LOCATION");
            assertThat(rendered.mountedSecretFile(deployment, c, env.get("SMALLRYE_JWT_SIGN_KEY_LOCATION").value()))
                    .as("the JWT signing key file is mounted from a Secret").isPresent();
        } else {
            assertThat(env).containsKey("SWITCHBOARD_DRAIN_TIMEOUT");
            assertThat(env).as("only message-api signs tokens").doesNotContainKey("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyMessageApiMountsTheJwtSigningKey(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        Set<String> mountingSigningKey = new TreeSet<>();
        for (ObjectNode workload : rendered.workloads()) {
            for (JsonNode volume : podSpec(workload).path("volumes")) {
                String secret = volume.path("secret").path("secretName").asText("");
                if (rendered.value("Secret", secret, "private.pem").isPresent()) {
                    mountingSigningKey.add(name(workload));
                }
            }
        }
        assertThat(mountingSigningKey).containsExactly("message-api-service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesAreTheSwitchboardModulesWithAnExplicitTag(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (String service : SERVICES) {
            String image = rendered.serviceContainer(service).path("image").asText();
            assertThat(image).as("image of %s", service).startsWith("switchboard/" + service + ":");
            String tag = image.substring(image.indexOf(':') + 1);
            assertThat(tag).as("tag of %s", service).isNotBlank().isNotEqualTo("latest");
        }
    }

    // ---- availability ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndServices")
    void everyServiceHasADisruptionBudgetCoveringItsPods(String overlay, String service) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        JsonNode deployment = rendered.get("Deployment", service);
        List<ObjectNode> budgets = rendered.all("PodDisruptionBudget").stream()
                .filter(pdb -> selects(pdb.path("spec").path("selector"), podLabels(deployment))).toList();

        assertThat(budgets).as("PodDisruptionBudgets selecting %s", service).hasSize(1);
        JsonNode spec = budgets.get(0).path("spec");
        // maxUnavailable lets node drains proceed even with one replica (dev); minAvailable would block them.
        assertThat(spec.path("maxUnavailable").asInt(0)).as("%s PDB maxUnavailable", service).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void socketServicesScaleOnCpuAndLeaveTheReplicaCountToTheirAutoscaler(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (String service : SOCKET_SERVICES) {
            ObjectNode hpa = rendered.get("HorizontalPodAutoscaler", service);
            JsonNode spec = hpa.path("spec");
            assertThat(spec.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
            assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(service);
            assertThat(spec.path("metrics").toString()).contains("\"name\":\"cpu\"");
            assertThat(spec.path("minReplicas").asInt()).isPositive().isLessThanOrEqualTo(spec.path("maxReplicas").asInt());
            // Every removed pod makes its clients reconnect: scale down slowly.
            assertThat(spec.path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asInt())
                    .as("%s scale-down stabilization", service).isGreaterThanOrEqualTo(300);
            assertThat(rendered.get("Deployment", service).path("spec").has("replicas"))
                    .as("%s leaves replicas to its autoscaler (an apply would reset them)", service).isFalse();
        }
        if (overlay.endsWith("prod")) {
            for (String service : SOCKET_SERVICES) {
                assertThat(rendered.get("HorizontalPodAutoscaler", service).path("spec").path("minReplicas").asInt())
                        .as("%s keeps two pods so a drain always has a peer", service).isGreaterThanOrEqualTo(2);
            }
            assertThat(rendered.get("Deployment", "message-api-service").path("spec").path("replicas").asInt())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    // ---- ingress --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndRoutes")
    void everySpecPathIsRoutedByTheIngressToTheServiceThatServesIt(String overlay, Route route) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        Optional<Location> location = IngressNginxRouting.forHost(rendered, ingressHost(rendered)).route(route.path());

        if (route.target() == Target.NOT_PUBLISHED) {
            assertThat(location).as("%s must reach no service (default backend 404)", route.path())
                    .isEmpty();
            return;
        }
        assertThat(location).as("a location for %s", route.path()).isPresent();
        assertThat(location.get().serviceName()).as("service behind %s (location ~* \"^%s\")", route.path(), location.get().path())
                .isEqualTo(route.target().service);
        // The Service really ends at that Deployment's pods.
        JsonNode service = rendered.get("Service", location.get().serviceName());
        JsonNode deployment = rendered.get("Deployment", route.target().service);
        assertThat(matchLabels(service.path("spec").path("selector"), podLabels(deployment))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void streamRoutesStayOpenAnHourWithoutProxyBuffering(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        IngressNginxRouting routing = IngressNginxRouting.forHost(rendered, ingressHost(rendered));
        for (Route route : SpecRoutes.ALL) {
            if (!route.isStream()) {
                continue;
            }
            Location l = routing.route(route.path()).orElseThrow();
            String what = route.path() + " (Ingress " + l.ingressName() + ")";
            assertThat(seconds(l.annotation("proxy-read-timeout"))).as("%s proxy-read-timeout", what)
                    .isGreaterThanOrEqualTo(STREAM_TIMEOUT_SECONDS);
            assertThat(seconds(l.annotation("proxy-send-timeout"))).as("%s proxy-send-timeout", what)
                    .isGreaterThanOrEqualTo(STREAM_TIMEOUT_SECONDS);
            assertThat(l.annotation("proxy-buffering")).as("%s proxy-buffering", what).isEqualTo("off");
            assertThat(l.annotation("proxy-http-version")).as("%s proxy-http-version", what).isEqualTo("1.1");
            assertThat(l.annotation("affinity")).as("%s needs no sticky sessions", what).isNull();
        }
    }

    /**
     * The Ingress limits every published path per client address exactly as deploy/nginx/switchboard.conf does
     * (NginxConfigTest runs that file in a real nginx): the same rate, the same burst (ingress-nginx: limit times
     * limit-burst-multiplier) and the same connection limit, read from the nginx file itself.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingressEdgeLimitsMatchTheNginxConfig(String overlay) throws Exception {
        String conf = Files.readString(RenderedOverlay.projectRoot().resolve("deploy/nginx/switchboard.conf"))
                .replaceAll("#[^\\n]*", "");
        Map<String, String> rates = new java.util.HashMap<>();
        Matcher zone = Pattern.compile("limit_req_zone\\s+\\S+\\s+zone=(\\w+):\\S+\\s+rate=(\\d+r/[sm]);").matcher(conf);
        while (zone.find()) {
            rates.put(zone.group(1), zone.group(2));
        }
        Matcher conn = Pattern.compile("limit_conn switchboard_conn (\\d+);").matcher(conf);
        assertThat(conn.find()).isTrue();
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        IngressNginxRouting routing = IngressNginxRouting.forHost(rendered, ingressHost(rendered));
        for (Route route : SpecRoutes.ALL) {
            if (route.target() == Target.NOT_PUBLISHED) {
                continue;
            }
            Location l = routing.route(route.path()).orElseThrow();
            // The limit nginx applies to this path: its location's own limit_req, else the server's.
            String own = NginxConfigTest.NginxLocation.select(NginxConfigTest.NginxLocation.parse(conf), route.path())
                    .directive("limit_req");
            Matcher limit = Pattern.compile("zone=(\\w+) burst=(\\d+) nodelay").matcher(own != null ? own
                    : conf.substring(conf.indexOf("    limit_req zone=")));
            assertThat(limit.find()).as("nginx limit_req for %s", route.path()).isTrue();
            String zoneName = limit.group(1);
            Matcher burst = limit;
            String rate = rates.get(zoneName);
            String what = route.path() + " (Ingress " + l.ingressName() + ")";
            int perUnit = Integer.parseInt(rate.substring(0, rate.indexOf('r')));
            String annotation = rate.endsWith("r/s") ? "limit-rps" : "limit-rpm";
            assertThat(l.annotation(annotation)).as("%s %s like nginx zone %s (%s)", what, annotation, zoneName, rate)
                    .isEqualTo(Integer.toString(perUnit));
            assertThat(perUnit * Integer.parseInt(l.annotation("limit-burst-multiplier"))).as("%s burst", what)
                    .isEqualTo(Integer.parseInt(burst.group(2)));
            assertThat(l.annotation("limit-connections")).as("%s limit-connections", what).isEqualTo(conn.group(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void restRoutesOutlastTheLongestLongPoll(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        IngressNginxRouting routing = IngressNginxRouting.forHost(rendered, ingressHost(rendered));
        for (Route route : SpecRoutes.ALL) {
            if (route.kind() == Kind.REST) {
                Location l = routing.route(route.path()).orElseThrow();
                String timeout = l.annotation("proxy-read-timeout");
                // ingress-nginx's default is 60 s.
                assertThat(timeout == null ? 60 : seconds(timeout)).as("%s proxy-read-timeout", route.path())
                        .isGreaterThan(LONGEST_LONG_POLL_SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyIngressBackendIsAnExistingServicePort(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (Location l : IngressNginxRouting.forHost(rendered, ingressHost(rendered)).locations()) {
            JsonNode service = rendered.get("Service", l.serviceName());
            boolean found = false;
            for (JsonNode port : service.path("spec").path("ports")) {
                found |= l.servicePort().has("name") ? port.path("name").asText().equals(l.servicePort().path("name").asText())
                        : port.path("port").asInt() == l.servicePort().path("number").asInt();
            }
            assertThat(found).as("Ingress %s path %s names a port of Service %s", l.ingressName(), l.path(), l.serviceName()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theIngressHostIsTheOriginTheServicesAnnounceToBrowsers(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        String host = ingressHost(rendered);
        Map<String, EnvSource> env = rendered.environment(rendered.serviceContainer("message-api-service"));
        URI publicApi = URI.create(env.get("SWITCHBOARD_PUBLIC_API_URL").value());

        assertThat(publicApi.getHost()).as("SWITCHBOARD_PUBLIC_API_URL host").isEqualTo(host);
        assertThat(env.get("SWITCHBOARD_TRUSTED_ORIGINS").value().split(","))
                .as("the dashboard's origin may open operator sockets").contains(publicApi.getScheme() + "://" + host);
        // Same origin behind one host: browsers derive the socket URLs from the page.
        assertThat(env.get("SWITCHBOARD_PUBLIC_ADMIN_WS_URL").value()).isEmpty();
        assertThat(env.get("SWITCHBOARD_PUBLIC_WIDGET_WS_URL").value()).isEmpty();
        if (overlay.endsWith("prod")) {
            assertThat(publicApi.getScheme()).isEqualTo("https");
            for (ObjectNode ingress : rendered.all("Ingress")) {
                assertThat(ingress.path("spec").path("tls").toString()).as("TLS of Ingress %s", name(ingress)).contains(host);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingressAccessLogsAreOffBecauseCredentialsTravelInQueryStrings(String overlay) {
        for (ObjectNode ingress : RenderedOverlay.render(overlay).all("Ingress")) {
            assertThat(ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/enable-access-log").asText())
                    .as("enable-access-log of Ingress %s", name(ingress)).isEqualTo("false");
        }
    }

    // ---- network policies -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicePodsAcceptConnectionsOnlyFromTheIngressControllerAndPrometheus(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.render(overlay);
        for (String service : SERVICES) {
            JsonNode labels = podLabels(rendered.get("Deployment", service));
            List<ObjectNode> policies = rendered.all("NetworkPolicy").stream()
                    .filter(p -> selects(p.path("spec").path("podSelector"), labels)).toList();
            assertThat(policies).as("NetworkPolicies selecting %s", service).isNotEmpty();
            for (ObjectNode policy : policies) {
                assertThat(policy.path("spec").path("policyTypes").toString()).contains("Ingress");
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    assertThat(rule.path("from").size()).as("%s rule has explicit peers", name(policy)).isPositive();
                    for (JsonNode peer : rule.path("from")) {
                        assertThat(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())
                                .as("peer of %s", name(policy)).isIn("ingress-nginx", "monitoring");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "redis"})
    void devOverlayLetsOnlyTheThreeServicesReachItsDatabases(String database) {
        RenderedOverlay dev = RenderedOverlay.render("overlays/dev");
        JsonNode workload = dev.workloads().stream().filter(w -> name(w).equals(database)).findFirst()
                .orElseThrow(() -> new AssertionError("dev runs no " + database));
        List<ObjectNode> policies = dev.all("NetworkPolicy").stream()
                .filter(p -> selects(p.path("spec").path("podSelector"), podLabels(workload))).toList();
        assertThat(policies).as("NetworkPolicies protecting %s", database).isNotEmpty();

        Set<String> allowed = new TreeSet<>();
        for (ObjectNode policy : policies) {
            assertThat(policy.path("spec").path("policyTypes").toString()).contains("Ingress");
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                assertThat(rule.path("from").size()).as("%s names its peers", name(policy)).isPositive();
                for (JsonNode peer : rule.path("from")) {
                    assertThat(peer.has("ipBlock") || peer.has("namespaceSelector"))
                            .as("%s admits only pods of this namespace", name(policy)).isFalse();
                    for (ObjectNode other : dev.workloads()) {
                        if (selects(peer.path("podSelector"), podLabels(other))) {
                            allowed.add(name(other));
                        }
                    }
                }
                for (JsonNode port : rule.path("ports")) {
                    assertThat(containerPort(workload, port.path("port"))).as("%s opens a port %s listens on", name(policy), database)
                            .isPresent();
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    // ---- dev and prod specifics -----------------------------------------------------------------

    @Test
    void devServicesUseThePostgres17AndRedis7RunningInTheNamespace() {
        RenderedOverlay dev = RenderedOverlay.render("overlays/dev");
        Map<String, EnvSource> env = dev.environment(dev.serviceContainer("admin-ws-service"));

        URI jdbc = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").value().substring("jdbc:".length()));
        URI redis = URI.create(env.get("QUARKUS_REDIS_HOSTS").value());
        assertThat(servicePort(dev, jdbc.getHost())).as("a Service %s", jdbc.getHost()).contains(jdbc.getPort());
        assertThat(servicePort(dev, redis.getHost())).as("a Service %s", redis.getHost()).contains(redis.getPort());
        assertThat(dev.get("StatefulSet", "postgres").path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asText()).isEqualTo("postgres:17");
        assertThat(dev.get("Deployment", "redis").path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asText()).startsWith("redis:7");
        // Redis requires the same password that the services' URL carries.
        String password = redis.getUserInfo().substring(redis.getUserInfo().indexOf(':') + 1);
        assertThat(dev.environment(dev.get("Deployment", "redis").path("spec").path("template").path("spec").path("containers").get(0))
                .get("REDIS_PASSWORD").value()).isEqualTo(password);
    }

    @Test
    void devJwtKeysFormAMatchingRsaPair() throws Exception {
        RenderedOverlay dev = RenderedOverlay.render("overlays/dev");
        JsonNode api = dev.get("Deployment", "message-api-service");
        JsonNode c = dev.serviceContainer("message-api-service");
        Map<String, EnvSource> env = dev.environment(c);
        String publicPem = dev.mountedSecretFile(api, c, env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").value()).orElseThrow().value();
        String privatePem = dev.mountedSecretFile(api, c, env.get("SMALLRYE_JWT_SIGN_KEY_LOCATION").value()).orElseThrow().value();

        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(pem(publicPem, "PUBLIC KEY")));
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(privatePem, "PRIVATE KEY")));
        byte[] token = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(token);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(token);

        assertThat(verifier.verify(signature)).as("tokens message-api signs verify in the socket services").isTrue();
    }

    @Test
    void prodRunsNoDatabaseInTheClusterAndTakesItsConnectionsFromSecrets() {
        RenderedOverlay prod = RenderedOverlay.render("overlays/prod");
        for (ObjectNode workload : prod.workloads()) {
            for (JsonNode c : podSpec(workload).path("containers")) {
                assertThat(c.path("image").asText()).as("image in %s", id(workload)).doesNotStartWith("postgres").doesNotStartWith("redis");
            }
        }
        assertThat(prod.workloads()).extracting(RenderedOverlay::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(prod.all("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void prodSecretsArePlaceholdersMarkedChangeMe() {
        RenderedOverlay prod = RenderedOverlay.render("overlays/prod");
        List<ObjectNode> secrets = prod.all("Secret");
        assertThat(secrets).extracting(RenderedOverlay::name).anyMatch(n -> n.startsWith("switchboard-db"))
                .anyMatch(n -> n.startsWith("switchboard-redis")).anyMatch(n -> n.startsWith("switchboard-jwt-public"))
                .anyMatch(n -> n.startsWith("switchboard-jwt-signing"));
        for (ObjectNode secret : secrets) {
            secret.path("data").fieldNames().forEachRemaining(key -> assertThat(prod.value("Secret", name(secret), key).orElseThrow())
                    .as("prod Secret %s key %s is a marked placeholder, never a real value in git", name(secret), key)
                    .contains("CHANGE_ME"));
        }
    }

    // ---- alerts ---------------------------------------------------------------------------------

    /** The alert rule for each symptom seed 003 watches, and the metric its expression must use. */
    private static final Map<String, List<String>> ALERTS = Map.of(
            "SwitchboardDeliverySlow", List.of("switchboard_delivery_latency_seconds_bucket", "> 0.5"),
            "SwitchboardNoConnectionsWhileUsersActive", List.of("switchboard_connections{", "http_server_requests_seconds_count"),
            "SwitchboardRedisDisconnected", List.of("switchboard_redis_connected", "== 0"),
            "SwitchboardSseFirstByteSlow", List.of("switchboard_sse_first_byte_seconds_bucket", "> 2"),
            "SwitchboardHttp5xxHigh", List.of("http_server_requests_seconds_count", "status=~\"5..\"", "[5m]", "> 0.10"),
            "SwitchboardAuthFailureRateHigh", List.of("switchboard_auth_failures_total", "switchboard_connections_opened_total", "> 0.01"),
            "SwitchboardReconnectRateHigh", List.of("switchboard_connections_closed_total", "switchboard_connections_opened_total", "> 0.01"),
            "SwitchboardWebhookBacklogOld", List.of("switchboard_webhooks_oldest_pending_seconds", "> 900"),
            "SwitchboardWebhooksGivenUp", List.of("switchboard_webhooks_gave_up_total", "> 0"));

    @Test
    void alertRulesWatchEverySeedSymptomWithTheMetricsNamedAtTheTopOfTheFile() throws Exception {
        RenderedOverlay prod = RenderedOverlay.render("overlays/prod");
        List<ObjectNode> rules = prod.all("PrometheusRule");
        assertThat(rules).as("prod ships the alert rules").hasSize(1);
        Map<String, String> expressions = new java.util.TreeMap<>();
        for (JsonNode group : rules.get(0).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                expressions.put(alert, rule.path("expr").asText());
                assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", alert).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", alert).isNotBlank();
                assertThat(rule.path("for").asText()).as("%s waits before firing", alert).isNotBlank();
            }
        }
        ALERTS.forEach((alert, fragments) -> {
            assertThat(expressions).as("alerts").containsKey(alert);
            assertThat(expressions.get(alert)).as("expression of %s", alert).contains(fragments);
        });

        // The header comment is the contract for the service developers: it names every metric
        // the expressions use, and nothing else.
        String source = Files.readString(RenderedOverlay.projectRoot().resolve("k8s/monitoring/prometheus-rules.yaml"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("^#\\s{3}(\\w+)\\s", Pattern.MULTILINE).matcher(source);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> used = new TreeSet<>();
        Matcher metric = Pattern.compile("\\b(switchboard_\\w+|http_server_requests_seconds_count|up)\\b[{\\[ )]").matcher(
                String.join("\n", expressions.values()));
        while (metric.find()) {
            used.add(metric.group(1).replaceFirst("_bucket$", ""));
        }
        assertThat(used).as("metrics used by the alert expressions").isEqualTo(documented);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String ingressHost(RenderedOverlay rendered) {
        Set<String> hosts = new TreeSet<>();
        for (ObjectNode ingress : rendered.all("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                hosts.add(rule.path("host").asText());
            }
        }
        assertThat(hosts).as("%s serves everything on one host (same origin)", rendered.name).hasSize(1);
        return hosts.iterator().next();
    }

    /** A LabelSelector (matchLabels + matchExpressions) against a label set; an empty selector selects all. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.has("matchLabels") || selector.has("matchExpressions")) {
            if (!matchLabels(selector.path("matchLabels"), labels)) {
                return false;
            }
            for (JsonNode expr : selector.path("matchExpressions")) {
                String value = labels.path(expr.path("key").asText()).asText(null);
                Set<String> values = new HashSet<>();
                expr.path("values").forEach(v -> values.add(v.asText()));
                boolean ok = switch (expr.path("operator").asText()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator in " + expr);
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        return matchLabels(selector, labels);
    }

    private static boolean matchLabels(JsonNode matchLabels, JsonNode labels) {
        var it = matchLabels.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** The container port number a numeric or named port refers to, in any container of the workload. */
    private static Optional<Integer> containerPort(JsonNode workload, JsonNode port) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (port.isInt() ? p.path("containerPort").asInt() == port.asInt() : p.path("name").asText().equals(port.asText())) {
                    return Optional.of(p.path("containerPort").asInt());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> servicePort(RenderedOverlay rendered, String serviceName) {
        return rendered.find("Service", serviceName).map(s -> s.path("spec").path("ports").get(0).path("port").asInt());
    }

    private static Optional<Long> preStopSeconds(JsonNode preStop) {
        if (preStop.has("sleep")) {
            return Optional.of(preStop.path("sleep").path("seconds").asLong());
        }
        Matcher m = Pattern.compile("\\bsleep\\s+(\\d+)").matcher(preStop.path("exec").path("command").toString().replace("\",\"", " "));
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** A Quarkus/MicroProfile duration ("20s", "1m", "500ms", "PT20S" or plain seconds) in whole seconds, rounded up. */
    static long durationSeconds(String text) {
        String t = text.trim();
        Duration d;
        if (t.matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(t));
        } else if (t.matches("\\d+ms")) {
            d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        } else if (t.matches("\\d+[smhd]")) {
            d = Duration.parse((t.endsWith("d") ? "P" : "PT") + t.toUpperCase());
        } else {
            d = Duration.parse(t);
        }
        return (d.toMillis() + 999) / 1000;
    }

    private static long seconds(String annotation) {
        if (annotation == null) {
            fail("annotation missing");
        }
        return Long.parseLong(annotation.trim());
    }

    private static BigDecimal quantity(JsonNode value) {
        return Quantity.getAmountInBytes(new Quantity(value.asText()));
    }

    private static byte[] pem(String pem, String type) {
        assertThat(pem).contains("-----BEGIN " + type + "-----");
        String body = pem.replaceAll("-----(BEGIN|END) " + type + "-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
