package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-assistant limit of guest posts, asked on the event loop without waiting for Redis when the guest is
 * remembered: over it, the assistant's own guest gets 429 {@code rate_limited} with a {@code Retry-After}, and a
 * guest of another assistant trying its dialog still hears only 403 (the refusal checks the dialog first).
 */
@QuarkusTest
@TestProfile(GuestPostAssistantLimitTest.ThreePerAssistant.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestPostAssistantLimitTest {
    /** Three guest posts per assistant and minute. */
    public static class ThreePerAssistant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.limits.guest-posts-per-assistant", "3/1m");
        }
    }

    @Test
    void overTheAssistantsLimitItsGuestGets429AndAStrangerStill403() {
        long assistantId = createAssistant(unique("busy"));
        long other = createAssistant(unique("other"));
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        String stranger = unique("stranger");
        long strangersDialog = openDialog(other, stranger);
        for (int i = 1; i <= 3; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "m" + i)).then().statusCode(201);
            guestPost(other, stranger, strangersDialog, Map.of("text", "s" + i)).then().statusCode(201);
        }
        guestPost(assistantId, guest, dialog, Map.of("text", "m4")).then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+")).body("error", is("rate_limited"))
                .body("message", matchesPattern(
                        "This chat is receiving too many messages right now; try again in \\d+ s\\."));
        // The other assistant is over its limit too, and its guest trying this assistant's dialog hears 403, not 429.
        json().queryParam("assistant_id", other).queryParam("guest_token", guestToken(other, stranger))
                .body(Map.of("text", "in")).post("/api/widget/dialogs/" + dialog + "/messages")
                .then().statusCode(403).body("message", is(DialogAccess.NOT_YOUR_DIALOG));
        guestPost(other, stranger, strangersDialog, Map.of("text", "s4")).then().statusCode(429);
        assertThat(guestMessages(assistantId, guest, dialog)).extracting(m -> m.get("text"))
                .containsExactly("m1", "m2", "m3");
    }
}
