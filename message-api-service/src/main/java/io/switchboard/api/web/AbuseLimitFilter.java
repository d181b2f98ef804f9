package io.switchboard.api.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.service.AbuseLimits;
import io.switchboard.api.service.AbuseLimits.Kind;
import io.switchboard.limits.SharedLimiter;
import io.switchboard.limits.SharedLimiter.Lease;
import io.switchboard.limits.SharedLimiter.Verdict;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-address abuse limits of the guests' endpoints ({@code /api/widget/dialogs…}, {@code /api/site/dialogs…}),
 * checked on the event loop before the endpoint runs: new dialogs, posts, handoff requests, and long-polls
 * waiting at once (per address and per dialog). The per-dialog budget of guest posts is not here: the post spends it
 * in the dialog's row ({@link io.switchboard.api.repository.GuestPostBudget}). A refusal is
 * {@code 429 {"error": "rate_limited"}} with a
 * {@code Retry-After}. Opening a dialog the guest already has costs nothing: its token is given back when the
 * answer is 200 instead of 201.
 */
@ApplicationScoped
public class AbuseLimitFilter {
    private static final Pattern GUEST_PATH = Pattern.compile("/api/(widget|site)/dialogs(?:/(\\d+)/(messages|handoff))?/?");

    @Inject
    AbuseLimits limits;
    @Inject
    SwitchboardConfig config;

    void register(@Observes Router router) {
        // After the body was read (BufferedBodies), so pausing for Redis loses nothing; before every endpoint.
        router.route().pathRegex("/api/(widget|site)/dialogs.*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 2)
                .handler(this::filter);
    }

    void filter(RoutingContext rc) {
        Matcher m = GUEST_PATH.matcher(rc.normalizedPath());
        if (!m.matches()) {
            rc.next();
            return;
        }
        HttpMethod method = rc.request().method();
        String dialog = m.group(2);
        String action = m.group(3);
        boolean post = method == HttpMethod.POST && "messages".equals(action);
        if (!limits.enabled()) {
            rc.next();
            return;
        }
        String client = limits.clientOf(rc.request());
        if (method == HttpMethod.POST && dialog == null) {
            charge(rc, Kind.DIALOG, client, true, rc::next);
        } else if (post) {
            charge(rc, Kind.GUEST_POST, client, false, rc::next);
        } else if (method == HttpMethod.POST && "handoff".equals(action)) {
            charge(rc, Kind.HANDOFF, client, false, rc::next);
        } else if (method == HttpMethod.GET && "messages".equals(action) && waits(rc)) {
            waiter(rc, client, dialog);
        } else {
            rc.next();
        }
    }

    private void charge(RoutingContext rc, Kind kind, String client, boolean refundUnlessCreated, Runnable then) {
        io.vertx.core.Context ctx = rc.vertx().getOrCreateContext();
        String key = AbuseLimits.addressKey(kind, client);
        limits.limiter().take(key, limits.perAddress(kind), 1).whenComplete((v, e) -> ctx.runOnContext(x -> {
            if (v != null && !v.allowed()) {
                refuse(rc, v, kind);
                return;
            }
            if (refundUnlessCreated) {
                rc.addHeadersEndHandler(done -> {
                    if (rc.response().getStatusCode() != 201) {
                        limits.limiter().take(key, limits.perAddress(kind), -1);
                    }
                });
            }
            then.run();
        }));
    }

    private static boolean waits(RoutingContext rc) {
        String wait = rc.request().getParam("wait");
        try {
            return wait != null && Integer.parseInt(wait.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void waiter(RoutingContext rc, String client, String dialog) {
        SwitchboardConfig.Limits l = config.limits();
        // A slot lives at most as long as the longest wait plus a margin, so a crashed replica's slots free up.
        Duration lease = config.longPoll().maxWait().plusSeconds(10);
        String id = UUID.randomUUID().toString();
        io.vertx.core.Context ctx = rc.vertx().getOrCreateContext();
        SharedLimiter limiter = limits.limiter();
        limiter.acquire("longpoll:addr:" + client, l.longPollWaitersPerAddress(), lease, id)
                .thenCompose(byAddress -> byAddress.granted()
                        ? limiter.acquire("longpoll:dialog:" + dialog, l.longPollWaitersPerDialog(), lease, id)
                                .thenApply(byDialog -> List.of(byAddress, byDialog))
                        : CompletableFuture.completedFuture(List.of(byAddress)))
                .whenComplete((leases, e) -> ctx.runOnContext(x -> {
                    if (leases == null) {
                        rc.next();
                        return;
                    }
                    Lease refused = leases.stream().filter(le -> !le.granted()).findFirst().orElse(null);
                    if (refused != null) {
                        leases.forEach(limiter::release);
                        refuse(rc, new Verdict(false, refused.retryAfterMillis(), 0), null);
                        return;
                    }
                    rc.addEndHandler(done -> leases.forEach(limiter::release));
                    rc.next();
                }));
    }

    private static void refuse(RoutingContext rc, Verdict v, Kind kind) {
        String message = kind == null
                ? String.format(Locale.ROOT, "Too many requests are waiting for new messages from your network; wait"
                        + " %d s or use the live connection.", v.retryAfterSeconds())
                : String.format(Locale.ROOT, refusal(kind), v.retryAfterSeconds());
        rc.response().setStatusCode(429)
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", Long.toString(v.retryAfterSeconds()))
                .end(new JsonObject().put("error", "rate_limited").put("message", message).encode());
    }

    private static String refusal(Kind kind) {
        return switch (kind) {
            case DIALOG -> "Too many new conversations from your network; try again in %d s.";
            case GUEST_POST -> "Too many messages from your network; wait %d s and try again.";
            case HANDOFF -> "Too many requests for an operator from your network; try again in %d s.";
        };
    }
}
