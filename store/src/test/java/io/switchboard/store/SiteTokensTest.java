package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteTokensTest {

    @Test
    void exactHostsAndWildcardsAreMatchedWhateverThePortOrCase() {
        List<String> allowed = List.of("shop.example.com", "*.acme.org");
        assertThat(SiteTokens.allows(allowed, "https://Shop.Example.com:8443", false)).isTrue();
        assertThat(SiteTokens.allows(allowed, "shop.example.com", false)).isTrue();
        assertThat(SiteTokens.allows(allowed, "https://eu.acme.org", false)).isTrue();
        assertThat(SiteTokens.allows(allowed, "https://a.b.acme.org", false)).isTrue();
    }

    @Test
    void lookAlikeHostsAreRefused() {
        List<String> allowed = List.of("shop.example.com", "*.acme.org");
        assertThat(SiteTokens.allows(allowed, "https://evil-shop.example.com", false)).isFalse();
        assertThat(SiteTokens.allows(allowed, "https://shop.example.com.evil.io", false)).isFalse();
        assertThat(SiteTokens.allows(allowed, "https://acme.org", false)).isFalse();
        assertThat(SiteTokens.allows(allowed, "https://notacme.org", false)).isFalse();
        assertThat(SiteTokens.allows(allowed, null, false)).isFalse();
        assertThat(SiteTokens.allows(allowed, "null", false)).isFalse();
    }

    @Test
    void localhostIsAllowedOnlyWhenAsked() {
        assertThat(SiteTokens.allows(List.of(), "http://localhost:3000", true)).isTrue();
        assertThat(SiteTokens.allows(List.of(), "http://127.0.0.1:8080", true)).isTrue();
        assertThat(SiteTokens.allows(List.of(), "http://localhost:3000", false)).isFalse();
    }

    @Test
    void tokensAreRandomAndOnlyTheirHashIsStable() {
        String a = SiteTokens.newToken();
        String b = SiteTokens.newToken();
        assertThat(a).isNotEqualTo(b).startsWith("st_");
        assertThat(SiteTokens.hash(a)).hasSize(64).isEqualTo(SiteTokens.hash(a)).isNotEqualTo(SiteTokens.hash(b));
    }
}
