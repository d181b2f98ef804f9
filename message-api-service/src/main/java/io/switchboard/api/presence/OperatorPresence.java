package io.switchboard.api.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.presence.PresenceReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Operators' and visitors' presence as this service sees it: the one {@link PresenceReader} over the Redis layout the
 * socket nodes write ({@code io.switchboard.presence.PresenceKeys}), with the configured idle limit
 * ({@code switchboard.presence.idle-after}). Everything in message-api that asks who is online (the presence API,
 * auto-assignment, offline email, the widget's "operators online" line) asks {@link #reader()}.
 */
@ApplicationScoped
public class OperatorPresence {
    @Inject
    RedisDataSource redis;

    @Inject
    SwitchboardConfig config;

    private PresenceReader reader;

    @PostConstruct
    void init() {
        reader = new PresenceReader(redis, config.presence().idleAfter());
    }

    /** The reader with this service's idle limit. Its calls block on Redis: call them from a worker thread. */
    public PresenceReader reader() {
        return reader;
    }
}
