package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code kubectl kustomize <dir>} prints for one kustomization, parsed into documents,
 * with the look-ups the checks need (objects by kind and name, a container's effective
 * environment, the Secret behind a mounted file).
 */
final class RenderedOverlay {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, RenderedOverlay> CACHE = new ConcurrentHashMap<>();
    private static final String KUBECTL_HINT = "kubectl 1.21 or newer; the project's machine image ships the `kubectl`"
            + " package. Debian's kubernetes-client (1.20) embeds a kustomize too old for these kustomizations";

    final String name;
    final String yaml;
    final List<ObjectNode> documents;

    private RenderedOverlay(String name, String yaml, List<ObjectNode> documents) {
        this.name = name;
        this.yaml = yaml;
        this.documents = documents;
    }

    /** The project root (where k8s/ and deploy/ live). */
    static Path projectRoot() {
        String home = System.getProperty("switchboard.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** Renders {@code k8s/<relativeDir>} once per test run (kubectl's kustomize is deterministic). */
    static RenderedOverlay render(String relativeDir) {
        Path kubectl = RequiredTool.require("kubectl", KUBECTL_HINT);
        return CACHE.computeIfAbsent(relativeDir, dir -> {
            Path path = projectRoot().resolve("k8s").resolve(dir);
            ProcessRun run = ProcessRun.run(60, List.of(kubectl.toString(), "kustomize", path.toString()));
            if (!run.succeeded()) {
                String version = ProcessRun.run(30, List.of(kubectl.toString(), "version", "--client")).stdout();
                throw new AssertionError("kubectl kustomize " + path + " failed (" + KUBECTL_HINT + "; this one: "
                        + version.strip() + "):\n" + run.describe());
            }
            return new RenderedOverlay(dir, run.stdout(), parse(run.stdout()));
        });
    }

    /** Every YAML document of a multi-document stream; a document that is not a mapping fails. */
    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new AssertionError("a rendered document is not a mapping: " + node);
                }
                docs.add((ObjectNode) node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML does not parse", e);
        }
        return docs;
    }

    static String kind(JsonNode doc) {
        return doc.path("kind").asText();
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String id(JsonNode doc) {
        return kind(doc) + "/" + name(doc);
    }

    List<ObjectNode> all(String kind) {
        return documents.stream().filter(d -> kind.equals(kind(d))).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return documents.stream().filter(d -> kind.equals(kind(d)) && name.equals(name(d))).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + " renders no " + kind + "/" + name));
    }

    /** Deployments and StatefulSets. */
    List<ObjectNode> workloads() {
        return documents.stream().filter(d -> kind(d).equals("Deployment") || kind(d).equals("StatefulSet")).toList();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /** The single application container of one of the three services. */
    JsonNode serviceContainer(String deployment) {
        JsonNode containers = podSpec(get("Deployment", deployment)).path("containers");
        for (JsonNode c : containers) {
            if (c.path("name").asText().equals(deployment)) {
                return c;
            }
        }
        throw new AssertionError("Deployment " + deployment + " has no container named like it");
    }

    /** A string value of a ConfigMap's data or a Secret's data (base64-decoded) / stringData. */
    Optional<String> value(String kind, String objectName, String key) {
        Optional<ObjectNode> obj = find(kind, objectName);
        if (obj.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data = obj.get().path("data").path(key);
        if (!data.isMissingNode()) {
            return Optional.of(kind.equals("Secret")
                    ? new String(Base64.getMimeDecoder().decode(data.asText()), StandardCharsets.UTF_8) : data.asText());
        }
        JsonNode stringData = obj.get().path("stringData").path(key);
        return stringData.isMissingNode() ? Optional.empty() : Optional.of(stringData.asText());
    }

    /** Where an environment variable's value comes from. */
    record EnvSource(String value, String fromKind, String fromName, String fromKey) {
        boolean fromSecret() {
            return "Secret".equals(fromKind);
        }
    }

    /**
     * The environment a container gets: envFrom first, then env (which wins, as in Kubernetes).
     * Values from ConfigMaps and Secrets are resolved against the rendered objects; a reference
     * to an object that is not rendered fails, unless it is marked {@code optional: true} (then, as in
     * Kubernetes, it adds nothing).
     */
    Map<String, EnvSource> environment(JsonNode container) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String kind = from.has("configMapRef") ? "ConfigMap" : "Secret";
            JsonNode refNode = from.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
            String ref = refNode.path("name").asText();
            if (refNode.path("optional").asBoolean(false) && all(kind).stream().noneMatch(o -> name(o).equals(ref))) {
                continue;
            }
            ObjectNode obj = get(kind, ref);
            obj.path("data").fieldNames().forEachRemaining(key ->
                    env.put(key, new EnvSource(value(kind, ref, key).orElseThrow(), kind, ref, key)));
            obj.path("stringData").fieldNames().forEachRemaining(key ->
                    env.put(key, new EnvSource(value(kind, ref, key).orElseThrow(), kind, ref, key)));
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, new EnvSource(e.path("value").asText(), null, null, null));
            } else {
                JsonNode vf = e.path("valueFrom");
                String kind = vf.has("configMapKeyRef") ? "ConfigMap" : vf.has("secretKeyRef") ? "Secret" : null;
                if (kind == null) {
                    env.put(name, new EnvSource(null, "field", null, null));
                    continue;
                }
                JsonNode ref = vf.path(kind.equals("ConfigMap") ? "configMapKeyRef" : "secretKeyRef");
                String obj = ref.path("name").asText();
                String key = ref.path("key").asText();
                String v = value(kind, obj, key).orElseThrow(() -> new AssertionError(
                        name + " refers to " + kind + " " + obj + " key " + key + ", which " + this.name + " does not render"));
                env.put(name, new EnvSource(v, kind, obj, key));
            }
        }
        return env;
    }

    /**
     * The Secret and key that a file path inside a container comes from, through a volumeMount of
     * a secret volume; empty when the path is not on such a mount.
     */
    Optional<EnvSource> mountedSecretFile(JsonNode workload, JsonNode container, String filePath) {
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (!filePath.startsWith(dir.endsWith("/") ? dir : dir + "/")) {
                continue;
            }
            String fileName = filePath.substring(dir.length()).replaceFirst("^/", "");
            for (JsonNode volume : podSpec(workload).path("volumes")) {
                if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                    String secret = volume.path("secret").path("secretName").asText();
                    return value("Secret", secret, fileName).map(v -> new EnvSource(v, "Secret", secret, fileName));
                }
            }
        }
        return Optional.empty();
    }
}
