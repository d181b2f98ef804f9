package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.events.CloseCodes;
import io.switchboard.socket.config.SocketConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The end of a node's life: every client told to reconnect elsewhere, with a reason and a spread delay. */
@ApplicationScoped
public class Drain {
    @Inject
    SessionRegistry registry;

    @Inject
    SocketConfig config;

    /**
     * The first step of a shutdown (pre-shutdown, enabled by {@code quarkus.shutdown.delay-enabled}): the HTTP
     * server still runs here. By the time {@link ShutdownEvent} fires Quarkus has already closed it, and every
     * client would get a bare 1000 without a reason or a reconnect hint.
     */
    void drainWhenShutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Fallback for a shutdown that skipped the pre-shutdown step; a no-op after a drain. */
    void drainOnShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    /**
     * Graceful drain, in this order: readiness goes DOWN and new connections are turned away with 1012;
     * after {@code switchboard.shutdown.close-delay} every open connection is closed with 1012 and a
     * reconnect hint spread over {@code switchboard.shutdown.reconnect-spread}; then the drain waits, up
     * to {@code switchboard.shutdown.drain-timeout} in all, until every close reached the network, so no
     * client sees a bare 1006 when the process exits. Blocks the caller (the shutdown thread).
     */
    public void drain() {
        if (!registry.startDraining()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + config.shutdown().drainTimeout().toNanos();
        Log.infof("shutdown: readiness is DOWN, new connections are refused with 1012; the %d open connections"
                + " are closed with 1012 and a reconnect hint in %d ms", registry.count(),
                config.shutdown().closeDelay().toMillis());
        pauseUntil(Math.min(deadline, started + config.shutdown().closeDelay().toNanos()));
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        int told = 0;
        // Sessions admitted while the loop ran are caught by the next pass.
        for (int pass = 0; pass < 3 && registry.count() > 0; pass++) {
            for (ClientSession s : registry.sessions()) {
                long delay = spreadMillis();
                s.reconnectHintMillis(delay);
                s.close(CloseCodes.SERVICE_RESTART, restartReason(delay));
                ends.add(s.ended());
                told++;
            }
        }
        try {
            CompletableFuture.allOf(ends.toArray(new CompletableFuture[0]))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Log.infof("shutdown: %d clients told to reconnect within %d ms; drained in %d ms", told,
                    config.shutdown().reconnectSpread().toMillis() + 500, (System.nanoTime() - started) / 1_000_000);
        } catch (java.util.concurrent.TimeoutException e) {
            long open = ends.stream().filter(f -> !f.isDone()).count();
            Log.warnf("shutdown: %d of %d connections had not finished closing after the drain timeout %s", open,
                    told, config.shutdown().drainTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            Log.debugf("shutdown: a close failed: %s", e.toString());
        }
    }

    private static void pauseUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long spreadMillis() {
        long max = Math.max(1, config.shutdown().reconnectSpread().toMillis());
        return 500 + ThreadLocalRandom.current().nextLong(max);
    }

    static String restartReason(long delayMillis) {
        return String.format(java.util.Locale.ROOT, "server restarting; reconnect in %.1f s with after_seq",
                delayMillis / 1000.0);
    }

    /** The reason a connection refused during the drain gets (1012, with a spread reconnect hint). */
    String restartNotice() {
        return restartReason(spreadMillis());
    }
}
