package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Blocking work on the Quarkus worker pool, timers on Vert.x. */
@ApplicationScoped
public class VertxDeliveryScheduler implements DeliveryScheduler {
    @Inject
    Vertx vertx;

    @Override
    public void runBlocking(Runnable task) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.errorf(e, "delivery task failed");
            }
        });
    }

    @Override
    public Cancellable later(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> runBlocking(task));
        return () -> vertx.cancelTimer(id);
    }
}
