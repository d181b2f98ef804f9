package io.switchboard.bench.load;

import io.switchboard.bench.BenchPayload;
import io.switchboard.bench.DeliveryLedger;
import io.switchboard.bench.MicroClock;
import io.switchboard.bench.client.BenchClient;
import io.switchboard.bench.client.BenchDialog;
import io.vertx.core.http.WebSocket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One bench socket on one dialog: reads frames without a JSON parser, keeps a {@link DeliveryLedger}
 * across reconnects and reports run messages to the {@link DeliveryStats}.
 */
public final class Subscriber {
    /** Closes after which a real client comes back from its last seq: going away, abnormal, restart, slow consumer. */
    private static final Set<Integer> TRANSIENT_CLOSES = Set.of(1001, 1006, 1011, 1012, 4408);
    private static final long RECONNECT_DELAY_MS = 500;
    private final BenchDialog dialog;
    private final boolean operator;
    private final String run;
    private final DeliveryStats stats;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private volatile boolean observer;
    private volatile WebSocket socket;
    private volatile CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile int closeCode;
    private volatile String closeReason = "";
    private volatile boolean expectClose;
    private volatile long catchUpTarget = Long.MAX_VALUE;
    private volatile CompletableFuture<Long> caughtUp = new CompletableFuture<>();
    private volatile BenchClient client;
    private volatile Function<Subscriber, String> resumeUrl;
    private volatile int serverCloseReconnects;
    private volatile boolean reconnecting;

    public Subscriber(BenchDialog dialog, boolean operator, String run, DeliveryStats stats) {
        this.dialog = dialog;
        this.operator = operator;
        this.run = run;
        this.stats = stats;
    }

    /**
     * Like a real client, reconnects from its last seq ({@code resumeUrl}) after the server closed it for a
     * passing reason (a slow consumer's 4408, pings it could not answer in time, a restart); such a close then
     * counts as a reconnect, not as a failure. Refusals (4401, 4403, 4404, ...) stay failures.
     */
    public void reconnectAfterServerClose(BenchClient client, Function<Subscriber, String> resumeUrl) {
        this.client = client;
        this.resumeUrl = resumeUrl;
    }

    /** How often the server closed this socket for a passing reason and it came back. */
    public int serverCloseReconnects() {
        return serverCloseReconnects;
    }

    /** Opens the socket; the future completes when the server confirms the subscription. */
    public CompletableFuture<Void> open(BenchClient client, String url) {
        CompletableFuture<Void> sub = new CompletableFuture<>();
        subscribed = sub;
        closeCode = 0;
        expectClose = false;
        reconnecting = false;
        client.connect(url).whenComplete((ws, e) -> {
            if (e != null) {
                sub.completeExceptionally(e);
                return;
            }
            socket = ws;
            ws.exceptionHandler(x -> {
            });
            ws.closeHandler(v -> {
                if (socket != ws) {
                    return; // an earlier connection of this subscriber, dropped on purpose
                }
                Short code = ws.closeStatusCode();
                closeCode = code == null ? 1006 : code;
                closeReason = ws.closeReason() == null ? "" : ws.closeReason();
                sub.completeExceptionally(new IllegalStateException("closed " + closeCode + " " + closeReason));
                BenchClient again = this.client;
                if (TRANSIENT_CLOSES.contains(closeCode) && again != null && !expectClose) {
                    serverCloseReconnects++;
                    reconnecting = true;
                    // A client that fell behind waits a moment before it asks for the rest.
                    again.vertx().setTimer(RECONNECT_DELAY_MS, id -> open(again, resumeUrl.apply(this))
                            .whenComplete((ignored, failure) -> {
                                if (failure != null && closeCode == 0) {
                                    closeCode = 1006; // could not come back: counts as closed by the server
                                }
                            }));
                }
            });
            ws.textMessageHandler(f -> {
                if (socket == ws) {
                    onText(f);
                }
            });
        });
        return sub;
    }

    private void onText(String frame) {
        long now = MicroClock.nowMicros();
        if (BenchPayload.hasType(frame, "message:new")) {
            long seq = BenchPayload.jsonLong(frame, "seq");
            if (seq > 0) {
                ledger.record(seq);
            }
            int t = BenchPayload.locate(frame, run);
            if (t > 0) {
                stats.delivered(this, BenchPayload.idAfter(frame, t), BenchPayload.sentMicrosAt(frame, t), now);
            }
            if (!caughtUp.isDone()) {
                checkCaughtUp();
            }
        } else if (BenchPayload.hasType(frame, "subscribed")) {
            subscribed.complete(null);
            checkCaughtUp();
            return;
        } else if (BenchPayload.hasType(frame, "connected") || BenchPayload.hasType(frame, "pong")) {
            return;
        }
        // Every event frame counts towards frames per delivery (read, dialog updates, typing: not in the latencies).
        stats.frame();
    }

    private void checkCaughtUp() {
        if (!caughtUp.isDone() && subscribed.isDone() && ledger.contiguousSeq() >= catchUpTarget) {
            caughtUp.complete(System.nanoTime());
        }
    }

    /** Completes with the nanoTime when every seq up to {@code targetSeq} has arrived. */
    public CompletableFuture<Long> watchCatchUp(long targetSeq) {
        caughtUp = new CompletableFuture<>();
        catchUpTarget = targetSeq;
        return caughtUp;
    }

    /** Closes the socket on purpose (a dropped client); its close is not counted as a failure. */
    public void drop() {
        expectClose = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.close((short) 4000, "bench drop");
        }
    }

    /** Closes the socket at the end of a run. */
    public void close() {
        drop();
    }

    /** True when the server closed the socket without the bench asking for it (and it is not coming back). */
    public boolean closedByServer() {
        return closeCode != 0 && !expectClose && !reconnecting;
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public BenchDialog dialog() {
        return dialog;
    }

    public boolean isOperator() {
        return operator;
    }

    public DeliveryLedger ledger() {
        return ledger;
    }

    public boolean isObserver() {
        return observer;
    }

    public void observer(boolean observer) {
        this.observer = observer;
    }

    public boolean isSubscribed() {
        return subscribed.isDone() && !subscribed.isCompletedExceptionally();
    }
}
