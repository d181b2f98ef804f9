package io.switchboard.api.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.OrderedPublisher;
import io.switchboard.api.publish.Outgoing;
import io.switchboard.api.service.DaemonThreads;
import io.switchboard.events.Channels;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.presence.PresenceState;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the dashboards when an operator's presence changes: {@code presence:update} on the channel of every assistant
 * the operator is a member of (so an operator of another assistant never hears of them). What was last announced is
 * kept in Redis ({@code presence:announced}, a hash user id → state), so replicas and restarts agree.
 *
 * <p>Two triggers. A change made here (away by hand, activity after idle) is announced at once. Everything else (a
 * connection opened or closed on any socket node, a killed node's connections lapsing, an operator going idle) is
 * seen by the comparison one replica runs every {@code switchboard.presence.announce-interval} (2 s): one SQL read of
 * the memberships, one Redis script for every member's state, one script that records the changes. So a dashboard
 * sees a colleague come or go within that interval, and a colleague whose only node was killed within the socket
 * nodes' {@code switchboard.presence.lapse} (30 s) plus that interval.
 */
@ApplicationScoped
public class PresenceAnnouncer {
    /** The hash of the states last announced. */
    public static final String ANNOUNCED = "presence:announced";
    /** Held by the replica running the comparison, for one interval. */
    static final String LOCK = "presence:announce-lock";

    /** Records the states that differ from the announced ones; returns the positions (1-based) that changed. */
    private static final String RECORD = """
            local out = {}
            for i = 1, #ARGV, 2 do
              local old = redis.call('HGET', KEYS[1], ARGV[i]) or 'offline'
              if old ~= ARGV[i + 1] then
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
                out[#out + 1] = (i + 1) / 2
              end
            end
            return out
            """;

    @Inject
    OperatorPresence presence;
    @Inject
    PresenceMembers members;
    @Inject
    RedisDataSource redis;
    @Inject
    OrderedPublisher publisher;
    @Inject
    SwitchboardConfig config;
    @Inject
    Channels channels;
    @Inject
    Vertx vertx;

    private final String replica = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ExecutorService worker = DaemonThreads.single("switchboard-presence");
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(100, config.presence().announceInterval().toMillis()), id -> {
            if (running.compareAndSet(false, true)) {
                try {
                    worker.execute(() -> {
                        try {
                            compareAll();
                        } finally {
                            running.set(false);
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    running.set(false);
                }
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        worker.shutdown();
    }

    /** One comparison of every member's state with the announced one, if no other replica runs it this interval. */
    void compareAll() {
        try {
            long interval = Math.max(100, config.presence().announceInterval().toMillis());
            // SET … NX answers nil while another replica holds the interval.
            Response got = redis.execute("SET", LOCK, replica, "PX", Long.toString(interval - 50), "NX");
            if (got == null || !"OK".equals(got.toString())) {
                return;
            }
            Map<Long, List<Long>> everyMember = members.everyMember();
            if (!everyMember.isEmpty()) {
                announce(everyMember);
            }
            if (failing.compareAndSet(true, false)) {
                Log.info("presence: announcing changes again");
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                Log.warnf("presence: comparing states failed (%s); retrying every %s", e.toString(),
                        config.presence().announceInterval());
            }
        }
    }

    /** Announces the user's state now if it differs from the last announced; returns the state. Blocks. */
    public PresenceState announce(long userId) {
        Map<Long, PresenceState> states = announce(Map.of(userId, members.assistantsOf(userId)));
        return states.get(userId);
    }

    /** Reads the users' states, records and publishes those that changed; returns every state read. */
    private Map<Long, PresenceState> announce(Map<Long, List<Long>> assistantsByUser) {
        List<Long> users = new ArrayList<>(assistantsByUser.keySet());
        Map<Long, PresenceState> states = presence.reader().states(users);
        List<String> args = new ArrayList<>(3 + users.size() * 2);
        args.add(RECORD);
        args.add("1");
        args.add(ANNOUNCED);
        for (long u : users) {
            args.add(Long.toString(u));
            args.add(states.get(u).wire());
        }
        Response changed = redis.execute("EVAL", args.toArray(new String[0]));
        List<Outgoing> out = new ArrayList<>();
        for (Response position : changed) {
            long user = users.get(position.toInteger() - 1);
            PresenceState state = states.get(user);
            out.clear();
            for (long assistant : assistantsByUser.get(user)) {
                out.add(new Outgoing(channels.assistant(assistant), EventType.PRESENCE_UPDATE, null,
                        event(assistant, user, state)));
            }
            if (!out.isEmpty()) {
                publisher.publish("presence:" + user, List.copyOf(out));
            }
        }
        return states;
    }

    /** {@code {"type":"presence:update","assistant_id":…,"user_id":…,"presence":"away",…}}. */
    static String event(long assistantId, long userId, PresenceState state) {
        ObjectNode e = EventCodec.mapper().createObjectNode();
        e.put("v", Envelope.VERSION);
        e.put("type", EventType.PRESENCE_UPDATE);
        e.put("event_id", UUID.randomUUID().toString());
        e.put("assistant_id", assistantId);
        e.put("user_id", userId);
        e.put("presence", state.wire());
        e.put("ts", Instant.now().toString());
        return e.toString();
    }
}
