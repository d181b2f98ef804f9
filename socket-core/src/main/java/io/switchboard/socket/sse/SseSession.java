package io.switchboard.socket.sse;

import io.switchboard.events.CloseCodes;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.limits.TokenBucket;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A session over a Server-Sent Events response: each event as {@code event: message}, {@code id: <seq>}, {@code data: <envelope>}.
 */
public final class SseSession extends ClientSession {
    private final RoutingContext context;

    public SseSession(String id, RoutingContext context, String endpoint, Admission.Admitted admission,
                      int outboundLimit, Hooks hooks) {
        super(id, endpoint, admission, outboundLimit, new TokenBucket(1, 1), hooks);
        this.context = context;
    }

    @Override
    public String transport() {
        return "sse";
    }

    @Override
    protected void write(OutboundEvent event) {
        writeRaw(event.sseFrame()).whenComplete((ok, e) -> written(event, e));
    }

    /** Control frames become SSE comments ({@code : {"type":"subscribed",...}}): EventSource ignores them, curl shows them. */
    @Override
    protected void writeControl(String json) {
        writeRaw(": " + json + "\n\n").whenComplete((ok, e) -> controlWritten(json, e));
    }

    @Override
    protected boolean transportOpen() {
        HttpServerResponse response = context.response();
        return !response.closed() && !response.ended();
    }

    /** Writes SSE text as is (a heartbeat comment, the retry line). */
    CompletionStage<Void> writeRaw(String text) {
        HttpServerResponse response = context.response();
        if (response.closed() || response.ended()) {
            return CompletableFuture.failedFuture(new IllegalStateException("stream closed"));
        }
        return response.write(text).toCompletionStage();
    }

    @Override
    protected CompletionStage<Void> closeTransport(int code, String reason) {
        HttpServerResponse response = context.response();
        if (response.closed() || response.ended()) {
            return CompletableFuture.completedFuture(null);
        }
        if (code == CloseCodes.SLOW_CONSUMER) {
            // The client is not reading: anything more would only queue; cut the connection.
            return context.request().connection().close().toCompletionStage();
        }
        StringBuilder last = new StringBuilder();
        if (reconnectHintMillis() > 0) {
            last.append("retry: ").append(reconnectHintMillis()).append('\n');
        }
        last.append(": closed ").append(code).append(' ').append(reason.replace('\n', ' ')).append("\n\n");
        return response.end(last.toString()).toCompletionStage();
    }
}
