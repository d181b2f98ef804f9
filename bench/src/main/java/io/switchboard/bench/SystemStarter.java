package io.switchboard.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How {@code bench --start} gets a system of its own. The launcher provides it (it owns
 * {@code LocalSystem}); the bench module cannot depend on the launcher, which depends on it.
 */
@FunctionalInterface
public interface SystemStarter {

    /** Starts PostgreSQL, Redis and the three services on free ports and waits until they are ready. */
    StartedSystem start(String profile, Map<String, String> serviceEnv, List<String> jvmOptions, PrintStream console);

    /**
     * {@link #start} with {@code nodes} instances of each service behind the shipped nginx config
     * (deploy/nginx, one {@code server} line per instance): the clients' URLs, {@link StartedSystem#apiUrl} among
     * them, are nginx's. One node is {@link #start} itself.
     */
    default StartedSystem start(String profile, Map<String, String> serviceEnv, List<String> jvmOptions,
                                PrintStream console, int nodes) {
        if (nodes == 1) {
            return start(profile, serviceEnv, jvmOptions, console);
        }
        throw new UnsupportedOperationException("this starter cannot start several nodes");
    }

    /**
     * PostgreSQL and Redis alone (the same embedded servers {@link #start} uses), for a server other than
     * Switchboard's: the hand-built Node server the bench compares against.
     */
    default Infrastructure startInfrastructure() {
        throw new UnsupportedOperationException("this starter cannot start PostgreSQL and Redis alone");
    }

    /** PostgreSQL and Redis started for a run; closing stops both. */
    interface Infrastructure extends AutoCloseable {
        /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
        String jdbcUrl();

        String user();

        /** Never print it. */
        String password();

        /** {@code redis://127.0.0.1:<port>}. */
        String redisUrl();

        @Override
        void close();
    }

    /** A running system the bench started; closing it stops everything. */
    interface StartedSystem extends AutoCloseable {
        /** {@code http://127.0.0.1:<port>} of message-api. */
        String apiUrl();

        /** Process id of {@code api}, {@code admin-ws} or {@code widget-ws}. */
        OptionalLong pid(String service);

        /** The environment the services run with: database and Redis URLs among them. Never print it. */
        Map<String, String> serviceEnvironment();

        /**
         * Every service instance, in order api-1, api-2…, admin-ws-1…, widget-ws-1…; empty when the starter does
         * not name them.
         */
        default List<Node> nodes() {
            return List.of();
        }

        /** The nginx in front of several nodes, when there is one. */
        default java.util.Optional<Front> front() {
            return java.util.Optional.empty();
        }

        /** Starts one more instance of a service on a free port with the same environment (startup timing). */
        ExtraService startExtra(String service, List<String> jvmOptions);

        @Override
        void close();
    }

    /**
     * One service instance of a started system.
     *
     * @param name    {@code api-1}, {@code admin-ws-2}…: the service's short name and the instance's number
     * @param service {@code api}, {@code admin-ws} or {@code widget-ws}
     * @param port    where it listens on 127.0.0.1 (its own port, not nginx's)
     */
    record Node(String name, String service, long pid, int port) {
        /** {@code http://127.0.0.1:<port>}. */
        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** The nginx in front of a multi-node system. */
    interface Front {
        /** Its master process; the workers are its children. */
        long pid();

        /** What it logged so far, in the shipped {@code switchboard_noquery} format (upstream address included). */
        String accessLog();

        /** Its folder: generated config, pid file, logs. */
        java.nio.file.Path workDir();
    }

    /**
     * An extra service instance started only to time its start: its process, its {@code http://127.0.0.1:<port>},
     * {@link System#nanoTime()} just before the process was started, and how it is stopped gracefully.
     */
    record ExtraService(long pid, String url, long startedNanos, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}
