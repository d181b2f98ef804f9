package io.switchboard.socket.ws;

import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One executor per Vert.x event loop, shared by every connection that loop owns.
 *
 * <p>A dialog's ordered stream hands each event once to every distinct executor of its sessions, and that
 * executor's task offers it to all of them (see {@code OrderedDialogStream}). websockets-next gives each
 * connection a context of its own (a duplicate of its event loop's context), so an executor made per connection
 * turned one event for 10 000 sockets into 10 000 event-loop tasks, and every join copied the list of those
 * "loops" (9 % of admin-ws CPU in an S2 profile, docs/performance.md "Fan-out per event loop"). Public Vert.x API
 * only: the loop is told apart by the thread a task on the connection's context runs on.
 */
final class EventLoops {
    private static final long ASK_TIMEOUT_MS = 2_000;

    private final Map<Thread, Executor> byThread = new ConcurrentHashMap<>();

    /**
     * The shared executor of the event loop that runs {@code context}, or null without a context. Blocks a worker
     * briefly (one task on that loop) the first time; from the loop's own thread it does not block.
     */
    Executor of(Context context) {
        if (context == null) {
            return null;
        }
        Thread owner = ownerOf(context);
        if (owner == null) {
            // The loop did not answer in time: this connection alone keeps an executor of its own (still correct).
            return task -> context.runOnContext(ignored -> task.run());
        }
        // Any connection context of a loop runs a task on that loop's thread: the first one seen serves them all.
        return byThread.computeIfAbsent(owner, thread -> task -> context.runOnContext(ignored -> task.run()));
    }

    /** How many event loops have connections' executors (for tests and stats). */
    int size() {
        return byThread.size();
    }

    private static Thread ownerOf(Context context) {
        if (Context.isOnEventLoopThread()) {
            // Never wait on an event loop (it could be the one asked). open() runs on a worker, so this is rare.
            return context.equals(Vertx.currentContext()) ? Thread.currentThread() : null;
        }
        CompletableFuture<Thread> owner = new CompletableFuture<>();
        context.runOnContext(ignored -> owner.complete(Thread.currentThread()));
        try {
            return owner.get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            Log.debugf("event loop of a connection not known (%s); it gets an executor of its own", e.toString());
            return null;
        }
    }
}
