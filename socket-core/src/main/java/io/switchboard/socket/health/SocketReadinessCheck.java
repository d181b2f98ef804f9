package io.switchboard.socket.health;

import io.switchboard.socket.core.SessionRegistry;
import io.switchboard.socket.redis.RedisSubscriber;
import io.switchboard.socket.store.SocketStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready = the Redis subscriber is connected, PostgreSQL answers, and the node is not draining. */
@Readiness
@ApplicationScoped
public class SocketReadinessCheck implements HealthCheck {
    @Inject
    RedisSubscriber redis;

    @Inject
    SocketStore store;

    @Inject
    SessionRegistry registry;

    @Override
    public HealthCheckResponse call() {
        boolean redisUp = redis.connected();
        boolean dbUp = store.reachable();
        boolean draining = registry.draining();
        return HealthCheckResponse.named("switchboard-socket")
                .status(redisUp && dbUp && !draining)
                .withData("redis_subscriber", redisUp ? "connected" : "disconnected")
                .withData("postgresql", dbUp ? "reachable" : "unreachable")
                .withData("draining", draining)
                .withData("connections", registry.count())
                .build();
    }
}
