package io.switchboard.api.service;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.limits.ClientAddress;
import io.switchboard.limits.Rate;
import io.switchboard.limits.RedisEval;
import io.switchboard.limits.SharedLimiter;
import io.switchboard.limits.SharedLimiter.Verdict;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
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
 * assistant and per dialog by the services, which know the assistant. Every refusal is a 429
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
    CurrentVertxRequest currentRequest;

    private SharedLimiter limiter;
    private ClientAddress addresses;
    private Rate dialogsPerAddress;
    private Rate dialogsPerAssistant;
    private Rate postsPerAddress;
    private Rate postsPerAssistant;
    private Rate handoffsPerAddress;
    private Rate handoffsPerAssistant;
    private Rate loginFailuresPerAddress;
    private Rate guestPostsPerDialog;

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
        guestPostsPerDialog = new Rate(Math.max(0, l.guestMessagesPerMinute()), Duration.ofMinutes(1));
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
     * The verdict of the per-dialog charge the filter took for this request's post, claimed as
     * {@link #guestPostInDialog} claims it, without waiting; null when there is none (then {@link #guestPostInDialog}
     * asks the limiter on a worker thread).
     */
    Verdict claimPrecharged(long dialogId) {
        DialogCharge pre = precharged(dialogId);
        return pre == null ? null : pre.claim();
    }

    /** Counts one guest post in a dialog (always on: {@code guest-messages-per-minute}); 429 when over. */
    public void guestPostInDialog(long dialogId) {
        DialogCharge pre = precharged(dialogId);
        Verdict v = pre != null ? pre.claim()
                : verdict(() -> limiter.take(dialogKey(dialogId), guestPostsPerDialog, 1));
        refuseUnless(v, TOO_FAST_IN_DIALOG);
    }

    /**
     * A guest post's per-dialog charge, taken by {@code AbuseLimitFilter} on the event loop before the endpoint runs,
     * so the worker does not wait for Redis (in S1 that wait was a thread park and wake-up per post, and 4 % of
     * message-api's CPU with the transaction suspension around it). The post claims it where it used to ask Redis;
     * a request that never gets there (a bad credential, a bad body) gives it back when it answers, so what is
     * counted is what was counted before.
     */
    public static final class DialogCharge {
        /** The routing context's key of the charge. */
        public static final String KEY = "switchboard.guest-post-charge";
        final long dialogId;
        final Verdict verdict;
        private volatile boolean claimed;

        public DialogCharge(long dialogId, Verdict verdict) {
            this.dialogId = dialogId;
            this.verdict = verdict;
        }

        Verdict claim() {
            claimed = true;
            return verdict;
        }

        /** True when a token was taken and the post never counted it: the filter gives it back. */
        public boolean unclaimed() {
            return verdict.allowed() && !claimed;
        }
    }

    /** Takes one guest post of the dialog's budget without waiting (the filter's pre-charge). */
    public CompletionStage<Verdict> chargeGuestPost(long dialogId) {
        return limiter.take(dialogKey(dialogId), guestPostsPerDialog, 1);
    }

    /** Gives back a pre-charge the post never claimed. */
    public void refundGuestPost(long dialogId) {
        limiter.take(dialogKey(dialogId), guestPostsPerDialog, -1);
    }

    private static String dialogKey(long dialogId) {
        return "guest_post:dialog:" + dialogId;
    }

    /** The charge the filter took for this request's post to {@code dialogId}; null outside such a request. */
    private DialogCharge precharged(long dialogId) {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext rc = currentRequest.getCurrent();
        DialogCharge c = rc == null ? null : rc.get(DialogCharge.KEY);
        return c != null && c.dialogId == dialogId ? c : null;
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
