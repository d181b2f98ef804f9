package io.switchboard.api.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.presence.PresenceReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operators' presence as message-api reads it: the one Redis layout of {@code io.switchboard.presence}, written by
 * the admin-ws nodes. An operator idle for longer than {@code switchboard.presence.idle-after} counts as away.
 */
@ApplicationScoped
public class OperatorPresence {
    private final PresenceReader reader;

    @Inject
    public OperatorPresence(RedisDataSource redis,
                            @ConfigProperty(name = "switchboard.presence.idle-after", defaultValue = "PT5M") Duration idleAfter) {
        this.reader = new PresenceReader(redis, idleAfter);
    }

    public PresenceReader reader() {
        return reader;
    }
}
