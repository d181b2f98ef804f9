package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket client that records every frame it receives and how the connection ended. */
final class WsProbe implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received frame with the nanoTime it arrived. */
    record Frame(JsonNode json, long receivedNanos) {
    }

    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    /** System.nanoTime() when the connection ended. */
    volatile long closedAtNanos;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Opens {@code url} (ws://...) and waits until the handshake completes. */
    static WsProbe open(String url) {
        WsProbe probe = new WsProbe();
        try {
            var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            Api.pageOrigin(url).ifPresent(o -> builder.header("Origin", o));
            probe.socket = builder.buildAsync(URI.create(url), probe).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket handshake failed for " + url.replaceAll("(token|ticket)=[^&]+", "$1=***"), e);
        }
        return probe;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                frames.add(new Frame(Api.JSON.readTree(text), System.nanoTime()));
            } catch (IOException e) {
                throw new AssertionError("server sent a frame that is not JSON: " + text, e);
            }
        }
        ws.request(1);
        return null;
    }

    /** Server pings received (the JDK client answers each with a pong by itself). */
    final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(ws, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closedAtNanos = System.nanoTime();
        closeCode.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeReason = String.valueOf(error);
        closedAtNanos = System.nanoTime();
        closeCode.complete(new int[] {1006});
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Frames of one type, in arrival order. */
    List<JsonNode> ofType(String type) {
        return frames.stream().map(Frame::json).filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The seqs of the {@code message:new} events of one dialog, in arrival order. */
    List<Long> seqs(long dialogId) {
        return ofType("message:new").stream().filter(f -> f.path("dialog_id").asLong() == dialogId)
                .map(f -> f.path("seq").asLong()).toList();
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    Integer closeCodeNow() {
        return closeCode.isDone() ? closeCode.join()[0] : null;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
