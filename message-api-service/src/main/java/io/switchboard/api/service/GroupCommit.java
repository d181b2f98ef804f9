package io.switchboard.api.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.api.repository.WriteAccess;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of the one-statement post ({@link MessageAppender#appendAllInBatch}): concurrent posts, across dialogs,
 * share one JTA transaction, one commit (one WAL flush) and one after-commit hand-over of their events.
 *
 * <p>Posts queue here in arrival order; {@link PostsConfig#committers()} committer threads each take what queued (at
 * most {@link PostsConfig#maxBatch()}) and run it. While one batch commits the next collects (natural batching); a
 * committer that finds another batch in flight waits up to {@link PostsConfig#maxWait()} for more posts, a committer
 * on an idle server starts at once. Inside a batch the posts run sorted by dialog id (stable: two posts to one dialog
 * keep their arrival order, so they get consecutive seqs in that order), so two batches always take their row locks
 * in the same order and never deadlock each other.
 *
 * <p>Each post gets its own {@link Outcome}: stored (answered only once the commit returned, i.e. is durable), not
 * written (a refusal or a repeat: the caller takes the full path after the batch, exactly as a lone post would), or
 * <em>alone</em>: a statement of the batch failed (e.g. the unique-violation race of a duplicate
 * {@code client_msg_id}), the whole batch rolled back, and every post of it runs again on its own, so one bad post
 * never fails its neighbours. A commit whose outcome is unknown fails every post of the batch with that error, as it
 * failed a lone post before (nothing is run twice).
 */
@ApplicationScoped
public class GroupCommit {
    /** One post waiting for its batch. */
    public record Post(long dialogId, WriteAccess access, String sender, String author, String text, String clientMsgId,
                       String reader) {
    }

    /**
     * What became of a post in its batch: {@code posted} is the stored message (null: nothing written), {@code alone}
     * says the batch rolled back and the post must run again on its own.
     */
    public record Outcome(Views.Posted posted, boolean alone) {
        static final Outcome NOT_WRITTEN = new Outcome(null, false);
        static final Outcome ALONE = new Outcome(null, true);
    }

    private static final class Waiting {
        final Post post;
        final CompletableFuture<Outcome> answer = new CompletableFuture<>();

        Waiting(Post post) {
            this.post = post;
        }
    }

    /** Committer threads' name prefix (not {@code switchboard-}: tests count the post's round trips on these). */
    static final String THREAD_PREFIX = "post-commit-";

    @Inject
    MessageAppender appender;
    @Inject
    TransactionManager transactions;
    @Inject
    PostsConfig config;
    @Inject
    MeterRegistry registry;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled for committers waiting for any post (the queue was empty). */
    private final Condition arrived = lock.newCondition();
    /** Signalled for a committer that waits for a full batch behind one in flight. */
    private final Condition filled = lock.newCondition();
    /** Committers waiting on {@link #arrived}. */
    private int idle;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private final List<Thread> committers = new ArrayList<>();
    private int running;
    private boolean stopped;

    private DistributionSummary batchSizes;
    private Counter rolledBack;

    @PostConstruct
    void metrics() {
        batchSizes = DistributionSummary.builder("switchboard.posts.batch.size")
                .description("Posts per group-commit transaction").register(registry);
        rolledBack = Counter.builder("switchboard.posts.batch.rolled.back")
                .description("Batches rolled back because a statement failed; their posts ran again one by one")
                .register(registry);
        Gauge.builder("switchboard.posts.queued", this, GroupCommit::queued)
                .description("Posts waiting for a batch").register(registry);
    }

    /** True when posts go through batches ({@code switchboard.posts.group-commit}). */
    public boolean enabled() {
        return config.groupCommit();
    }

    /**
     * Queues the post and waits until its batch has ended: committed (the answer is the stored message, or
     * {@link Outcome#NOT_WRITTEN}) or rolled back ({@link Outcome#ALONE}). For callers that block anyway (an e-mail
     * reply); the REST posts use {@link #submit}, which parks no thread.
     */
    public Outcome append(Post post) {
        try {
            return submit(post).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the post's batch committed", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * Queues the post; the answer completes on a committer thread once its batch has ended (see {@link #append}), or
     * at once with {@link Outcome#ALONE} when the post must keep a transaction of its own. Whatever depends on it
     * runs on the committer thread unless handed elsewhere: it must be short and must not touch the request's beans
     * (its Hibernate session above all), since the committer runs its own transaction.
     */
    public CompletableFuture<Outcome> submit(Post post) {
        if (inTransaction()) {
            // A caller inside a transaction of its own may hold locks the batch would wait for while the caller
            // waits for the batch: such a post keeps its own transaction, as before group commit.
            return CompletableFuture.completedFuture(Outcome.ALONE);
        }
        Waiting w = new Waiting(post);
        lock.lock();
        try {
            if (stopped) {
                return CompletableFuture.completedFuture(Outcome.ALONE);
            }
            startCommitters();
            queue.add(w);
            // Only whom this post changes something for is woken: an idle committer, or the one waiting behind a
            // batch in flight once the batch is full (before, every post woke that one, which went back to wait: a
            // futex wake-up and two thread switches per post at 2 000 posts/s; docs/performance.md "Wake-ups").
            if (idle > 0) {
                arrived.signal();
            } else if (queue.size() >= Math.max(1, config.maxBatch())) {
                filled.signal();
            }
        } finally {
            lock.unlock();
        }
        return w.answer;
    }

    /** A batch's failure as the post's caller sees it: unchecked as it came, anything else wrapped. */
    public static RuntimeException failure(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("the post's batch could not commit: " + cause.getMessage(), cause);
    }

    private boolean inTransaction() {
        try {
            return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
        } catch (jakarta.transaction.SystemException e) {
            return true;
        }
    }

    /** Posts waiting for a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches running now (at most {@link PostsConfig#committers()}). */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        List<Waiting> left;
        lock.lock();
        try {
            stopped = true;
            left = new ArrayList<>(queue);
            queue.clear();
            // Idle committers leave; a running batch is never interrupted, it commits and answers first.
            arrived.signalAll();
            filled.signalAll();
        } finally {
            lock.unlock();
        }
        // Whoever still waits runs on its own thread, as before group commit.
        left.forEach(w -> w.answer.complete(Outcome.ALONE));
    }

    private void startCommitters() {
        while (committers.size() < Math.max(1, config.committers())) {
            Thread t = new Thread(this::commitLoop, THREAD_PREFIX + committers.size());
            t.setDaemon(true);
            committers.add(t);
            t.start();
        }
    }

    private void commitLoop() {
        long maxWait = config.maxWait().toNanos();
        int max = Math.max(1, config.maxBatch());
        while (true) {
            List<Waiting> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !stopped) {
                    idle++;
                    try {
                        arrived.await();
                    } finally {
                        idle--;
                    }
                }
                if (stopped) {
                    return;
                }
                running++;
                if (running > 1 && maxWait > 0 && queue.size() < max) {
                    // Another batch holds the commit path: a little wait lets this one carry more posts.
                    long left = maxWait;
                    while (queue.size() < max && left > 0 && !stopped) {
                        left = filled.awaitNanos(left);
                    }
                }
                batch = new ArrayList<>(Math.min(queue.size(), max));
                while (batch.size() < max && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                if (!batch.isEmpty()) {
                    run(batch);
                }
            } catch (Throwable t) {
                Log.errorf(t, "A batch of %d posts failed", batch.size());
                batch.forEach(w -> w.answer.completeExceptionally(t));
            } finally {
                lock.lock();
                try {
                    running--;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void run(List<Waiting> arrived) throws Exception {
        List<Waiting> batch = new ArrayList<>(arrived);
        // Stable: the posts of one dialog stay in arrival order; row locks are always taken in dialog id order.
        batch.sort(Comparator.comparingLong(w -> w.post.dialogId()));
        batchSizes.record(batch.size());
        List<Post> posts = new ArrayList<>(batch.size());
        for (Waiting w : batch) {
            posts.add(w.post);
        }
        List<Optional<Views.Posted>> stored;
        transactions.begin();
        try {
            // One round trip for the batch's statements (posts of one shape), then the commit.
            stored = appender.appendAllInBatch(posts);
        } catch (RuntimeException e) {
            // A statement failed: PostgreSQL has aborted the transaction, so everything of it goes, and each post
            // runs again on its own (its own error, if it has one, reaches only its own caller).
            rollback();
            rolledBack.increment();
            Log.debugf(e, "A batch of %d posts rolled back; its posts run one by one", batch.size());
            batch.forEach(w -> w.answer.complete(Outcome.ALONE));
            return;
        }
        if (transactions.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
            rollback();
            rolledBack.increment();
            batch.forEach(w -> w.answer.complete(Outcome.ALONE));
            return;
        }
        try {
            transactions.commit();
        } catch (RollbackException e) {
            // Rolled back for sure (nothing of it is stored): the posts run again on their own.
            rolledBack.increment();
            Log.debugf(e, "A batch of %d posts was rolled back at commit; its posts run one by one", batch.size());
            batch.forEach(w -> w.answer.complete(Outcome.ALONE));
            return;
        } catch (Exception e) {
            // The outcome is unknown (e.g. the connection broke during COMMIT): every post answers that error,
            // exactly as a lone post did; a client retries with its client_msg_id.
            batch.forEach(w -> w.answer.completeExceptionally(e));
            return;
        }
        // Durable now (COMMIT returned); the events were handed to the publisher on this thread during it.
        for (int i = 0; i < batch.size(); i++) {
            Optional<Views.Posted> s = stored.get(i);
            batch.get(i).answer.complete(s.isPresent() ? new Outcome(s.get(), false) : Outcome.NOT_WRITTEN);
        }
    }

    private void rollback() {
        try {
            transactions.rollback();
        } catch (Exception e) {
            Log.warnf(e, "Could not roll a batch of posts back");
        }
    }
}
