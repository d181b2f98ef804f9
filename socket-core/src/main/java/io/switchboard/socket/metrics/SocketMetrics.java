package io.switchboard.socket.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The Prometheus view of the socket service: {@code switchboard_connections{endpoint}},
 * {@code switchboard_connections_opened_total{endpoint}} (attempts, refused ones included),
 * {@code switchboard_connections_closed_total{endpoint,code}},
 * {@code switchboard_events_delivered_total{endpoint}}, {@code switchboard_delivery_latency_seconds}
 * (envelope {@code ts}, the commit time, to socket write), {@code switchboard_sse_first_byte_seconds},
 * {@code switchboard_slow_consumer_closes_total}, {@code switchboard_auth_failures_total{endpoint,code}},
 * {@code switchboard_gap_repaired_events_total{cause}}, {@code switchboard_redis_reconnects_total} and
 * {@code switchboard_redis_connected}. k8s/monitoring/prometheus-rules.yaml alerts on these names;
 * AlertMetricsIT checks the two agree.
 */
@ApplicationScoped
public class SocketMetrics implements OrderedDialogStream.RepairListener {
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DeliveryMeters> deliveryMeters = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    /** The live-connection gauge of one endpoint. */
    public AtomicInteger connections(String endpoint) {
        return connections.computeIfAbsent(endpoint, e -> registry.gauge("switchboard.connections",
                Tags.of("endpoint", e), new AtomicInteger()));
    }

    /** One event reached the network of a client on {@code endpoint}. Called once per delivery: kept allocation-free. */
    public void delivered(String endpoint, Instant committedAt) {
        DeliveryMeters m = deliveryMeters.get(endpoint);
        if (m == null) {
            m = deliveryMeters.computeIfAbsent(endpoint, this::deliveryMeters);
        }
        m.delivered.increment();
        if (committedAt != null) {
            long ms = System.currentTimeMillis() - committedAt.toEpochMilli();
            m.latency.record(Math.max(0, ms), TimeUnit.MILLISECONDS);
        }
    }

    private DeliveryMeters deliveryMeters(String endpoint) {
        Counter count = delivered.computeIfAbsent(endpoint, e -> Counter.builder("switchboard.events.delivered")
                .description("Events written to client sockets and SSE streams")
                .tag("endpoint", e).register(registry));
        Timer timer = timer(endpoint, "switchboard.delivery.latency",
                "From the envelope ts (commit time) to the socket write", endpoint, Duration.ofMillis(500));
        return new DeliveryMeters(count, timer);
    }

    private record DeliveryMeters(Counter delivered, Timer latency) {
    }

    /** A WebSocket upgrade or SSE request arrived, whatever its verdict. */
    public void attempted(String endpoint) {
        counter("switchboard.connections.opened", "endpoint", endpoint).increment();
    }

    /** An admitted connection ended with {@code code} (1006 when the peer vanished). */
    public void closed(String endpoint, int code) {
        byCode("switchboard.connections.closed", "Closed client connections, by close code", endpoint, code)
                .increment();
    }

    /** How long an SSE request waited for its first bytes ({@code retry:}); a proxy that buffers shows here. */
    public void sseFirstByte(String endpoint, Duration waited) {
        timer("sse|" + endpoint, "switchboard.sse.first.byte",
                "From an SSE request's arrival to its first byte written", endpoint, Duration.ofSeconds(2))
                .record(waited);
    }

    /** Exposes whether the Redis subscription is up (1) or not (0). */
    public void watchRedis(BooleanSupplier connected) {
        // Strong reference: the supplier is a method reference nobody else holds, and a weakly held one is
        // collected at the next GC, after which the series vanishes from /q/metrics (AlertMetricsIT saw it).
        Gauge.builder("switchboard.redis.connected", connected, c -> c.getAsBoolean() ? 1 : 0)
                .strongReference(true).register(registry);
    }

    public void slowConsumerClosed(String endpoint) {
        counter("switchboard.slow.consumer.closes", "endpoint", endpoint).increment();
    }

    public void authFailure(String endpoint, int code) {
        byCode("switchboard.auth.failures", "Connection attempts turned away, by close code", endpoint, code)
                .increment();
    }

    public void redisReconnected() {
        counter("switchboard.redis.reconnects", null, null).increment();
    }

    @Override
    public void repaired(String why, int events) {
        counter("switchboard.gap.repaired.events", "cause", why).increment(events);
    }

    /** A latency histogram of one endpoint (1 ms to 30 s), kept under {@code key} in {@link #latency}. */
    private Timer timer(String key, String name, String description, String endpoint, Duration slo) {
        return latency.computeIfAbsent(key, k -> Timer.builder(name)
                .description(description)
                .tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .serviceLevelObjectives(slo)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** A counter of one endpoint and close code. */
    private Counter byCode(String name, String description, String endpoint, int code) {
        return counters.computeIfAbsent(name + "|" + endpoint + "|" + code, k -> Counter.builder(name)
                .description(description)
                .tags("endpoint", endpoint, "code", Integer.toString(code)).register(registry));
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
