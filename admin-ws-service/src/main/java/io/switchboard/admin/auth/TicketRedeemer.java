package io.switchboard.admin.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.events.EventCodec;
import io.switchboard.socket.auth.OperatorPrincipal;
import io.switchboard.socket.config.SocketConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes a one-time socket ticket from Redis with {@code GETDEL}, so it works exactly once on any
 * node. The value is what message-api stored: {@code {"user_id","username","display_name","role","token_exp","tv"}}.
 */
@ApplicationScoped
public class TicketRedeemer {
    @Inject
    RedisDataSource redis;

    @Inject
    SocketConfig config;

    /** The ticket's operator, or empty when it is unknown, expired or already used. Blocks. */
    public Optional<OperatorPrincipal> redeem(String ticket) {
        String json = redis.value(String.class).getdel(config.channels().wsPrefix() + "ticket:" + ticket);
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = EventCodec.mapper().readTree(json);
            long userId = n.path("user_id").asLong();
            String role = n.path("role").asText(null);
            JsonNode exp = n.path("token_exp");
            Instant expiresAt = exp.isNumber() ? Instant.ofEpochSecond(exp.asLong())
                    : exp.isTextual() ? Instant.parse(exp.asText()) : null;
            String username = n.path("username").asText(null);
            String display = n.path("display_name").asText(username);
            if (userId <= 0 || role == null) {
                return Optional.empty();
            }
            return Optional.of(new OperatorPrincipal(userId, username, display, role, null, expiresAt,
                    n.path("tv").asLong(0)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
