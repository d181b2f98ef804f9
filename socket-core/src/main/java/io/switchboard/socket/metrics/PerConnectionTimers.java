package io.switchboard.socket.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Turns off the two long-task timers Quarkus' Vert.x HTTP binder starts for every connection and keeps until it
 * closes: {@code http.server.connections} (each TCP connection) and {@code http.server.websocket.connections} (each
 * WebSocket). Their running samples are kept for the socket's life (the registry's sample and its node in the timer's
 * skip list, and a composite sample with its list): ~200 bytes of heap per idle WebSocket together (bench s4, 5 000
 * sockets: 12 894 -> 12 691 bytes). Denied, the binder gets no-op timers whose samples keep nothing (the TCP timer
 * still makes a composite sample around a no-op one, ~110 bytes: the histogram shows one left). Nothing
 * reads them: the connection counts are {@code switchboard_connections{endpoint}} and Quarkus'
 * {@code http_server_active_connections} gauge (one counter, no per-connection state), both still exported,
 * and {@code http_server_requests_seconds} is untouched. Not used instead: Micrometer's ignore-patterns for the
 * {@code /ws} paths, which would also drop the upgrades (status 101) from {@code http_server_requests_seconds_count},
 * the denominator of the 5xx alert, for 16 bytes more. Measured in docs/performance.md, "Configuration levers
 * (idlecfg)".
 */
@Singleton
public class PerConnectionTimers {
    /** The binder's per-connection long-task timers. */
    public static final Set<String> DENIED = Set.of("http.server.connections", "http.server.websocket.connections");

    /** Quarkus applies a MeterFilter bean to the global registry, which the Vert.x HTTP binder registers into. */
    @Produces
    @Singleton
    MeterFilter withoutPerConnectionTimers() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.LONG_TASK_TIMER && DENIED.contains(id.getName()));
    }
}
