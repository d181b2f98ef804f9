package io.switchboard.api;

import io.agroal.api.AgroalDataSource;
import io.restassured.response.Response;
import io.switchboard.api.service.GroupCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Puts chosen posts into one group-commit batch, with real parts only: it holds a dialog's row lock on a connection
 * of its own and posts into that dialog once per committer, so every committer waits for the lock inside its batch;
 * posts sent meanwhile ({@link #queue}) wait in the queue in the order they were sent and leave together as the next
 * batch once the lock is let go ({@link #release}).
 */
final class CommitterStall implements AutoCloseable {
    private final GroupCommit groupCommit;
    private final AgroalDataSource db;
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final List<Connection> held = new ArrayList<>();
    private final List<CompletableFuture<Response>> stalled = new ArrayList<>();

    CommitterStall(GroupCommit groupCommit, AgroalDataSource db) {
        this.groupCommit = groupCommit;
        this.db = db;
    }

    /** Holds the dialog's row lock on a connection of the test's own until {@link #release} commits it. */
    Connection lock(long dialogId) throws SQLException {
        Connection c = db.getConnection();
        held.add(c);
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM dialogs WHERE id = ? FOR UPDATE")) {
            s.setLong(1, dialogId);
            s.executeQuery().close();
        }
        return c;
    }

    /** Gives {@code committers} committers a batch that waits for a locked dialog (one {@code blockedPost} each). */
    void stall(int committers, Supplier<Response> blockedPost) {
        if (stalled.isEmpty()) {
            // A batch answers its posts before its committer counts itself done, so the test's earlier posts (a
            // warm-up) can still show as running: the first stall starts from idle committers, or it would wait for
            // a count it never sees. Each stalled post then holds one committer.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> groupCommit.running() == 0 && groupCommit.queued() == 0);
        }
        for (int i = 0; i < committers; i++) {
            int busy = stalled.size() + 1;
            stalled.add(CompletableFuture.supplyAsync(blockedPost, clients));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> groupCommit.running() == busy && groupCommit.queued() == 0);
        }
    }

    /** Sends the post and waits until it waits in the queue, so posts queue in the order they are sent. */
    CompletableFuture<Response> queue(Supplier<Response> post) {
        int before = groupCommit.queued();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(post, clients);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groupCommit.queued() == before + 1);
        return answer;
    }

    /** Lets the locked dialog go: the stalled batches commit, and the queued posts leave as the next batch. */
    static void release(Connection lock) throws SQLException {
        lock.commit();
    }

    /** The stalling posts' answers (each a 201 once released). */
    List<CompletableFuture<Response>> stalled() {
        return stalled;
    }

    ExecutorService clients() {
        return clients;
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : held) {
            if (!c.isClosed()) {
                c.rollback();
                c.close();
            }
        }
        clients.shutdownNow();
    }
}
