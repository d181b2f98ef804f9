package io.switchboard.api.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** Threads of message-api's own background workers: named for thread dumps, and daemons so they never hold a stop. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** One daemon thread called {@code name} that runs what it is given in turn. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    /** Makes daemon threads called {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
