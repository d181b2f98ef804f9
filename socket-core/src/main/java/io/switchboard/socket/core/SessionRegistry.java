package io.switchboard.socket.core;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Every live session of this node, with counts per endpoint and per guest, for limits, stats and drain. */
@ApplicationScoped
public class SessionRegistry {
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perGuest = new ConcurrentHashMap<>();
    /**
     * Counted once per delivery from every event loop at once: striped adders, not one shared {@code AtomicLong}
     * whose cache line the loops would pass back and forth (docs/performance.md, "Fan-out per event loop").
     */
    private final Map<String, LongAdder> eventsPerEndpoint = new ConcurrentHashMap<>();
    private volatile boolean draining;

    void register(ClientSession s) {
        sessions.put(s.id(), s);
    }

    /** True if the session was registered. */
    boolean unregister(ClientSession s) {
        return sessions.remove(s.id()) != null;
    }

    /** Live sessions. */
    public Collection<ClientSession> sessions() {
        return sessions.values();
    }

    public int count() {
        return sessions.size();
    }

    /** Live sessions per endpoint name, sorted by name. */
    public Map<String, Integer> countByEndpoint() {
        Map<String, Integer> out = new TreeMap<>();
        for (ClientSession s : sessions.values()) {
            out.merge(s.endpoint(), 1, Integer::sum);
        }
        return out;
    }

    /** Takes one of a guest's connection slots; false when the guest already has {@code limit}. */
    public boolean tryReserveGuest(String guestKey, int limit) {
        AtomicInteger n = perGuest.computeIfAbsent(guestKey, k -> new AtomicInteger());
        if (n.incrementAndGet() > limit) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives a guest's slot back. */
    public void releaseGuest(String guestKey) {
        perGuest.computeIfPresent(guestKey, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    void eventSent(String endpoint) {
        LongAdder sent = eventsPerEndpoint.get(endpoint);
        if (sent == null) {
            sent = eventsPerEndpoint.computeIfAbsent(endpoint, e -> new LongAdder());
        }
        sent.increment();
    }

    /** Events written since start, all endpoints. */
    public long eventsSent() {
        long sum = 0;
        for (LongAdder sent : eventsPerEndpoint.values()) {
            sum += sent.sum();
        }
        return sum;
    }

    /** Events written since start, per endpoint. */
    public Map<String, Long> eventsSentByEndpoint() {
        Map<String, Long> out = new TreeMap<>();
        eventsPerEndpoint.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** True once shutdown began: readiness is false and new connections are turned away. */
    public boolean draining() {
        return draining;
    }

    /** Starts the drain; false when it had started already. */
    synchronized boolean startDraining() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }
}
