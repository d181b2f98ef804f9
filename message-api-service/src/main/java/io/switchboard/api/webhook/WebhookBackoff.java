package io.switchboard.api.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again. Exponential with "equal jitter": after the n-th failed attempt the wait is
 * between half and all of {@code initial * 2^(n-1)} (capped at {@code max}), so replicas retrying many rows spread
 * out while each gap stays at least as long as the one before. The schedule is stored with the row
 * ({@code next_attempt_at}) rather than held by an in-memory retry operator (Mutiny's {@code withBackOff} or
 * Fault Tolerance's {@code @Retry}): a retry must survive a restart or kill -9 and may run on another replica.
 */
public final class WebhookBackoff {
    private WebhookBackoff() {
    }

    /** The wait after {@code failedAttempts} (1 or more) failed attempts. */
    public static Duration after(int failedAttempts, Duration initial, Duration max) {
        long full = initial.toMillis();
        for (int i = 1; i < failedAttempts && full < max.toMillis(); i++) {
            full *= 2;
        }
        full = Math.min(full, max.toMillis());
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }
}
