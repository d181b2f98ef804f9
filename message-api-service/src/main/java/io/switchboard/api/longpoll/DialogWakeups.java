package io.switchboard.api.longpoll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.CommittedMessageListener;
import io.switchboard.api.repository.DialogRepository;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long-poll requests waiting for a dialog's next message, without a thread each. A waiter wakes on a
 * local commit, on a {@code message:new} from another replica (Redis, subscribed only while someone
 * waits on that dialog), on the periodic PostgreSQL re-check (the safety net while Redis is down),
 * or when its time runs out.
 */
@ApplicationScoped
public class DialogWakeups implements CommittedMessageListener {
    /** One waiting request. */
    public final class Waiter {
        final long dialogId;
        final long afterSeq;
        final CompletableFuture<WakeReason> woken = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        volatile long timerId = -1;

        Waiter(long dialogId, long afterSeq) {
            this.dialogId = dialogId;
            this.afterSeq = afterSeq;
        }

        /** Completes with the reason the wait ended. */
        public CompletableFuture<WakeReason> woken() {
            return woken;
        }

        /** Stops waiting without an answer (the request found messages, failed, or went away). */
        public void cancel() {
            finish(this, null);
        }
    }

    private final Map<Long, Set<Waiter>> byDialog = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean recheckRunning = new AtomicBoolean();
    private final Map<WakeReason, Counter> wakeups = new EnumMap<>(WakeReason.class);

    @Inject
    Vertx vertx;
    @Inject
    SwitchboardConfig config;
    @Inject
    RedisDialogWatcher watcher;
    @Inject
    DialogRepository dialogs;
    @Inject
    MeterRegistry registry;

    private volatile long recheckTimer = -1;
    private volatile boolean shuttingDown;

    void start(@Observes StartupEvent ev) {
        Gauge.builder("switchboard.longpoll.waiters", waiting, AtomicInteger::get)
                .description("Long-poll requests waiting for a message").register(registry);
        for (WakeReason r : WakeReason.values()) {
            wakeups.put(r, Counter.builder("switchboard.longpoll.wakeups").tag("reason", r.name().toLowerCase())
                    .description("Long-poll waits ended, by what ended them").register(registry));
        }
        recheckTimer = vertx.setPeriodic(config.longPoll().recheckInterval().toMillis(), id -> recheck());
    }

    /**
     * The first step of a graceful shutdown (readiness goes DOWN at the same moment), before Quarkus waits
     * for in-flight requests: a long-poll would hold that wait for up to its whole {@code wait}, so every
     * waiting request is answered now and later ones do not wait; clients poll again on another replica.
     */
    void shutdownStarts(@Observes ShutdownDelayInitiatedEvent ev) {
        answerEveryWaiter();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (recheckTimer >= 0) {
            vertx.cancelTimer(recheckTimer);
        }
        answerEveryWaiter();
    }

    private void answerEveryWaiter() {
        shuttingDown = true;
        int answered = 0;
        for (Set<Waiter> set : byDialog.values()) {
            for (Waiter w : List.copyOf(set)) {
                finish(w, WakeReason.SHUTDOWN);
                answered++;
            }
        }
        if (answered > 0) {
            Log.infof("Shutdown: answered %d waiting long-polls so their clients poll another replica", answered);
        }
    }

    /** Registers a waiter for a message with seq greater than {@code afterSeq}; register before reading. */
    public Waiter register(long dialogId, long afterSeq, Duration wait) {
        Waiter w = new Waiter(dialogId, afterSeq);
        if (shuttingDown) {
            w.done.set(true);
            w.woken.complete(WakeReason.SHUTDOWN);
            return w;
        }
        boolean[] first = {false};
        byDialog.compute(dialogId, (id, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            set.add(w);
            return set;
        });
        waiting.incrementAndGet();
        if (first[0]) {
            watcher.reconcile(dialogId);
        }
        w.timerId = vertx.setTimer(Math.max(1, wait.toMillis()), id -> finish(w, WakeReason.TIMEOUT));
        return w;
    }

    /** True while some request waits on the dialog. */
    public boolean hasWaiters(long dialogId) {
        return byDialog.containsKey(dialogId);
    }

    /** Dialogs someone waits on. */
    public Set<Long> waitedDialogs() {
        return Set.copyOf(byDialog.keySet());
    }

    @Override
    public void messageCommitted(long dialogId, long seq) {
        wake(dialogId, seq, WakeReason.LOCAL);
    }

    /** Wakes the dialog's waiters that wait for something older than {@code seq}. */
    public void wake(long dialogId, long seq, WakeReason reason) {
        Set<Waiter> set = byDialog.get(dialogId);
        if (set == null) {
            return;
        }
        for (Waiter w : List.copyOf(set)) {
            if (w.afterSeq < seq) {
                finish(w, reason);
            }
        }
    }

    /** Re-checks PostgreSQL now, e.g. after the Redis subscription came back and may have missed messages. */
    public void recheck() {
        if (byDialog.isEmpty() || !recheckRunning.compareAndSet(false, true)) {
            return;
        }
        List<Long> ids = new ArrayList<>(byDialog.keySet());
        vertx.<Map<Long, Long>>executeBlocking(() -> dialogs.lastSeqs(ids), false)
                .onComplete(ar -> {
                    recheckRunning.set(false);
                    if (ar.failed()) {
                        Log.debugf("Long-poll re-check failed: %s", ar.cause().getMessage());
                        return;
                    }
                    ar.result().forEach((id, lastSeq) -> wake(id, lastSeq, WakeReason.DATABASE));
                });
    }

    private void finish(Waiter w, WakeReason reason) {
        if (!w.done.compareAndSet(false, true)) {
            return;
        }
        if (w.timerId >= 0) {
            vertx.cancelTimer(w.timerId);
        }
        boolean[] last = {false};
        byDialog.computeIfPresent(w.dialogId, (id, set) -> {
            set.remove(w);
            if (set.isEmpty()) {
                last[0] = true;
                return null;
            }
            return set;
        });
        waiting.decrementAndGet();
        if (last[0]) {
            watcher.reconcile(w.dialogId);
        }
        if (reason != null) {
            wakeups.get(reason).increment();
            w.woken.complete(reason);
        } else {
            w.woken.cancel(false);
        }
    }
}
