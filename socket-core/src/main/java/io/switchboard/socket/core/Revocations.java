package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.Channels;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.MalformedEventException;
import io.switchboard.events.Revocation;
import io.switchboard.socket.config.SocketConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way open sessions learn that their credential or access was revoked, the same for every endpoint and
 * transport. An admitted session carries revocation subjects ({@link Admission.Admitted#subjects()}, e.g.
 * {@code user:5}, {@code member:3:5}, {@code assistant-token:3}, {@code widget:7}) with the credential version it
 * was admitted with.
 * <ul>
 *   <li>message-api publishes a {@link Revocation} on {@link Channels#revocations()}; every node closes each local
 *   session carrying that subject with its code and reason as soon as the message arrives, and drops what its
 *   admission caches remember about the subject (observers of the {@link Revocation} CDI event).</li>
 *   <li>A revocation whose message was lost (Redis down, this node's subscriber reconnecting) is caught by the
 *   recheck: every {@code switchboard.connections.revocation-recheck} (30 s) and after every Redis reconnect,
 *   every open session's subjects are compared with PostgreSQL ({@link DeliveryStore#subjectVersions}); a subject
 *   gone or at a newer version closes the session and clears the admission caches of that subject, as the message
 *   would have. A revocation is never lost for longer than that.</li>
 *   <li>Admission checks the same versions ({@link #refusal}), through a cache the revocation event clears, so a
 *   revoked credential opens no new session either.</li>
 * </ul>
 */
@ApplicationScoped
public class Revocations {
    @Inject
    SessionRegistry registry;

    @Inject
    DeliveryStore store;

    @Inject
    SocketConfig config;

    @Inject
    Channels channels;

    @Inject
    ChannelSubscriptions redis;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    Vertx vertx;

    @Inject
    Event<Revocation> revoked;

    private final AtomicBoolean rechecking = new AtomicBoolean();
    private volatile SharedLookup<String, Map<String, Long>> versions;

    void start(@Observes StartupEvent event) {
        versions = new SharedLookup<>(config.connections().accessCacheTtl().toNanos(), 50_000);
        redis.subscribe(channels.revocations());
        long every = config.connections().revocationRecheck().toMillis();
        if (every > 0) {
            vertx.setPeriodic(Math.max(100, every), id -> recheckSoon());
        }
    }

    /** A message on the revocations channel. Any thread; never blocks. */
    public void onMessage(String payload) {
        Revocation r;
        try {
            r = Revocation.decode(payload);
        } catch (MalformedEventException e) {
            Log.warnf("dropped a malformed revocation: %s", e.getMessage());
            return;
        }
        apply(r);
    }

    /** Closes every local session carrying the revoked subject and tells the admission caches to forget it. */
    public void apply(Revocation r) {
        lookups().forget(r.subject());
        revoked.fire(r);
        int closed = 0;
        for (ClientSession s : registry.sessions()) {
            if (carries(s.admission().subjects(), r.subject()) && !s.isClosed()) {
                s.close(r.code(), r.reason());
                closed++;
            }
        }
        Log.infof("revocation subject=%s code=%d reason=\"%s\" closed=%d", r.subject(), r.code(), r.reason(), closed);
    }

    /**
     * True when a session with these subjects is affected by a revocation of {@code subject}. A membership
     * ({@code member:{assistant}:{user}}) matches every operator session of that user, whichever assistants it
     * carried at admission: a user-level stream follows memberships added later ({@code membership:update}), so
     * its admission's list may lack the one removed.
     */
    static boolean carries(Map<String, Long> subjects, String subject) {
        if (subjects.containsKey(subject)) {
            return true;
        }
        if (subject.startsWith("member:")) {
            String userSuffix = subject.substring(subject.lastIndexOf(':'));
            for (String s : subjects.keySet()) {
                if (s.startsWith("member:") && s.endsWith(userSuffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why a session with these subjects may not be admitted (the first subject revoked or at another version than
     * the credential's), or empty. Worker thread; reads through a short cache that revocations clear.
     */
    public Optional<Admission.Rejected> refusal(Map<String, Long> subjects) throws Exception {
        for (Map.Entry<String, Long> e : subjects.entrySet()) {
            Map<String, Long> now = lookups().get(e.getKey(), subject -> store.subjectVersions(List.of(subject)));
            Optional<Revocation> r = verdict(e.getKey(), e.getValue(), now);
            if (r.isPresent()) {
                return Optional.of(new Admission.Rejected(r.get().code(), r.get().reason()));
            }
        }
        return Optional.empty();
    }

    /** Starts a recheck of every open session on a worker unless one is running. */
    public void recheckSoon() {
        if (rechecking.compareAndSet(false, true)) {
            scheduler.runBlocking(() -> {
                try {
                    recheck();
                } catch (Exception e) {
                    Log.warnf("revocation recheck failed (%s); next try in %s", e.toString(),
                            config.connections().revocationRecheck());
                } finally {
                    rechecking.set(false);
                }
            });
        }
    }

    /** Compares every open session's subjects with PostgreSQL and closes those revoked. Worker thread. */
    void recheck() throws Exception {
        Set<String> subjects = new HashSet<>();
        List<ClientSession> open = new ArrayList<>();
        for (ClientSession s : registry.sessions()) {
            if (!s.admission().subjects().isEmpty()) {
                subjects.addAll(s.admission().subjects().keySet());
                open.add(s);
            }
        }
        if (subjects.isEmpty()) {
            return;
        }
        Map<String, Long> now = store.subjectVersions(subjects);
        int closed = 0;
        Map<String, Revocation> found = new LinkedHashMap<>();
        for (ClientSession s : open) {
            for (Map.Entry<String, Long> e : s.admission().subjects().entrySet()) {
                Optional<Revocation> r = verdict(e.getKey(), e.getValue(), now);
                if (r.isPresent()) {
                    s.close(r.get().code(), r.get().reason());
                    found.putIfAbsent(e.getKey(), r.get());
                    closed++;
                    break;
                }
            }
        }
        // As the lost message would have: the admission caches forget the subject, so a reconnect that comes
        // right after this close is checked against PostgreSQL, not against what was remembered before.
        for (Revocation r : found.values()) {
            lookups().forget(r.subject());
            revoked.fire(r);
        }
        if (closed > 0) {
            Log.infof("revocation recheck closed %d sessions whose credentials or access were revoked", closed);
        }
    }

    /** The revocation a subject admitted at {@code version} suffers, given the current versions; empty when valid. */
    static Optional<Revocation> verdict(String subject, long version, Map<String, Long> current) {
        Long now = current.get(subject);
        if (now != null && (now == -1L || now == version)) {
            return Optional.empty();
        }
        String kind = subject.substring(0, Math.max(0, subject.indexOf(':')));
        return Optional.of(switch (kind) {
            case "user" -> new Revocation(subject, CloseCodes.UNAUTHORIZED, now == null
                    ? "account deactivated" : "signed out or password changed; log in again");
            case "member" -> new Revocation(subject, CloseCodes.FORBIDDEN,
                    Revocation.removedFromAssistant(Long.parseLong(subject.split(":")[1])));
            case "assistant-token" -> new Revocation(subject, CloseCodes.UNAUTHORIZED,
                    "assistant token rotated or revoked");
            case "widget" -> new Revocation(subject, CloseCodes.UNAUTHORIZED, "site token revoked");
            default -> new Revocation(subject, CloseCodes.UNAUTHORIZED, "credential revoked");
        });
    }

    private SharedLookup<String, Map<String, Long>> lookups() {
        SharedLookup<String, Map<String, Long>> v = versions;
        if (v == null) {
            v = new SharedLookup<>(config.connections().accessCacheTtl().toNanos(), 50_000);
            versions = v;
        }
        return v;
    }
}
