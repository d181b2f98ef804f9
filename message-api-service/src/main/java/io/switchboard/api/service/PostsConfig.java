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
     */
    @WithDefault("1ms")
    Duration maxWait();

    /** Batches in flight at once (each holds one database connection while it runs). */
    @WithDefault("2")
    int committers();
}
