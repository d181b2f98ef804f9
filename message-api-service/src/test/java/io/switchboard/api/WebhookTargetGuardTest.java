package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.api.webhook.WebhookEndpoint;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.events.WebhookSignature;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard as prod runs it ({@code switchboard.webhooks.allow-private-targets=false}): an endpoint may not point
 * at loopback, link-local (the cloud metadata address), private or unique-local addresses, neither when it is saved
 * nor when a delivery leaves (a name may resolve elsewhere later).
 */
@QuarkusTest
@TestProfile(WebhookTargetGuardTest.PrivateTargetsRefused.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WebhookTargetGuardTest {
    /** The test profile with the guard on. */
    public static class PrivateTargetsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.webhooks.allow-private-targets", "false");
        }
    }

    WebhookReceiver receiver;
    long assistantId;
    String path;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
        assistantId = createAssistant(unique("guarded"));
        path = "/api/assistants/" + assistantId + "/webhooks";
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void endpointsOnLocalPrivateAndMetadataAddressesAreRefusedWithAReason() {
        for (String url : List.of(receiver.url(), "http://localhost:9/hook", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/hook", "https://192.168.0.10/hook", "http://172.16.5.5/hook", "http://[::1]:8080/hook",
                "http://[fd00::5]/hook", "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0:8080/hook")) {
            as(admin()).body(Map.of("url", url, "events", List.of("guest.message"))).post(path)
                    .then().statusCode(400).body("error", is("webhook_target_private"))
                    .body("message", containsString("allow-private-targets"));
        }
        as(admin()).body(Map.of("url", "gopher://example.com/", "events", List.of("guest.message"))).post(path)
                .then().statusCode(400).body("error", is("validation")).body("message", containsString("http"));
        as(admin()).body(Map.of("url", "https://no-such-host.invalid/hook", "events", List.of("guest.message")))
                .post(path).then().statusCode(400).body("error", is("webhook_host_unresolved"));
        as(admin()).get(path).then().statusCode(200).body("endpoints.size()", is(0));

        // A public address is accepted (an IP literal: no DNS needed), and cannot be moved to a private one later.
        long id = ((Number) as(admin()).body(Map.of("url", "https://93.184.216.34/hook", "events",
                List.of("guest.message"))).post(path).then().statusCode(201).extract().path("id")).longValue();
        as(admin()).body(Map.of("url", "http://169.254.169.254/latest/meta-data/")).put(path + "/" + id)
                .then().statusCode(400).body("error", is("webhook_target_private"));
        as(admin()).get(path).then().statusCode(200).body("endpoints[0].url", is("https://93.184.216.34/hook"));
    }

    @Test
    void aDeliveryToAnAddressThatIsPrivateByNowIsNotSentAndSaysWhy() {
        // As if the endpoint's name had resolved to a public address when it was saved and to loopback now: the row
        // is written directly, since the API would refuse it.
        QuarkusTransaction.requiringNew().run(() -> {
            WebhookEndpoint e = new WebhookEndpoint();
            e.assistantId = assistantId;
            e.url = receiver.url();
            e.events = new String[] {WebhookKinds.GUEST_MESSAGE};
            e.secret = WebhookSignature.newSecret();
            e.createdAt = Instant.now();
            e.updatedAt = e.createdAt;
            e.persist();
        });
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "hello")).then().statusCode(201);
        String deliveries = "/api/assistants/" + assistantId + "/webhook-deliveries";
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> as(admin()).get(deliveries).then().statusCode(200)
                .extract().jsonPath().getInt("deliveries[0].attempts") >= 1);
        as(admin()).get(deliveries).then().statusCode(200).body("deliveries[0].status", is("pending"))
                .body("deliveries[0].last_error", containsString("127.0.0.1"))
                .body("deliveries[0].last_error", containsString("allow-private-targets"));
        assertThat(receiver.hits()).as("nothing reached the loopback receiver").isEmpty();
    }
}
