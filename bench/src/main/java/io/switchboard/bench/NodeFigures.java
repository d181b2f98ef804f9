package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.client.HttpAnswer;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.scenario.Measurement;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of each node of a {@code --nodes N} run, from the nodes themselves and from nginx:
 * <ul>
 *   <li>each message-api node: the messages it stored ({@code switchboard_messages_posted_total} on its
 *       {@code /q/metrics});</li>
 *   <li>each socket node, while the run's sockets are still open: its connections, the events it wrote, the dialogs
 *       it follows and the Redis channels it is SUBSCRIBEd to ({@code /api/sse/stats}, read on its own port with the
 *       bench's admin token);</li>
 *   <li>after the sockets closed: which node nginx gave each socket to (its access log names the upstream of every
 *       tunnel when it ends), so the dialogs a node's clients hold can be set beside the channels it subscribed.</li>
 * </ul>
 * A node that subscribed only what its clients need follows exactly the dialogs of its own sockets, and its Redis
 * channels are those dialogs plus the node-wide {@code ws:revocations}.
 */
public final class NodeFigures {
    /** A WebSocket tunnel's line in the shipped {@code switchboard_noquery} format, with the upstream that served it. */
    static final Pattern SOCKET_LINE = Pattern.compile(
            "\"GET /ws/(?:dialogs|widget/dialogs|site/dialogs)/(\\d+) HTTP/1\\.1\" 101 .*? upstream=[^ ]*?:(\\d+) ");
    private static final Pattern POSTED = Pattern.compile("^switchboard_messages_posted_total\\{[^}]*} ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    private final List<SystemStarter.Node> nodes;
    private final SystemStarter.Front front;
    private final Map<String, Long> posted = new LinkedHashMap<>();
    private final Map<String, JsonNode> stats = new LinkedHashMap<>();

    public NodeFigures(List<SystemStarter.Node> nodes, SystemStarter.Front front) {
        this.nodes = List.copyOf(nodes);
        this.front = front;
    }

    /** Reads every node's own figures; called at the end of the run while its sockets are still open. */
    public void atEndOfRun(Target target, Measurement m) {
        for (SystemStarter.Node n : nodes) {
            if (n.service().equals("api")) {
                HttpAnswer a = target.client().call(HttpMethod.GET, n.url() + "/q/metrics", null, null).join();
                if (a.ok()) {
                    posted.put(n.name(), postedCount(a.body()));
                } else {
                    m.note(n.name() + ": /q/metrics answered HTTP " + a.status());
                }
            } else {
                HttpAnswer a = target.client().call(HttpMethod.GET, n.url() + "/api/sse/stats", target.token(), null)
                        .join();
                if (a.ok()) {
                    stats.put(n.name(), a.json());
                } else {
                    m.note(n.name() + ": /api/sse/stats answered HTTP " + a.status());
                }
            }
        }
    }

    /** The sum of {@code switchboard_messages_posted_total} over its {@code sender} tags. */
    static long postedCount(String metrics) {
        Matcher x = POSTED.matcher(metrics);
        double sum = 0;
        while (x.find()) {
            sum += Double.parseDouble(x.group(1));
        }
        return Math.round(sum);
    }

    /**
     * Adds the per-node counts and one note per node once the sockets are closed: waits (at most 15 s) until nginx
     * logged a tunnel line for each of the run's {@code sockets}, then reads which node served which dialog.
     */
    public void afterSocketsClosed(Measurement m, long sockets) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (socketLines(front.accessLog()) < sockets && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200); // nginx writes a tunnel's line when it ends; nothing to await but the file
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<Integer, Set<Long>> dialogsByPort = dialogsByUpstreamPort(front.accessLog());
        long allPosted = posted.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> sentByService = new HashMap<>();
        stats.forEach((name, s) -> sentByService.merge(serviceOf(name), s.path("events_sent").asLong(), Long::sum));
        for (SystemStarter.Node n : nodes) {
            String key = "node_" + n.name().replace('-', '_');
            if (n.service().equals("api")) {
                Long p = posted.get(n.name());
                if (p != null) {
                    m.count(key + "_messages_stored", p);
                    m.note(String.format(Locale.ROOT, "%s (:%d, pid %d): stored %d messages, %.1f %% of all",
                            n.name(), n.port(), n.pid(), p, share(p, allPosted)));
                }
                continue;
            }
            JsonNode s = stats.get(n.name());
            if (s == null) {
                continue;
            }
            Set<Long> held = dialogsByPort.getOrDefault(n.port(), Set.of());
            long followed = s.path("subscribed_dialogs").asLong();
            long channels = s.path("redis_channels").asLong();
            long sent = s.path("events_sent").asLong();
            m.count(key + "_sockets", s.path("active_connections").asLong());
            m.count(key + "_dialogs_of_its_sockets", held.size());
            m.count(key + "_subscribed_dialogs", followed);
            m.count(key + "_redis_channels", channels);
            m.count(key + "_events_sent", sent);
            m.note(String.format(Locale.ROOT, "%s (:%d, pid %d): %d sockets on %d dialogs (nginx's log), follows %d"
                            + " dialogs, %d Redis channels (the dialogs + ws:revocations), %s; wrote %.1f %% of %s's"
                            + " events", n.name(), n.port(), n.pid(), s.path("active_connections").asLong(), held.size(),
                    followed, channels, followed <= held.size() ? "only what its clients need"
                            : (followed - held.size()) + " dialogs MORE than its clients hold",
                    share(sent, sentByService.getOrDefault(n.service(), 0L)), n.service()));
        }
        long overlap = overlap(dialogsByPort, nodes.stream().filter(n -> n.service().equals("admin-ws"))
                .map(SystemStarter.Node::port).toList());
        m.count("dialogs_followed_by_both_admin_ws_nodes", overlap);
    }

    /** Dialogs held by sockets on every one of {@code ports} (a dialog with sockets on two nodes is followed by both). */
    private static long overlap(Map<Integer, Set<Long>> byPort, List<Integer> ports) {
        if (ports.size() < 2) {
            return 0;
        }
        Set<Long> common = new TreeSet<>(byPort.getOrDefault(ports.get(0), Set.of()));
        for (int p : ports.subList(1, ports.size())) {
            common.retainAll(byPort.getOrDefault(p, Set.of()));
        }
        return common.size();
    }

    private static String serviceOf(String nodeName) {
        return nodeName.substring(0, nodeName.lastIndexOf('-'));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** Which dialogs' sockets each upstream port served, from nginx's access log. */
    static Map<Integer, Set<Long>> dialogsByUpstreamPort(String accessLog) {
        Map<Integer, Set<Long>> out = new HashMap<>();
        Matcher x = SOCKET_LINE.matcher(accessLog);
        while (x.find()) {
            out.computeIfAbsent(Integer.parseInt(x.group(2)), p -> new TreeSet<>()).add(Long.parseLong(x.group(1)));
        }
        return out;
    }

    private static long socketLines(String accessLog) {
        return SOCKET_LINE.matcher(accessLog).results().count();
    }
}
