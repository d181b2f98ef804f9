package io.switchboard.socket.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.Arc;
import io.switchboard.events.EventCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (Vert.x) that records every text frame and how the server closed it.
 * Handlers are set before connecting, so nothing the server sends right after the upgrade is missed.
 */
public final class TestSocket implements AutoCloseable {
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final WebSocketClient client;
    private final ClientWebSocket ws;
    private volatile Short closeCode;
    private volatile String closeReason;
    private volatile boolean closed;

    private TestSocket(WebSocketClient client) {
        this.client = client;
        this.ws = client.webSocket();
        ws.textMessageHandler(frames::add);
        ws.closeHandler(v -> {
            closeCode = ws.closeStatusCode();
            closeReason = ws.closeReason();
            closed = true;
        });
    }

    /** Opens {@code pathAndQuery} on the server at {@code base}, with optional headers (e.g. Origin). */
    public static TestSocket open(URI base, String pathAndQuery, Map<String, String> headers) {
        Vertx vertx = Arc.container().instance(Vertx.class).get();
        TestSocket s = new TestSocket(vertx.createWebSocketClient());
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI(pathAndQuery)
                .setAllowOriginHeader(headers.containsKey("Origin"));
        headers.forEach(o::addHeader);
        try {
            s.ws.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The server accepted the upgrade and closed at once (a refusal with a close code); the
            // close can overtake the connect future, which then fails with "WebSocket is closed".
            try {
                Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> s.closed);
                return s;
            } catch (ConditionTimeoutException notClosed) {
                // Vert.x can also drop that close entirely when it arrives with the upgrade answer.
                // Refusals are deterministic, so ask again with the JDK's client, which reports it.
                if (s.refusalSeenByJdkClient(base, pathAndQuery, headers)) {
                    return s;
                }
            }
            throw new IllegalStateException("WebSocket upgrade of " + pathAndQuery.replaceAll("token=[^&]*", "token=***")
                    + " failed: " + e, e);
        }
        return s;
    }

    private boolean refusalSeenByJdkClient(URI base, String pathAndQuery, Map<String, String> headers) {
        CompletableFuture<Void> closedByServer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frames.add(data.toString());
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closeCode = (short) statusCode;
                closeReason = reason;
                closed = true;
                closedByServer.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closedByServer.completeExceptionally(error);
            }
        };
        try {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            headers.forEach(builder::header);
            builder.buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + pathAndQuery), listener)
                    .get(10, TimeUnit.SECONDS);
            closedByServer.get(10, TimeUnit.SECONDS);
            return closed;
        } catch (Exception e) {
            return false;
        }
    }

    public static TestSocket open(URI base, String pathAndQuery) {
        return open(base, pathAndQuery, Map.of());
    }

    /** Sends a text frame. */
    public void send(String text) {
        ws.writeTextMessage(text);
    }

    /** Every text frame received so far, in order. */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    /** Frames parsed as JSON. */
    public List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String f : frames) {
            try {
                out.add(EventCodec.mapper().readTree(f));
            } catch (Exception e) {
                throw new UncheckedIOException(new java.io.IOException("not JSON: " + f));
            }
        }
        return out;
    }

    /** Frames of one type. */
    public List<JsonNode> ofType(String type) {
        return json().stream().filter(n -> type.equals(n.path("type").asText())).toList();
    }

    /** Seqs of {@code message:new} events of a dialog, in arrival order (duplicates kept, so a test can see them). */
    public List<Long> messageSeqs(long dialogId) {
        return ofType("message:new").stream().filter(n -> n.path("dialog_id").asLong() == dialogId)
                .map(n -> n.path("seq").asLong()).toList();
    }

    public boolean isClosed() {
        return closed;
    }

    /** The close code the server sent, or null while open. */
    public Integer closeCode() {
        Short c = closeCode;
        return c == null ? null : c.intValue();
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (!closed) {
            ws.close();
        }
        client.close();
    }
}
