package io.switchboard.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiteTokenVerifierTest {
    @Test
    void originsAreComparedBySchemeHostAndPortIgnoringCase() {
        assertThat(SiteTokenVerifier.normalizeOrigin("HTTP://LocalHost:8080")).isEqualTo("http://localhost:8080");
        assertThat(SiteTokenVerifier.normalizeOrigin("https://chat.example.com/")).isEqualTo("https://chat.example.com");
        assertThat(SiteTokenVerifier.normalizeOrigin("https://chat.example.com"))
                .isNotEqualTo(SiteTokenVerifier.normalizeOrigin("http://chat.example.com"));
    }

    @Test
    void somethingThatIsNotAnOriginMatchesNothing() {
        assertThat(SiteTokenVerifier.normalizeOrigin("null")).isNull();
        assertThat(SiteTokenVerifier.normalizeOrigin("")).isNull();
        assertThat(SiteTokenVerifier.normalizeOrigin("shop.example.com")).isNull();
    }
}
