package io.switchboard.bench.load;

import io.switchboard.bench.client.BenchClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Opens many sockets with a bounded number of handshakes in flight, so the ramp itself is not a SYN flood. */
public final class SocketRamp {
    /**
     * How a ramp went.
     *
     * @param opened   sockets subscribed
     * @param failed   sockets that did not subscribe, by reason
     * @param seconds  duration of the ramp
     */
    public record Result(int opened, Map<String, Integer> failed, double seconds) {
        public int failedTotal() {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private SocketRamp() {
    }

    /** Opens every subscriber's socket and waits (up to {@code timeout}) until each is subscribed or failed. */
    public static Result open(BenchClient client, List<Subscriber> subscribers, Function<Subscriber, String> url,
                              int parallel, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Semaphore window = new Semaphore(parallel);
        AtomicInteger opened = new AtomicInteger();
        Map<String, Integer> failed = new TreeMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[subscribers.size()];
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber s = subscribers.get(i);
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !window.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    all[i] = CompletableFuture.failedFuture(new IllegalStateException("ramp timed out"));
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            all[i] = s.open(client, url.apply(s)).whenComplete((v, e) -> {
                window.release();
                if (e == null) {
                    opened.incrementAndGet();
                }
            });
        }
        for (CompletableFuture<?> f : all) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                String reason = e.getCause() != null ? e.getCause().getMessage() : e.toString();
                synchronized (failed) {
                    failed.merge(shorten(reason), 1, Integer::sum);
                }
            }
        }
        return new Result(opened.get(), failed, (System.nanoTime() - start) / 1e9);
    }

    private static String shorten(String reason) {
        if (reason == null) {
            return "unknown";
        }
        String r = reason.replaceAll("token=[^&\\s]+", "token=***");
        return r.length() > 120 ? r.substring(0, 120) : r;
    }
}
