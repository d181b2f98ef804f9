package io.switchboard.bench.ceiling;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.events.ServerFrames;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling: the least a server can do for the bench's clients, written directly on Vert.x core.
 * It answers the REST calls a scenario makes, keeps dialogs in memory, assigns each posted message
 * the next seq, serializes its envelope once with the project's codec and writes it to every socket
 * of the dialog. No database, no Redis, no authentication: whatever the services do beyond this is
 * the price of durability, ordering across nodes and security, and the ratio to this server is that
 * price. Catch-up ({@code after_seq}) is served from the last {@code history} messages per dialog.
 */
public final class CeilingServer {
    private static final Pattern DIALOG_SOCKET = Pattern.compile("^/ws/(?:widget/)?dialogs/(\\d+)$");
    private static final Pattern MESSAGES = Pattern.compile("^/api/(?:widget/)?dialogs/(\\d+)/messages$");

    /** About the services' default outbound queue of 1000 frames of a few hundred bytes. */
    private static final int OUTBOUND_QUEUE_BYTES = 1000 * 400;

    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong dialogIds = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final int history;
    private volatile int port;

    /** One dialog: its seq, recent envelopes for catch-up and its open sockets, guarded by the room's lock. */
    private static final class Room {
        final long id;
        long lastSeq;
        final ArrayDeque<String> recent = new ArrayDeque<>();
        final List<ServerWebSocket> sockets = new ArrayList<>();

        Room(long id) {
            this.id = id;
        }
    }

    private CeilingServer(int history) {
        this.history = history;
    }

    /**
     * {@code java -cp ... CeilingServer <port> [eventLoops] [history]}: serves until the process is stopped. It
     * prints nothing; whoever started it knows the port and waits until it accepts connections.
     */
    public static void main(String[] args) throws Exception {
        run(Integer.parseInt(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors(),
                args.length > 2 ? Integer.parseInt(args[2]) : 1000);
        Thread.currentThread().join();
    }

    /** Starts a ceiling server ({@code port} 0: any free port) and returns the port it listens on. */
    public static int run(int port, int eventLoops, int history) throws Exception {
        return new CeilingServer(history).start(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)), port,
                eventLoops);
    }

    private int start(Vertx vertx, int wantedPort, int instances) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setPort(wantedPort).setHost("127.0.0.1")
                .setAcceptBacklog(4096).setTcpNoDelay(true)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketFrameSize(65536).setMaxWebSocketMessageSize(65536);
        if (wantedPort == 0) {
            // a shared port across verticles needs a concrete number: bind once to learn it
            java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            options.setPort(probe.getLocalPort());
            probe.close();
        }
        port = options.getPort();
        CountDownLatch up = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(io.vertx.core.Promise<Void> started) {
                vertx.createHttpServer(options).webSocketHandler(CeilingServer.this::socket)
                        .requestHandler(CeilingServer.this::request)
                        .listen().onComplete(ar -> {
                            if (ar.succeeded()) {
                                started.complete();
                            } else {
                                started.fail(ar.cause());
                            }
                        });
            }
        }, new DeploymentOptions().setInstances(instances)).onComplete(ar -> {
            failure[0] = ar.cause();
            up.countDown();
        });
        if (!up.await(30, TimeUnit.SECONDS) || failure[0] != null) {
            throw new IllegalStateException("ceiling server did not start", failure[0]);
        }
        return port;
    }

    private void request(HttpServerRequest req) {
        String path = req.path();
        if ("GET".equals(req.method().name())) {
            switch (path) {
                case "/api/client-config" -> json(req, 200, "{\"admin_ws_url\":\"http://127.0.0.1:" + port
                        + "\",\"widget_ws_url\":\"http://127.0.0.1:" + port + "\"}");
                case "/q/health/ready", "/q/health/live" -> json(req, 200, "{\"status\":\"UP\"}");
                case "/api/sse/health" -> json(req, 200, "{\"status\":\"healthy\",\"connections\":"
                        + connections.get() + "}");
                default -> json(req, 404, "{\"error\":\"not_found\",\"message\":\"unknown path\"}");
            }
            return;
        }
        req.body().onSuccess(body -> {
            JsonNode in;
            try {
                in = body.length() == 0 ? EventCodec.mapper().createObjectNode() : EventCodec.mapper().readTree(body.getBytes());
            } catch (IOException e) {
                json(req, 400, "{\"error\":\"validation\",\"message\":\"body is not JSON\"}");
                return;
            }
            Matcher m = MESSAGES.matcher(path);
            if (m.matches()) {
                Room room = rooms.get(Long.parseLong(m.group(1)));
                if (room == null) {
                    json(req, 404, "{\"error\":\"not_found\",\"message\":\"unknown dialog\"}");
                    return;
                }
                String sender = path.contains("/widget/") ? "user" : "operator";
                json(req, 201, EventCodec.write(post(room, sender, in.path("text").asText())));
                return;
            }
            switch (path) {
                case "/api/auth/login" -> json(req, 200, "{\"access_token\":\"ceiling\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":43200,\"user\":{\"id\":1,\"username\":\"admin\",\"display_name\":\"Admin\","
                        + "\"role\":\"admin\"}}");
                case "/api/assistants" -> json(req, 201, "{\"id\":1,\"name\":\"ceiling\"}");
                case "/api/widget/dialogs" -> {
                    long id = dialogIds.incrementAndGet();
                    rooms.put(id, new Room(id));
                    json(req, 201, "{\"id\":" + id + ",\"assistant_id\":" + in.path("assistant_id").asLong()
                            + ",\"guest_label\":\"guest-" + id + "\",\"guest_token\":\"gt_ceiling-" + id + "\""
                            + ",\"status\":\"bot\",\"last_seq\":0}");
                }
                default -> json(req, 404, "{\"error\":\"not_found\",\"message\":\"unknown path\"}");
            }
        });
    }

    private MessagePayload post(Room room, String sender, String text) {
        synchronized (room) {
            long seq = ++room.lastSeq;
            MessagePayload msg = new MessagePayload(messageIds.incrementAndGet(), room.id, seq, sender, null, text, null,
                    Instant.now());
            String frame = EventCodec.encode(Envelope.messageNew(1, msg));
            room.recent.addLast(frame);
            if (room.recent.size() > history) {
                room.recent.removeFirst();
            }
            for (ServerWebSocket ws : room.sockets) {
                if (ws.writeQueueFull()) {
                    // like the services' bounded outbound queue: a client that does not read is closed, not buffered
                    ws.close((short) 4408, "slow consumer");
                } else {
                    ws.writeTextMessage(frame);
                }
            }
            return msg;
        }
    }

    private void socket(ServerWebSocket ws) {
        Matcher m = DIALOG_SOCKET.matcher(ws.path());
        Room room = m.matches() ? rooms.get(Long.parseLong(m.group(1))) : null;
        if (room == null) {
            ws.close((short) 4404, "unknown dialog");
            return;
        }
        long afterSeq = afterSeq(ws.query());
        ws.setWriteQueueMaxSize(OUTBOUND_QUEUE_BYTES);
        connections.incrementAndGet();
        ws.writeTextMessage(ServerFrames.connected("ceiling", Long.toString(connections.get()), 25));
        synchronized (room) {
            ws.writeTextMessage(ServerFrames.subscribed(room.id, room.lastSeq));
            long first = room.lastSeq - room.recent.size() + 1;
            long seq = first;
            for (Iterator<String> it = room.recent.iterator(); it.hasNext(); seq++) {
                String frame = it.next();
                if (seq > afterSeq) {
                    ws.writeTextMessage(frame);
                }
            }
            room.sockets.add(ws);
        }
        ws.closeHandler(v -> {
            connections.decrementAndGet();
            synchronized (room) {
                room.sockets.remove(ws);
            }
        });
        ws.textMessageHandler(t -> {
            if (t.contains("\"ping\"")) {
                ws.writeTextMessage(ServerFrames.pong());
            }
        });
    }

    private static long afterSeq(String query) {
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("after_seq=")) {
                try {
                    return Long.parseLong(part.substring(10));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
