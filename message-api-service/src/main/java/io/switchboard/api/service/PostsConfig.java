package io.switchboard.api.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Group commit of message posts ({@code switchboard.posts.*}, docs/operations.md): concurrent posts, across dialogs,
 * share one transaction, one commit and one hand-over to the publisher ({@link GroupCommit}).
 */
@ConfigMapping(prefix = "switchboard.posts")
public interface PostsConfig {
    /** {@code false}: every post is its own transaction, as before group commit. */
    @WithDefault("true")
    boolean groupCommit();

    /** Most posts one transaction carries. */
    @WithDefault("64")
    int maxBatch();

    /**
     * Longest a batch waits for more posts before it starts, and only while another batch is committing (an idle
     * server starts a lone post at once). 0: pure natural batching, never any added wait.
     *
     * <p>2 ms, measured against 1 ms (bench S1, 200 dialogs x (3 operator + 1 widget socket), guests post, 60 s
     * warm-up, 30 s measured, runs alternating on one machine; docs/performance.md, eighth session of 2026-12-07):
     * server CPU per message at 2 000 msg/s 0.355-0.382 ms (5 runs) against 0.424-0.454 (4 runs), posts per commit
     * ~2.7 with 1 ms; delivery p50 1.84-1.94 against 2.10-2.11 ms, p99 7.8-9.4 against 6.5-18.7 ms. At 1 000 msg/s
     * 0.615-0.636 against 0.743 ms of CPU for 0.6 ms more at the median (1.60-1.67 against 0.99 ms; p99 6.1-7.2
     * against 6.9 ms).
     */
    @WithDefault("2ms")
    Duration maxWait();

    /** Batches in flight at once (each holds one database connection while it runs). */
    @WithDefault("2")
    int committers();
}
