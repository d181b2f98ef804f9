package io.switchboard.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.api.demobot.DemoBotReplies;
import io.switchboard.events.WebhookSignature;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signature, backoff and the demo bot's answers, without a server. */
class WebhookPureTest {
    @Test
    void aSignatureVerifiesOnlyWithItsSecretBodyAndARecentTimestamp() {
        String secret = WebhookSignature.newSecret();
        String body = "{\"type\":\"message:new\",\"event_id\":\"e1\"}";
        String header = WebhookSignature.header(secret, 1_700_000_000L, body);
        assertThat(header).matches("t=1700000000,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(secret, header, body, 1_700_000_100L, 300)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), header, body, 1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify(secret, header, body + " ", 1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify(secret, header, body, 1_700_001_000L, 300)).as("replayed later").isFalse();
        assertThat(WebhookSignature.verify(secret, "v1=abc", body, 1_700_000_000L, 300)).isFalse();
        assertThat(WebhookSignature.verify(secret, null, body, 1_700_000_000L, 300)).isFalse();
    }

    @Test
    void onlyPublicUnicastAddressesPassTheGuard() throws Exception {
        for (String ok : List.of("8.8.8.8", "93.184.216.34", "100.128.0.1", "2001:4860:4860::8888")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(ok))).as(ok).isTrue();
        }
        for (String no : List.of("127.0.0.1", "127.8.8.8", "10.0.0.1", "172.16.0.1", "172.31.255.1", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
                "fd12:3456::1", "fc00::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(no))).as(no).isFalse();
        }
    }

    @Test
    void theGuardChecksEveryAddressOfANameAndPinsTheFirst() throws Exception {
        URI uri = WebhookTargets.parse("https://bot.example.com:8443/hook");
        InetAddress pub = InetAddress.getByName("93.184.216.34");
        assertThat(WebhookTargets.vet(uri, false, host -> new InetAddress[] {pub})).isEqualTo(pub);
        assertThatThrownBy(() -> WebhookTargets.vet(uri, false,
                host -> new InetAddress[] {pub, InetAddress.getByName("10.0.0.7")}))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("10.0.0.7");
        assertThat(WebhookTargets.vet(uri, true, host -> {
            throw new AssertionError("no lookup when private targets are allowed");
        })).isNull();
        assertThatThrownBy(() -> WebhookTargets.parse("file:///etc/passwd")).isInstanceOf(WebhookTargets.Refused.class);
        assertThatThrownBy(() -> WebhookTargets.parse("http:relative")).isInstanceOf(WebhookTargets.Refused.class);
    }

    @Test
    void loggedEndpointUrlsCarryNoCredentials() {
        assertThat(WebhookDispatcher.withoutUserInfo("https://bot:s3cret@example.com/hook?x=1"))
                .isEqualTo("https://example.com/hook?x=1");
        assertThat(WebhookDispatcher.withoutUserInfo("http://127.0.0.1:3000/")).isEqualTo("http://127.0.0.1:3000/");
    }

    @Test
    void backoffDoublesWithJitterAndStopsAtTheCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        for (int i = 0; i < 200; i++) {
            long first = WebhookBackoff.after(1, initial, max).toMillis();
            long third = WebhookBackoff.after(3, initial, max).toMillis();
            long late = WebhookBackoff.after(30, initial, max).toMillis();
            assertThat(first).isBetween(500L, 1000L);
            assertThat(third).isBetween(2000L, 4000L);
            assertThat(late).isBetween(30_000L, 60_000L);
        }
    }

    @Test
    void theDemoBotAnswersInTheGuestsLanguageAndHandsOverWhenAskedForAPerson() {
        assertThat(DemoBotReplies.to("Привет!").text()).startsWith("Здравствуйте");
        assertThat(DemoBotReplies.to("Hello there").text()).startsWith("Hello!");
        assertThat(DemoBotReplies.to("Сколько стоит?").text()).contains("Тарифы");
        assertThat(DemoBotReplies.to("What are your prices?").text()).contains("Plans");
        assertThat(DemoBotReplies.to("Как долго доставка?").text()).contains("Доставка");
        assertThat(DemoBotReplies.to("позовите оператора").handoff()).isTrue();
        assertThat(DemoBotReplies.to("позовите оператора").text()).contains("оператору");
        assertThat(DemoBotReplies.to("Можно живого человека?").handoff()).isTrue();
        assertThat(DemoBotReplies.to("I want a human").handoff()).isTrue();
        assertThat(DemoBotReplies.to("This is odd").handoff()).isFalse();
        assertThat(DemoBotReplies.to("This is odd").text()).startsWith("I am a demo bot");
        assertThat(DemoBotReplies.to("Что-то непонятное").text()).startsWith("Я демо-бот");
    }
}
