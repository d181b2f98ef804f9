package io.switchboard.api.assign;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.AfterCommit;
import io.switchboard.api.service.DaemonThreads;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * When automatic assignment runs on this replica: right after a transaction that put a dialog into
 * {@code waiting_operator} (or switched a policy on) commits, and every {@code switchboard.assignment.sweep-interval}
 * for waiting dialogs still unassigned (nobody was online, or everyone was at the cap). Passes run one at a time on
 * a thread of their own, off the request and event-loop threads; {@link AssignmentService#assignWaiting} makes
 * passes on several replicas safe.
 */
@ApplicationScoped
public class AutoAssigner {
    @Inject
    AssignmentService service;
    @Inject
    AfterCommit afterCommit;
    @Inject
    SwitchboardConfig config;
    @Inject
    Vertx vertx;

    private final ExecutorService worker = DaemonThreads.single("switchboard-auto-assign");
    /** Assistants with a pass queued and not started: a burst of handoffs costs one pass. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    void start(@Observes StartupEvent ev) {
        long every = config.assignment().sweepInterval().toMillis();
        if (every > 0) {
            timer = vertx.setPeriodic(every, id -> submit(this::sweep));
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        worker.shutdownNow();
    }

    /** Assigns the assistant's waiting dialogs once the current transaction has committed. */
    public void afterCommit(long assistantId) {
        afterCommit.run(() -> kick(assistantId));
    }

    /** Queues a pass for the assistant (one at most is waiting per assistant). */
    public void kick(long assistantId) {
        if (queued.add(assistantId)) {
            submit(() -> {
                queued.remove(assistantId);
                pass(assistantId);
            });
        }
    }

    private void sweep() {
        try {
            for (long assistantId : service.assistantsWithWaiting()) {
                pass(assistantId);
            }
        } catch (RuntimeException e) {
            Log.warnf("Automatic assignment sweep failed, next one in %s: %s", config.assignment().sweepInterval(),
                    e.toString());
        }
    }

    private void pass(long assistantId) {
        try {
            service.assignWaiting(assistantId);
        } catch (RuntimeException e) {
            Log.warnf("Automatic assignment for assistant %d failed; the next sweep retries: %s", assistantId,
                    e.toString());
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }
}
