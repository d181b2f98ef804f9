package io.switchboard.api.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.presence.PresenceReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operators' and visitors' presence as message-api reads it: the one Redis layout the socket nodes write
 * ({@link io.switchboard.presence.PresenceKeys}), read through {@link PresenceReader}.
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
