package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md is held to the code, so it cannot drift again (issue 18): every close code it names is a
 * constant of common-events' {@code CloseCodes} and every constant is in its close-code table; every path it
 * names is a route of one of the services — a JAX-RS {@code @Path} (class prefix + method, with its HTTP
 * method), a websockets-next {@code @WebSocket} path, or a Vert.x {@code router.get(…)} route — or one of the
 * Quarkus endpoints the services' extensions serve.
 */
class ProtocolDocTest {
    private static final Path ROOT = Path.of(System.getProperty("switchboard.home",
            Path.of(System.getProperty("user.dir")).getParent().toString()));
    private static final List<String> SERVICES = List.of("message-api-service", "admin-ws-service", "widget-ws-service",
            "socket-core");
    /** Quarkus' own endpoints and the extension that serves each; both socket services must have it. */
    private static final Map<String, String> QUARKUS_ENDPOINTS = Map.of(
            "/q/health/live", "quarkus-smallrye-health",
            "/q/health/ready", "quarkus-smallrye-health",
            "/q/metrics", "quarkus-micrometer-registry-prometheus");

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String protocol() {
        return read(ROOT.resolve("docs/protocol.md"));
    }

    /** The constants of CloseCodes except the reason length. */
    static Set<Integer> closeCodeConstants() {
        String src = read(ROOT.resolve("common-events/src/main/java/io/switchboard/events/CloseCodes.java"));
        Set<Integer> codes = new TreeSet<>();
        Matcher m = Pattern.compile("public static final int (\\w+) = (\\d+);").matcher(src);
        while (m.find()) {
            if (!m.group(1).startsWith("MAX_")) {
                codes.add(Integer.parseInt(m.group(2)));
            }
        }
        return codes;
    }

    @Test
    void theCloseCodeTableIsExactlyTheCloseCodesOfCommonEventsAndTheTextNamesNoOther() {
        String doc = protocol();
        String section = doc.substring(doc.indexOf("### Close codes"), doc.indexOf("## SSE endpoints"));
        Set<Integer> table = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d{4}) \\|").matcher(section);
        while (row.find()) {
            table.add(Integer.parseInt(row.group(1)));
        }
        Set<Integer> constants = closeCodeConstants();
        assertThat(constants).as("CloseCodes constants").contains(4400, 4401, 4403, 4404, 4408, 4429, 1001, 1012);
        assertThat(table).as("the close-code table of docs/protocol.md vs CloseCodes").isEqualTo(constants);

        Set<Integer> named = new TreeSet<>();
        Matcher any = Pattern.compile("\\b(4\\d{3}|10(0\\d|1[0-5]))\\b").matcher(doc);
        while (any.find()) {
            named.add(Integer.parseInt(any.group(1)));
        }
        assertThat(constants).as("every close code docs/protocol.md names is in CloseCodes").containsAll(named);
    }

    /** A documented or routed path with parameters reduced to {}. */
    static String normalize(String path) {
        return path.replaceAll("\\{[^}]*\\}", "{}").replaceAll(":[A-Za-z_]\\w*", "{}").replaceAll("/+$", "");
    }

    /** "METHOD path" of every route the services define ("ANY path" when any method answers). */
    static Set<String> routes() throws IOException {
        Set<String> routes = new TreeSet<>();
        for (String module : SERVICES) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    routesOf(read(f), routes);
                }
            }
        }
        return routes;
    }

    static void routesOf(String source, Set<String> routes) {
        Matcher ws = Pattern.compile("@WebSocket\\(\\s*path\\s*=\\s*\"([^\"]+)\"").matcher(source);
        while (ws.find()) {
            routes.add("GET " + normalize(ws.group(1)));
        }
        Matcher vertx = Pattern.compile("router\\.(get|post|put|delete|route)\\(\"([^\"]+)\"\\)").matcher(source);
        while (vertx.find()) {
            String verb = vertx.group(1).equals("route") ? "ANY" : vertx.group(1).toUpperCase(java.util.Locale.ROOT);
            routes.add(verb + " " + normalize(vertx.group(2)));
        }
        // SSE routes go through SseSupport.route(router, "<path>", …), which serves GET.
        Matcher sse = Pattern.compile("\\.route\\(router,\\s*\"([^\"]+)\"").matcher(source);
        while (sse.find()) {
            routes.add("GET " + normalize(sse.group(1)));
        }
        // JAX-RS: the annotations in front of each public class or method.
        String classPath = "";
        Matcher decl = Pattern.compile("((?:@\\w+(?:\\([^)]*\\))?\\s*)+)public\\s+(class\\s)?").matcher(source);
        while (decl.find()) {
            Matcher path = Pattern.compile("@Path\\(\"([^\"]*)\"\\)").matcher(decl.group(1));
            String p = path.find() ? path.group(1) : null;
            if (decl.group(2) != null) {
                classPath = p == null ? "" : p;
                continue;
            }
            Matcher verb = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH)\\b").matcher(decl.group(1));
            if (verb.find()) {
                for (String route : alternatives(classPath + (p == null ? "" : p.startsWith("/") ? p : "/" + p))) {
                    routes.add(verb.group(1) + " " + normalize(route));
                }
            }
        }
    }

    /** A JAX-RS path with a choice of literals such as {@code /api/{path: widget|site}/dialogs}: one path per choice. */
    static List<String> alternatives(String path) {
        Matcher choice = Pattern.compile("\\{\\w+\\s*:\\s*([\\w-]+(?:\\|[\\w-]+)+)\\s*}").matcher(path);
        if (!choice.find()) {
            return List.of(path);
        }
        List<String> out = new java.util.ArrayList<>();
        for (String literal : choice.group(1).split("\\|")) {
            out.addAll(alternatives(path.substring(0, choice.start()) + literal + path.substring(choice.end())));
        }
        return out;
    }

    @Test
    void theRouteReaderFindsEachKindOfRoute() throws IOException {
        Set<String> routes = routes();
        assertThat(routes).contains("GET /ws", "GET /ws/dialogs/{}", "GET /ws/site/dialogs/{}", "GET /api/events",
                "GET /api/dialogs/{}/events", "POST /api/ws-ticket", "GET /api/notifications",
                "POST /api/notifications/{}/read", "GET /api/sse/health", "GET /api/widget/dialogs/{}/messages",
                "POST /api/site/dialogs/{}/attachments");
    }

    @Test
    void everyPathDocsProtocolNamesIsARouteOfTheServices() throws IOException {
        Set<String> routes = routes();
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(?:(GET|POST|PUT|DELETE|PATCH) )?(/(?:api|ws|q)(?:/[^`?\\s]*)?)[^`]*`")
                .matcher(protocol());
        while (m.find()) {
            if (!m.group(2).contains("*")) { // a glob such as /q/* names a family, not a route
                documented.add((m.group(1) == null ? "" : m.group(1) + " ") + m.group(2));
            }
        }
        assertThat(documented).as("paths named in docs/protocol.md").hasSizeGreaterThan(15);
        Set<String> missing = new TreeSet<>();
        for (String d : documented) {
            String verb = d.contains(" ") ? d.substring(0, d.indexOf(' ')) : null;
            String path = normalize(d.contains(" ") ? d.substring(d.indexOf(' ') + 1) : d);
            if (path.startsWith("/q")) {
                String extension = QUARKUS_ENDPOINTS.get(path);
                if (extension == null) {
                    missing.add(d + " (not a Quarkus endpoint the services serve)");
                    continue;
                }
                for (String service : List.of("admin-ws-service", "widget-ws-service")) {
                    // Directly or through socket-core, which both depend on.
                    String poms = read(ROOT.resolve(service).resolve("pom.xml")) + read(ROOT.resolve("socket-core/pom.xml"));
                    if (!poms.contains("<artifactId>" + extension + "</artifactId>")) {
                        missing.add(d + " (" + service + " lacks " + extension + ")");
                    }
                }
                continue;
            }
            boolean found = routes.stream().anyMatch(r -> {
                String rVerb = r.substring(0, r.indexOf(' '));
                String rPath = r.substring(r.indexOf(' ') + 1);
                return rPath.equals(path) && (verb == null || rVerb.equals("ANY") || rVerb.equals(verb));
            });
            if (!found) {
                missing.add(d);
            }
        }
        assertThat(missing).as("paths docs/protocol.md names that no service routes (routes: %s)", routes).isEmpty();
    }

    @Test
    void aDriftedPathOrCloseCodeWouldBeCaught() {
        Set<String> routes = new HashSet<>();
        routesOf("@Path(\"/api\")\npublic class X {\n @GET\n @Path(\"/things/{id}\")\n public Y get() {}\n"
                + " @Path(\"/things\") @POST\n public Y post() {}\n}", routes);
        assertThat(routes).containsExactlyInAnyOrder("GET /api/things/{}", "POST /api/things");
        assertThat(routes).doesNotContain("GET /api/thing/{}");
        assertThat(closeCodeConstants()).doesNotContain(4402, 4000);
    }
}
