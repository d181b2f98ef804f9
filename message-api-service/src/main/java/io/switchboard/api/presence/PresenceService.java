package io.switchboard.api.presence;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.service.ApiException;
import io.switchboard.presence.PresenceKeys;
import io.switchboard.presence.PresenceReader;
import io.switchboard.presence.PresenceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The presence API: who of an assistant's members is online, away or offline ({@code GET /api/presence}), and an
 * operator's own away flag and activity ({@code PUT /api/presence/me}, {@code POST /api/presence/me/activity}).
 * Only members of the assistant (and admins) read its members' presence.
 */
@ApplicationScoped
public class PresenceService {
    /** Activity is remembered this long; the idle limit is minutes, so only its age within the limit matters. */
    static final Duration ACTIVE_TTL = Duration.ofDays(7);

    @Inject
    OperatorPresence presence;
    @Inject
    PresenceMembers members;
    @Inject
    PresenceAnnouncer announcer;
    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;

    /** One member on {@code GET /api/presence}. */
    public record MemberPresence(long userId, String username, String displayName, String role, String state) {
    }

    /** {@code GET /api/presence?assistant_id=}: the members, by display name, with the idle limit that applies. */
    public record AssistantPresence(long assistantId, long idleAfterSeconds, List<MemberPresence> members) {
    }

    /** The caller's own state. */
    public record Mine(long userId, String state, @JsonProperty("away") boolean awayByHand) {
    }

    /** The members of an assistant the caller belongs to (any assistant for an admin, its own for an assistant token). */
    public AssistantPresence of(Caller caller, Long assistantId) {
        if (assistantId == null) {
            throw ApiException.validation("assistant_id is required: GET /api/presence?assistant_id=<id>.");
        }
        if (caller.isService()) {
            throw ApiException.forbidden("A service token cannot read presence.");
        }
        List<PresenceMembers.Member> list = members.of(assistantId);
        if (caller.isAssistant()) {
            if (caller.assistantId() != assistantId) {
                throw ApiException.forbidden("This assistant token reads its own assistant's presence only.");
            }
        } else if (!caller.isAdmin()) {
            long me = caller.userId();
            if (list.stream().noneMatch(m -> m.userId() == me)) {
                throw ApiException.forbidden("You are not a member of this assistant.");
            }
        } else if (list.isEmpty() && !members.assistantExists(assistantId)) {
            throw ApiException.assistantNotFound(assistantId);
        }
        Map<Long, PresenceState> states = redis(() -> presence.reader()
                .states(list.stream().map(PresenceMembers.Member::userId).toList()));
        return new AssistantPresence(assistantId, config.presence().idleAfter().toSeconds(), list.stream()
                .map(m -> new MemberPresence(m.userId(), m.username(), m.displayName(), m.role(),
                        states.get(m.userId()).wire()))
                .toList());
    }

    /** {@code PUT /api/presence/me}: away by hand ({@code away}) or back ({@code online}, which also counts as activity). */
    public Mine set(Caller caller, String state) {
        long userId = caller.userId();
        if (!"away".equals(state) && !"online".equals(state)) {
            throw ApiException.validation("state must be \"online\" or \"away\".");
        }
        redis(() -> {
            if ("away".equals(state)) {
                redis.value(String.class).set(PresenceKeys.away(userId), Long.toString(System.currentTimeMillis()));
            } else {
                redis.key(String.class).del(PresenceKeys.away(userId));
                markActive(userId);
            }
            return null;
        });
        return mine(userId);
    }

    /** {@code GET /api/presence/me}. */
    public Mine me(Caller caller) {
        return mine(caller.userId());
    }

    /** {@code POST /api/presence/me/activity}: a person is at the keyboard; an idle operator is online again. */
    public Mine activity(Caller caller) {
        long userId = caller.userId();
        redis(() -> {
            markActive(userId);
            return null;
        });
        return mine(userId);
    }

    private Mine mine(long userId) {
        PresenceState state = redis(() -> announcer.announce(userId));
        boolean away = redis(() -> redis.key(String.class).exists(PresenceKeys.away(userId)));
        return new Mine(userId, state.wire(), away);
    }

    private void markActive(long userId) {
        redis.value(String.class).psetex(PresenceKeys.active(userId), ACTIVE_TTL.toMillis(),
                Long.toString(System.currentTimeMillis()));
    }

    /** The reader this service uses (for tests and callers that want the same idle limit). */
    public PresenceReader reader() {
        return presence.reader();
    }

    private static <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            Log.warnf("presence: Redis did not answer: %s", e.toString());
            throw ApiException.unavailable("redis_unavailable", "Presence is kept in Redis, which is unreachable right"
                    + " now; try again shortly.");
        }
    }

    /** When the visitor was last seen, as an instant (null when never). */
    public static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
