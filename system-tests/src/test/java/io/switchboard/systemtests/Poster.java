package io.switchboard.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A guest writing {@code total} messages in the background while a test breaks something. */
final class Poster {
    final AtomicInteger posted = new AtomicInteger();
    final CompletableFuture<Void> done;

    private Poster(Scenario s, int total, String label) {
        done = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= total; i++) {
                s.guestPost(label + " " + i);
                posted.incrementAndGet();
            }
        });
    }

    static Poster start(Scenario s, int total, String label) {
        return new Poster(s, total, label);
    }

    /** Waits until at least {@code n} messages are committed. */
    void awaitPosted(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.get() >= n || done.isDone());
    }

    void finish() {
        done.join();
    }
}
