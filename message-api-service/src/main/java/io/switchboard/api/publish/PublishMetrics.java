package io.switchboard.api.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counters of what left for Redis and what did not; registered at start so dashboards see zeros. */
@Startup
@ApplicationScoped
public class PublishMetrics {
    private final Counter sent;
    private final Counter failures;
    private final Counter dropped;

    @Inject
    public PublishMetrics(MeterRegistry registry) {
        sent = Counter.builder("switchboard.publish.sent").description("Events published to Redis")
                .register(registry);
        failures = Counter.builder("switchboard.publish.failures")
                .description("Failed attempts to publish an event to Redis (each retry counts)").register(registry);
        dropped = Counter.builder("switchboard.publish.dropped")
                .description("Events given up after the retry window; subscribers repair them from seq")
                .register(registry);
    }

    void sent(int events) {
        sent.increment(events);
    }

    void failed() {
        failures.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void dropped(int events) {
        dropped.increment(events);
    }
}
