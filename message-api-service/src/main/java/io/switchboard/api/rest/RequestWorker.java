package io.switchboard.api.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.api.service.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Worker threads for a request whose endpoint does not block (the message posts, which answer when their
 * group-commit batch has committed, so no thread waits for the commit). {@link #forThisRequest} takes the request's
 * CDI context where it is active (the endpoint on the event loop) and runs each task on a worker thread inside it:
 * the caller, the guest's request and the request's Hibernate session are there, used by one thread at a time (the
 * event loop has handed the request on; the committer, which completes the answer, never touches them).
 */
@ApplicationScoped
public class RequestWorker {
    /** The CDI request context only; a transaction is never carried to the worker. */
    private ThreadContext context;

    @PostConstruct
    void init() {
        context = ThreadContext.builder().propagated(ThreadContext.CDI)
                .cleared(ThreadContext.ALL_REMAINING).build();
    }

    /** An executor that runs each task on a worker thread in this request's context, captured now. */
    public Executor forThisRequest() {
        Executor inRequest = context.currentContextExecutor();
        Executor pool = Infrastructure.getDefaultWorkerPool();
        return task -> pool.execute(() -> inRequest.execute(task));
    }

    /**
     * Runs {@code work} on a worker thread of this request and answers with the stage it returns, failed with the
     * error itself rather than a {@link CompletionException} around it, so the error mappers answer it as they
     * answer a blocking endpoint's.
     */
    public <T> CompletionStage<T> start(Function<Executor, CompletionStage<T>> work) {
        Executor worker = forThisRequest();
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> work.apply(worker), worker).thenCompose(Function.identity())
                .whenComplete((value, error) -> complete(answer, value, error));
        return answer;
    }

    /** {@code stage}, failed with the error itself (see {@link #start}). */
    public static <T> CompletionStage<T> unwrapped(CompletionStage<T> stage) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        stage.whenComplete((value, error) -> complete(answer, value, error));
        return answer;
    }

    private static <T> void complete(CompletableFuture<T> answer, T value, Throwable error) {
        if (error == null) {
            answer.complete(value);
            return;
        }
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        answer.completeExceptionally(cause instanceof Exception e ? GroupCommit.failure(e) : cause);
    }
}
