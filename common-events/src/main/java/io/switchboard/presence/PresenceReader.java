package io.switchboard.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Reads operators' presence from the layout in {@link PresenceKeys}: offline without a connection that has not
 * lapsed, away when set by hand or idle for longer than {@code idleAfter}, online otherwise.
 */
public final class PresenceReader {
    private final RedisDataSource redis;
    private final Duration idleAfter;
    private final LongSupplier clock;

    public PresenceReader(RedisDataSource redis, Duration idleAfter) {
        this(redis, idleAfter, System::currentTimeMillis);
    }

    PresenceReader(RedisDataSource redis, Duration idleAfter, LongSupplier clock) {
        this.redis = redis;
        this.idleAfter = idleAfter;
        this.clock = clock;
    }

    /**
     * One script reads every operator's state in one round trip: per user, a live connection ({@code ZCOUNT} of
     * scores not yet lapsed), then the away flag, then the last activity. Returns 0 offline, 1 online, 2 away.
     */
    private static final String STATES = """
            local now = tonumber(ARGV[1])
            local idle = tonumber(ARGV[2])
            local out = {}
            for i = 1, #KEYS, 3 do
              local s = 0
              if redis.call('ZCOUNT', KEYS[i], now, '+inf') > 0 then
                s = 1
                if redis.call('EXISTS', KEYS[i + 1]) == 1 then
                  s = 2
                else
                  local active = tonumber(redis.call('GET', KEYS[i + 2]) or '')
                  if active and now - active > idle then
                    s = 2
                  end
                end
              end
              out[#out + 1] = s
            end
            return out
            """;

    /** One script reads every visitor's presence in one round trip: per dialog, live connections and last seen. */
    private static final String GUESTS = """
            local now = tonumber(ARGV[1])
            local out = {}
            for i = 1, #KEYS, 2 do
              out[#out + 1] = redis.call('ZCOUNT', KEYS[i], now, '+inf')
              out[#out + 1] = redis.call('GET', KEYS[i + 1]) or ''
            end
            return out
            """;

    /** Users read per script call, so one call never holds Redis long. */
    private static final int CHUNK = 500;

    /** Each operator's state, in the order given; one round trip per 500 operators. */
    public Map<Long, PresenceState> states(Collection<Long> userIds) {
        return eachChunk(userIds, STATES, List.of(PresenceKeys::operator, PresenceKeys::away, PresenceKeys::active),
                List.of(Long.toString(clock.getAsLong()), Long.toString(idleAfter.toMillis())), 1, items -> {
                    int code = items.get(0).toInteger();
                    return code == 1 ? PresenceState.ONLINE : code == 2 ? PresenceState.AWAY : PresenceState.OFFLINE;
                });
    }

    /** A visitor's presence in a dialog: connected now, and when last connected (epoch milliseconds, or null). */
    public record GuestPresence(boolean online, Long lastSeen) {
    }

    /** Each dialog's visitor presence, in the order given; one round trip per 500 dialogs. */
    public Map<Long, GuestPresence> guests(Collection<Long> dialogIds) {
        return eachChunk(dialogIds, GUESTS, List.of(PresenceKeys::guest, PresenceKeys::guestSeen),
                List.of(Long.toString(clock.getAsLong())), 2, items -> {
                    String seen = items.get(1).toString();
                    return new GuestPresence(items.get(0).toLong() > 0,
                            seen == null || seen.isEmpty() ? null : Long.parseLong(seen));
                });
    }

    /**
     * Runs {@code script} once per {@link #CHUNK} distinct ids: its keys are each id's {@code keys} in turn, its
     * arguments {@code argv}; it answers {@code itemsPerId} items per id, which {@code answer} reads. In the order given.
     */
    private <T> Map<Long, T> eachChunk(Collection<Long> ids, String script, List<LongFunction<String>> keys,
                                       List<String> argv, int itemsPerId, Function<List<Response>, T> answer) {
        Map<Long, T> out = new LinkedHashMap<>();
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            List<Long> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
            List<String> args = new ArrayList<>(2 + chunk.size() * keys.size() + argv.size());
            args.add(script);
            args.add(Integer.toString(chunk.size() * keys.size()));
            for (long id : chunk) {
                for (LongFunction<String> key : keys) {
                    args.add(key.apply(id));
                }
            }
            args.addAll(argv);
            List<Response> items = new ArrayList<>();
            redis.execute("EVAL", args.toArray(new String[0])).forEach(items::add);
            for (int i = 0; i < chunk.size(); i++) {
                out.put(chunk.get(i), answer.apply(items.subList(i * itemsPerId, (i + 1) * itemsPerId)));
            }
        }
        return out;
    }

    /** One operator's state; one round trip. */
    public PresenceState state(long userId) {
        return states(List.of(userId)).get(userId);
    }

    /** True when at least one of the operators is online (not away, not offline); one round trip. */
    public boolean anyOnline(Collection<Long> userIds) {
        return !userIds.isEmpty() && states(userIds).containsValue(PresenceState.ONLINE);
    }

    /** True while the visitor has a live widget connection to the dialog. */
    public boolean guestOnline(long dialogId) {
        return liveConnections(PresenceKeys.guest(dialogId), clock.getAsLong()) > 0;
    }

    /** When the visitor of the dialog was last connected (epoch milliseconds), or {@code null} if never seen. */
    public Long guestLastSeen(long dialogId) {
        String seen = redis.value(String.class).get(PresenceKeys.guestSeen(dialogId));
        return seen == null ? null : Long.parseLong(seen);
    }

    private long liveConnections(String key, long now) {
        return redis.sortedSet(String.class).zcount(key, ScoreRange.from((double) now, Double.POSITIVE_INFINITY));
    }
}
