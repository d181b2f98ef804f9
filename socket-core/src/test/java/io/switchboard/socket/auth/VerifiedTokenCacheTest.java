package io.switchboard.socket.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final VerifiedTokenCache cache = new VerifiedTokenCache(3, now::get);

    private OperatorPrincipal operatorUntil(Instant exp) {
        return new OperatorPrincipal(5L, "op", "Op", OperatorPrincipal.OPERATOR, null, exp);
    }

    @Test
    void aVerifiedTokenIsRecognisedUntilJustBeforeItsExpiry() {
        OperatorPrincipal p = operatorUntil(now.get().plusSeconds(60));
        cache.put("header.payload.sig", p);

        now.set(now.get().plusSeconds(59));
        assertThat(cache.get("header.payload.sig")).isSameAs(p);

        now.set(now.get().plusSeconds(1));
        assertThat(cache.get("header.payload.sig")).as("at exp the token must be verified (and refused) again").isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aDifferentTokenIsNeverAnsweredFromTheCache() {
        cache.put("header.payload.sig", operatorUntil(now.get().plusSeconds(60)));

        assertThat(cache.get("header.payload.sigx")).isNull();
        assertThat(cache.get("header.payload.si")).isNull();
        assertThat(cache.get("header.other.sig")).isNull();
    }

    @Test
    void expiredTokensAndTokensWithoutExpiryAreNotRemembered() {
        cache.put("old", operatorUntil(now.get()));
        cache.put("forever", operatorUntil(null));

        assertThat(cache.get("old")).isNull();
        assertThat(cache.get("forever")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsBoundDroppingExpiredEntriesFirst() {
        cache.put("a", operatorUntil(now.get().plusSeconds(10)));
        cache.put("b", operatorUntil(now.get().plusSeconds(100)));
        cache.put("c", operatorUntil(now.get().plusSeconds(100)));
        now.set(now.get().plusSeconds(20));

        cache.put("d", operatorUntil(now.get().plusSeconds(100)));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("d")).isNotNull();

        cache.put("e", operatorUntil(now.get().plusSeconds(100)));
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aStormOfDistinctTokensNeverGrowsTheCachePastItsBound() {
        VerifiedTokenCache bounded = new VerifiedTokenCache(100, now::get);
        for (int i = 0; i < 10_000; i++) {
            bounded.put("token-" + i, operatorUntil(now.get().plusSeconds(600)));
        }

        assertThat(bounded.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aZeroSizedCacheRemembersNothing() {
        VerifiedTokenCache off = new VerifiedTokenCache(0, now::get);
        off.put("t", operatorUntil(now.get().plusSeconds(60)));

        assertThat(off.get("t")).isNull();
    }
}
