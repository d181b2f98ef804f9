package io.switchboard.socket.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A scheduler a test drives by hand: blocking tasks and timers run only when the test says so. */
final class FakeScheduler implements DeliveryScheduler {
    private final ArrayDeque<Runnable> blocking = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();

    private static final class Timer {
        final Duration delay;
        final Runnable task;
        boolean cancelled;

        Timer(Duration delay, Runnable task) {
            this.delay = delay;
            this.task = task;
        }
    }

    @Override
    public synchronized void runBlocking(Runnable task) {
        blocking.add(task);
    }

    @Override
    public synchronized Cancellable later(Duration delay, Runnable task) {
        Timer t = new Timer(delay, task);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs queued blocking tasks (and the ones they queue) until none is left. */
    void runBlockingTasks() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = blocking.poll();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }

    /** Fires every pending timer, as if its delay passed. */
    void fireTimers() {
        List<Timer> due;
        synchronized (this) {
            due = new ArrayList<>(timers);
            timers.clear();
        }
        for (Timer t : due) {
            if (!t.cancelled) {
                t.task.run();
            }
        }
        runBlockingTasks();
    }

    synchronized long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }
}
