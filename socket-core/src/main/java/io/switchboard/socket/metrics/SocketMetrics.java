package io.switchboard.socket.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.switchboard.socket.core.OrderedDialogStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Prometheus view of the socket service: {@code switchboard_connections{endpoint}},
 * {@code switchboard_events_delivered_total{endpoint}}, {@code switchboard_delivery_latency_seconds}
 * (envelope {@code ts}, the commit time, to socket write), {@code switchboard_slow_consumer_closes_total},
 * {@code switchboard_auth_failures_total{endpoint,code}}, {@code switchboard_gap_repaired_events_total{cause}}
 * and {@code switchboard_redis_reconnects_total}.
 */
@ApplicationScoped
public class SocketMetrics implements OrderedDialogStream.RepairListener {
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    /** The live-connection gauge of one endpoint. */
    public AtomicInteger connections(String endpoint) {
        return connections.computeIfAbsent(endpoint, e -> registry.gauge("switchboard.connections",
                Tags.of("endpoint", e), new AtomicInteger()));
    }

    /** One event reached the network of a client on {@code endpoint}. */
    public void delivered(String endpoint, Instant committedAt) {
        delivered.computeIfAbsent(endpoint, e -> Counter.builder("switchboard.events.delivered")
                .description("Events written to client sockets and SSE streams")
                .tag("endpoint", e).register(registry)).increment();
        if (committedAt != null) {
            Duration d = Duration.between(committedAt, Instant.now());
            latency.computeIfAbsent(endpoint, e -> Timer.builder("switchboard.delivery.latency")
                    .description("From the envelope ts (commit time) to the socket write")
                    .tag("endpoint", e)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry)).record(d.isNegative() ? Duration.ZERO : d);
        }
    }

    public void slowConsumerClosed(String endpoint) {
        counter("switchboard.slow.consumer.closes", "endpoint", endpoint).increment();
    }

    public void authFailure(String endpoint, int code) {
        counters.computeIfAbsent("auth|" + endpoint + "|" + code, k -> Counter.builder("switchboard.auth.failures")
                .description("Connection attempts turned away, by close code")
                .tags("endpoint", endpoint, "code", Integer.toString(code)).register(registry)).increment();
    }

    public void redisReconnected() {
        counter("switchboard.redis.reconnects", null, null).increment();
    }

    @Override
    public void repaired(String why, int events) {
        counter("switchboard.gap.repaired.events", "cause", why).increment(events);
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value, k -> {
            Counter.Builder b = Counter.builder(name);
            if (tag != null) {
                b.tag(tag, value);
            }
            return b.register(registry);
        });
    }
}
