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

        /** Starts one more instance of a service on a free port with the same environment (startup timing). */
        ExtraService startExtra(String service, List<String> jvmOptions);

        @Override
        void close();
    }

    /** An extra service instance started only to time its start. */
    interface ExtraService extends AutoCloseable {
        long pid();

        /** {@code http://127.0.0.1:<port>}. */
        String url();

        /** {@link System#nanoTime()} just before the process was started. */
        long startedNanos();

        /** Stops it gracefully. */
        @Override
        void close();
    }
}
