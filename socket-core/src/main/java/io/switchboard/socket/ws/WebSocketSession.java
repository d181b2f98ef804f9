package io.switchboard.socket.ws;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.socket.core.TokenBucket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A session over a websockets-next connection: every event and control frame is one JSON text frame. */
public final class WebSocketSession extends ClientSession {
    private final WebSocketConnection connection;

    public WebSocketSession(WebSocketConnection connection, String endpoint, Admission.Admitted admission,
                            int outboundLimit, TokenBucket inbound, Hooks hooks) {
        super(connection.id(), endpoint, admission, outboundLimit, inbound, hooks);
        this.connection = connection;
    }

    @Override
    public String transport() {
        return "ws";
    }

    @Override
    protected CompletionStage<Void> write(OutboundEvent event) {
        return connection.sendText(event.json()).subscribeAsCompletionStage();
    }

    @Override
    protected CompletionStage<Void> writeControl(String json) {
        return connection.sendText(json).subscribeAsCompletionStage();
    }

    @Override
    protected CompletionStage<Void> closeTransport(int code, String reason) {
        if (connection.isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.close(new CloseReason(code, reason)).subscribeAsCompletionStage()
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        Log.debugf("closing connection %s failed: %s", id(), e.toString());
                    }
                });
    }
}
