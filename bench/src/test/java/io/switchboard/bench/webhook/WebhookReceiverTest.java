package io.switchboard.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.BenchPayload;
import io.switchboard.bench.MicroClock;
import io.switchboard.bench.load.ExpectedSeqs;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.events.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's receiver over real HTTP: what it counts is what a run reports. */
class WebhookReceiverTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private int post(WebhookReceiver r, String secret, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(r.url())).header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, Instant.now().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String event(long dialogId, long seq, int id, Instant ts) {
        BenchPayload p = new BenchPayload("run1", MicroClock.nowMicros() - 3_000, id);
        Envelope e = Envelope.messageNew(7, new MessagePayload(100 + seq, dialogId, seq, "user", null, p.text(), null,
                Instant.now()));
        return EventCodec.encode(e).replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"" + ts + "\"");
    }

    @Test
    void countsBadSignaturesRepeatsReorderingLossAndTheLatencyFromTheEventsTimestamp() throws Exception {
        String secret = WebhookSignature.newSecret();
        ExpectedSeqs expected = new ExpectedSeqs(2);
        for (int seq = 1; seq <= 3; seq++) {
            expected.stored(0, seq);
            expected.stored(1, seq);
        }
        try (WebhookReceiver r = WebhookReceiver.start("run1", 1)) {
            r.subscribed(secret, Map.of(501L, 0, 502L, 1));
            Instant tenMsAgo = Instant.now().minusMillis(10);
            String first = event(501, 1, 0, tenMsAgo);
            assertThat(post(r, secret, first)).isEqualTo(204);
            assertThat(post(r, secret, event(501, 3, 2, tenMsAgo))).isEqualTo(204);
            assertThat(post(r, secret, event(501, 2, 4, tenMsAgo))).as("late, out of order").isEqualTo(204);
            assertThat(post(r, secret, first)).as("the same event again").isEqualTo(204);
            assertThat(post(r, WebhookSignature.newSecret(), event(502, 1, 1, tenMsAgo))).isEqualTo(401);
            assertThat(post(r, secret, event(502, 2, 3, tenMsAgo))).isEqualTo(204);
            assertThat(r.awaitDrained(expected, Duration.ofMillis(200))).as("dialog 502 seqs 1 and 3").isEqualTo(2);

            WebhookReceiver.Result result = r.result(expected);
            assertThat(result.requests()).isEqualTo(6);
            assertThat(result.badSignature()).isEqualTo(1);
            assertThat(result.duplicates()).isEqualTo(1);
            assertThat(result.outOfOrder()).isEqualTo(1);
            assertThat(result.lost()).isEqualTo(2);
            // ids 2, 4 and 3 are of the measured phase (warm-up: id < 1)
            assertThat(result.commitToReceiver().count()).isEqualTo(3);
            assertThat(result.commitToReceiver().p50()).isGreaterThanOrEqualTo(10.0).isLessThan(5_000.0);
            assertThat(result.sendToReceiver().count()).isEqualTo(3);
            assertThat(result.sendToReceiver().p50()).isGreaterThanOrEqualTo(3.0);
        }
    }
}
