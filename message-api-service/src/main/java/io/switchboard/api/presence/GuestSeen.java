package io.switchboard.api.presence;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.presence.PresenceKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A visitor reading their dialog over HTTP (the long-poll fallback, which holds no connection a socket node could
 * count) is "seen": {@code presence:guest-seen:{dialog_id}} moves to now. Fire and forget: Redis being down only
 * leaves "last seen" older.
 */
@ApplicationScoped
public class GuestSeen {
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    SwitchboardConfig config;

    public void seen(long dialogId) {
        redis.value(String.class).psetex(PresenceKeys.guestSeen(dialogId), config.presence().guestSeenTtl().toMillis(),
                Long.toString(System.currentTimeMillis())).subscribe().with(ok -> {
                }, e -> Log.debugf("guest last-seen of dialog %d not written: %s", dialogId, e.toString()));
    }
}
