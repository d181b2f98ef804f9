package io.switchboard.socket.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void connectionsOfOneEventLoopShareOneExecutorThatRunsOnThatLoop() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            EventLoops loops = new EventLoops();
            List<Executor> executors = new ArrayList<>();
            List<Context> contexts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // A plain thread gets a new context of its own, assigned to the two loops in turn.
                CompletableFuture<Context> made = new CompletableFuture<>();
                new Thread(() -> made.complete(vertx.getOrCreateContext())).start();
                Context context = made.get(10, TimeUnit.SECONDS);
                contexts.add(context);
                executors.add(loops.of(context));
            }

            assertThat(executors.stream().distinct().count()).as("six connections, two event loops").isEqualTo(2);
            assertThat(loops.size()).isEqualTo(2);
            for (int i = 0; i < contexts.size(); i++) {
                assertThat(threadOf(executors.get(i))).as("the executor runs on the connection's own loop")
                        .isSameAs(threadOf(contexts.get(i)));
            }
            assertThat(loops.of(null)).isNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Thread threadOf(Executor executor) throws Exception {
        CompletableFuture<Thread> t = new CompletableFuture<>();
        executor.execute(() -> t.complete(Thread.currentThread()));
        return t.get(10, TimeUnit.SECONDS);
    }

    private static Thread threadOf(Context context) throws Exception {
        CompletableFuture<Thread> t = new CompletableFuture<>();
        context.runOnContext(ignored -> t.complete(Thread.currentThread()));
        return t.get(10, TimeUnit.SECONDS);
    }
}
