package io.switchboard.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One-time socket tickets: a random key {@code ws:ticket:<ticket>} in Redis with a short TTL holding who
 * the caller is; a socket service takes it with GETDEL, so it works once, on any node, and keeps the
 * JWT out of URLs.
 */
@ApplicationScoped
public class TicketService {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;

    public Views.Ticket issue(Caller caller) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ObjectNode value = EventCodec.mapper().createObjectNode();
        value.put("user_id", caller.userId());
        value.put("username", caller.username());
        value.put("display_name", caller.displayName());
        value.put("role", caller.role());
        value.put("token_exp", caller.expiresAt());
        value.put("tv", caller.tokenVersion());
        long ttl = Math.max(1, config.channels().ticketTtl().toSeconds());
        try {
            redis.value(String.class).setex(key(ticket), ttl, value.toString());
        } catch (RuntimeException e) {
            Log.warnf("Could not store a socket ticket in Redis: %s", e.getMessage());
            throw ApiException.unavailable("redis_unavailable", "Socket tickets are stored in Redis, which is"
                    + " unreachable right now; try again shortly (SSE and polling keep working).");
        }
        return new Views.Ticket(ticket, ttl);
    }

    /** The Redis key of a ticket. */
    public String key(String ticket) {
        return config.channels().wsPrefix() + "ticket:" + ticket;
    }
}
