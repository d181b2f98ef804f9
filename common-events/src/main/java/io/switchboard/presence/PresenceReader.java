package io.switchboard.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Each operator's state, in the order given. */
    public Map<Long, PresenceState> states(Collection<Long> userIds) {
        Map<Long, PresenceState> out = new LinkedHashMap<>();
        for (long id : userIds) {
            out.put(id, state(id));
        }
        return out;
    }

    public PresenceState state(long userId) {
        long now = clock.getAsLong();
        if (liveConnections(PresenceKeys.operator(userId), now) == 0) {
            return PresenceState.OFFLINE;
        }
        if (redis.key(String.class).exists(PresenceKeys.away(userId))) {
            return PresenceState.AWAY;
        }
        String active = redis.value(String.class).get(PresenceKeys.active(userId));
        if (active != null && now - Long.parseLong(active) > idleAfter.toMillis()) {
            return PresenceState.AWAY;
        }
        return PresenceState.ONLINE;
    }

    /** True when at least one of the operators is online (not away, not offline). */
    public boolean anyOnline(Collection<Long> userIds) {
        for (long id : userIds) {
            if (state(id) == PresenceState.ONLINE) {
                return true;
            }
        }
        return false;
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
