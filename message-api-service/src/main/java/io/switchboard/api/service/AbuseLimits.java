package io.switchboard.api.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.GuestPostBudget;
import io.switchboard.limits.ClientAddress;
import io.switchboard.limits.Rate;
import io.switchboard.limits.RedisEval;
import io.switchboard.limits.SharedLimiter;
import io.switchboard.limits.SharedLimiter.Verdict;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * message-api's abuse limits (docs/security.md), kept in Redis through {@link SharedLimiter} so they hold in sum
 * across replicas. Per client address they are applied before the endpoint ({@code AbuseLimitFilter}); per
 * assistant by the services, which know the assistant. The per-dialog budget of guest posts is the one kept in
 * PostgreSQL, in the dialog's row, and spent by the post itself ({@link GuestPostBudget}). Every refusal is a 429
 * {@code rate_limited} with a {@code Retry-After}.
 */
@ApplicationScoped
public class AbuseLimits {
    /** The kinds of request limited per address and per assistant. */
    public enum Kind {
        DIALOG("This chat is receiving too many new conversations right now; try again in %d s."),
        GUEST_POST("This chat is receiving too many messages right now; try again in %d s."),
        HANDOFF("The team is receiving too many requests for an operator right now; try again in %d s.");

        /** The refusal of the per-assistant limit (the per-address ones are AbuseLimitFilter's). */
        final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    private static final String TOO_FAST_IN_DIALOG = "You are sending messages too fast; wait %d s and try again.";

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    SwitchboardConfig config;
    @Inject
    DialogRepository dialogs;

    private SharedLimiter limiter;
    private ClientAddress addresses;
    private Rate dialogsPerAddress;
    private Rate dialogsPerAssistant;
    private Rate postsPerAddress;
    private Rate postsPerAssistant;
    private Rate handoffsPerAddress;
    private Rate handoffsPerAssistant;
    private Rate loginFailuresPerAddress;
    private GuestPostBudget guestPostBudget;

    @PostConstruct
    void init() {
        SwitchboardConfig.Limits l = config.limits();
        addresses = ClientAddress.trusting(config.trustedProxies());
        dialogsPerAddress = Rate.setting("dialogs-per-address", l.dialogsPerAddress());
        dialogsPerAssistant = Rate.setting("dialogs-per-assistant", l.dialogsPerAssistant());
        postsPerAddress = Rate.setting("guest-posts-per-address", l.guestPostsPerAddress());
        postsPerAssistant = Rate.setting("guest-posts-per-assistant", l.guestPostsPerAssistant());
        handoffsPerAddress = Rate.setting("handoffs-per-address", l.handoffsPerAddress());
        handoffsPerAssistant = Rate.setting("handoffs-per-assistant", l.handoffsPerAssistant());
        loginFailuresPerAddress = Rate.setting("login-failures-per-address", l.loginFailuresPerAddress());
        int perMinute = Math.max(0, l.guestMessagesPerMinute());
        guestPostBudget = perMinute == 0 ? null : new GuestPostBudget(perMinute, perMinute / 60.0);
        limiter = new SharedLimiter(RedisEval.over(redis), "limit:", l.redisTimeout(), Duration.ofSeconds(5));
    }

    /** The limiter, for the filter's asynchronous checks. */
    public SharedLimiter limiter() {
        return limiter;
    }

    /** True when the per-address and per-assistant limits apply. */
    public boolean enabled() {
        return config.limits().enabled();
    }

    /** The key of the client behind a request ({@code X-Forwarded-For} only from trusted proxies). */
    public String clientOf(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return addresses.resolve(peer, request.getHeader("X-Forwarded-For"));
    }

    /** The per-address rate of a kind. */
    public Rate perAddress(Kind kind) {
        return switch (kind) {
            case DIALOG -> dialogsPerAddress;
            case GUEST_POST -> postsPerAddress;
            case HANDOFF -> handoffsPerAddress;
        };
    }

    private Rate perAssistant(Kind kind) {
        return switch (kind) {
            case DIALOG -> dialogsPerAssistant;
            case GUEST_POST -> postsPerAssistant;
            case HANDOFF -> handoffsPerAssistant;
        };
    }

    /** Redis key of a kind's per-address bucket. */
    public static String addressKey(Kind kind, String client) {
        return kind.name().toLowerCase(Locale.ROOT) + ":addr:" + client;
    }

    /** Counts one request of {@code kind} for the assistant; 429 when over. Worker thread. */
    public void forAssistant(Kind kind, long assistantId) {
        if (!enabled()) {
            return;
        }
        refuseUnless(verdict(() -> limiter.take(kind.name().toLowerCase(Locale.ROOT) + ":asst:" + assistantId,
                perAssistant(kind), 1)), kind.message);
    }

    /**
     * {@link #forAssistant} without waiting, for the event loop: the verdict once Redis (or, when it is slow or down,
     * the local rule) answers; allowed at once when the limits are off. {@link #refusal} is a refusal's 429, the same
     * as {@link #forAssistant}'s.
     */
    CompletionStage<Verdict> forAssistantLater(Kind kind, long assistantId) {
        if (!enabled()) {
            return java.util.concurrent.CompletableFuture.completedFuture(Verdict.ALLOWED);
        }
        return limiter.take(kind.name().toLowerCase(Locale.ROOT) + ":asst:" + assistantId, perAssistant(kind), 1);
    }

    /** {@link #forAssistant}'s 429 for a refused verdict. */
    static ApiException refusal(Kind kind, Verdict v) {
        return refusal(v, kind.message);
    }

    /**
     * The dialog's budget of guest posts ({@code guest-messages-per-minute}; always on, off only at 0), kept in the
     * dialog's row and spent by the post itself ({@link GuestPostBudget}); {@code null} when off.
     */
    public GuestPostBudget guestPostBudget() {
        return guestPostBudget;
    }

    /**
     * Refuses (429) while the dialog's guest budget is empty, spending nothing: an upload asks before it prepares the
     * file, and its message spends the token like a text post's.
     */
    public void requireGuestPostBudget(long dialogId) {
        long wait = guestPostBudget == null ? 0 : dialogs.guestPostWait(dialogId, guestPostBudget);
        if (wait > 0) {
            throw tooFastInDialog(wait);
        }
    }

    /** The 429 of a dialog whose guest budget is empty for another {@code waitMillis}. */
    public static ApiException tooFastInDialog(long waitMillis) {
        return refusal(new Verdict(false, waitMillis, 0), TOO_FAST_IN_DIALOG);
    }

    /**
     * Asks the limiter and waits for its answer outside the caller's transaction. The Redis client's callbacks carry
     * the context they were called in to the event loop, a transaction included, and a commit racing such a callback
     * fails ("committing with 2 threads active"); with the transaction suspended, none is carried.
     */
    private static <T> T verdict(Supplier<CompletionStage<T>> ask) {
        return QuarkusTransaction.suspendingExisting().call(() -> SharedLimiter.now(ask.get()));
    }

    private static void refuseUnless(Verdict v, String message) {
        if (!v.allowed()) {
            throw refusal(v, message);
        }
    }

    private static ApiException refusal(Verdict v, String message) {
        return ApiException.rateLimited(String.format(Locale.ROOT, message, v.retryAfterSeconds()),
                v.retryAfterSeconds());
    }

    // ---- logins ----

    /**
     * Before a password is checked: refused while the address has used up its failures (spraying), or while the
     * growing delay of this name from this address runs. Another address is never held up by these.
     */
    public void beforeLogin(String client, String username) {
        if (!enabled()) {
            return;
        }
        Verdict address = verdict(() -> limiter.take(loginAddressKey(client), loginFailuresPerAddress, 0));
        if (!address.allowed()) {
            throw ApiException.rateLimited(String.format(Locale.ROOT, "Too many failed logins from your network;"
                    + " try again in %d s.", address.retryAfterSeconds()), address.retryAfterSeconds());
        }
        Verdict name = verdict(() -> limiter.delayCheck(loginNameKey(client, username)));
        if (!name.allowed()) {
            throw ApiException.rateLimited(String.format(Locale.ROOT, "Too many failed logins for this user from"
                    + " your network; try again in %d s.", name.retryAfterSeconds()), name.retryAfterSeconds());
        }
    }

    /** A wrong password: counts for the address and grows the delay of this name from this address. */
    public void loginFailed(String client, String username) {
        if (!enabled()) {
            return;
        }
        verdict(() -> limiter.take(loginAddressKey(client), loginFailuresPerAddress, 1));
        SwitchboardConfig.Limits l = config.limits();
        verdict(() -> limiter.delayFail(loginNameKey(client, username), l.loginFreeFailures(), l.loginDelay(),
                l.loginMaxDelay(), l.loginMaxDelay().plus(Duration.ofMinutes(15))));
    }

    /** A right password: the delay of this name from this address is forgotten. */
    public void loginSucceeded(String client, String username) {
        if (!enabled()) {
            return;
        }
        verdict(() -> limiter.delayClear(loginNameKey(client, username)));
    }

    private static String loginAddressKey(String client) {
        return "login:addr:" + client;
    }

    private static String loginNameKey(String client, String username) {
        return "login:name:" + username.trim().toLowerCase(Locale.ROOT) + ":" + client;
    }
}
