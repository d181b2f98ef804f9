package io.switchboard.socket.limits;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.events.CloseCodes;
import io.switchboard.limits.ClientAddress;
import io.switchboard.limits.Rate;
import io.switchboard.limits.RedisEval;
import io.switchboard.limits.SharedLimiter;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.RequestInfo;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;

/**
 * The socket services' per-address abuse limits, in Redis so they hold in sum over every node (docs/security.md):
 * new sockets and SSE streams, and catch-ups that replay many events. While Redis does not answer they hold per
 * node. Worker threads only (they wait for Redis, at most {@code switchboard.limits.redis-timeout}).
 */
@ApplicationScoped
public class ConnectionLimits {
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    SocketConfig config;

    private SharedLimiter limiter;
    private ClientAddress addresses;
    private Rate upgrades;
    private Rate replays;

    @PostConstruct
    void init() {
        addresses = ClientAddress.trusting(config.trustedProxies());
        upgrades = Rate.setting("upgrades-per-address", config.limits().upgradesPerAddress());
        replays = Rate.setting("replays-per-address", config.limits().replaysPerAddress());
        limiter = new SharedLimiter(RedisEval.over(redis), "limit:", config.limits().redisTimeout(),
                Duration.ofSeconds(5));
    }

    /** The key of the client behind a connection attempt ({@code X-Forwarded-For} only from trusted proxies). */
    public String clientOf(RequestInfo request) {
        return addresses.resolve(request.remoteAddress(), request.header("X-Forwarded-For"));
    }

    /** Counts a new socket or SSE stream of the address; a rejection when over. */
    public Admission.Rejected upgrade(String client) {
        if (!config.limits().enabled()) {
            return null;
        }
        SharedLimiter.Verdict v = SharedLimiter.now(limiter.take("upgrade:addr:" + client, upgrades, 1));
        return v.allowed() ? null : new Admission.Rejected(CloseCodes.RATE_LIMITED, String.format(Locale.ROOT,
                "too many new connections from your address; reconnect in %d s", v.retryAfterSeconds()));
    }

    /**
     * Counts a catch-up of {@code events} events for the address (free up to {@code replay-free-events}); the
     * close reason when over, else null.
     */
    public String replay(String client, long events) {
        if (!config.limits().enabled() || client == null || events <= config.limits().replayFreeEvents()) {
            return null;
        }
        SharedLimiter.Verdict v = SharedLimiter.now(limiter.take("replay:addr:" + client, replays, 1));
        return v.allowed() ? null : String.format(Locale.ROOT, "too many history replays from your address; retry in"
                + " %d s with a recent after_seq", v.retryAfterSeconds());
    }
}
