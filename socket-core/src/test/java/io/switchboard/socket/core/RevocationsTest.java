package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationsTest {

    @Test
    void aSubjectAtItsVersionIsValidAndOneGoneOrMovedOnIsRevokedWithItsCode() {
        Map<String, Long> now = Map.of("user:5", 2L, "member:3:5", 0L, "assistant-token:3", 1L, "other:x", -1L);
        assertThat(Revocations.verdict("user:5", 2, now)).isEmpty();
        assertThat(Revocations.verdict("other:x", 0, now)).as("not checked here").isEmpty();
        assertThat(Revocations.verdict("user:5", 1, now)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(4401);
            assertThat(r.reason()).contains("signed out");
        });
        assertThat(Revocations.verdict("user:6", 0, now)).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("account deactivated"));
        assertThat(Revocations.verdict("member:4:5", 0, now)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(4403);
            assertThat(r.reason()).as("the reason the removal's own revocation message gives")
                    .isEqualTo("removed from assistant 4");
        });
        assertThat(Revocations.verdict("assistant-token:3", 0, now)).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("assistant token rotated or revoked"));
        assertThat(Revocations.verdict("widget:9", 0, now)).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("site token revoked"));
    }

    @Test
    void aMembershipRevocationReachesEveryOperatorSessionOfThatUserAndNoOther() {
        Map<String, Long> annaOnTwoAssistants = Map.of("user:15", 0L, "member:1:15", 0L, "member:2:15", 0L);
        Map<String, Long> admin = Map.of("user:7", 0L);
        Map<String, Long> userFive = Map.of("user:5", 0L, "member:1:5", 0L);
        assertThat(Revocations.carries(annaOnTwoAssistants, "member:2:15")).isTrue();
        assertThat(Revocations.carries(annaOnTwoAssistants, "member:3:15")).as("joined later, followed live").isTrue();
        assertThat(Revocations.carries(userFive, "member:3:15")).isFalse();
        assertThat(Revocations.carries(Map.of("user:5", 0L, "member:1:15", 0L), "member:1:5")).isFalse();
        assertThat(Revocations.carries(admin, "member:1:7")).as("admins see every assistant").isFalse();
        assertThat(Revocations.carries(admin, "user:7")).isTrue();
    }
}
