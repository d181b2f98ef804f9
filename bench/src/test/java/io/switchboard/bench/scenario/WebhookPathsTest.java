package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench reads which way message-api's webhook rows went from its Prometheus text. */
class WebhookPathsTest {
    @Test
    void directClaimedAndEachHandOnReasonAreCountedAndZeroReasonsLeftOut() {
        String metrics = """
                # HELP switchboard_webhooks_direct_total Webhook attempts sent straight after the commit
                # TYPE switchboard_webhooks_direct_total counter
                switchboard_webhooks_direct_total 11873.0
                switchboard_webhooks_claimed_total 120.0
                switchboard_webhooks_handed_on_total{reason="behind-claim",} 97.0
                switchboard_webhooks_handed_on_total{reason="earlier-pending",} 23.0
                switchboard_webhooks_handed_on_total{reason="slot-wait",} 0.0
                switchboard_webhooks_recorded_batch_count 600.0
                switchboard_webhooks_recorded_batch_sum 12000.0
                switchboard_webhooks_recorded_batch_max 77.0
                switchboard_webhooks_delivered_total 11993.0
                """;
        Measurement m = new Measurement();
        DialogTrafficScenario.webhookPaths(m, metrics);
        assertThat(m.counts()).containsEntry("webhook_direct", 11873L).containsEntry("webhook_claimed", 120L)
                .containsEntry("webhook_handed_on_behind_claim", 97L)
                .containsEntry("webhook_handed_on_earlier_pending", 23L)
                .doesNotContainKey("webhook_handed_on_slot_wait").doesNotContainKey("webhook_delivered");
        assertThat(m.figures()).containsEntry("webhook_outcomes_per_bookkeeping_commit", 20.0);
    }

    @Test
    void anApiWithoutTheCountersAddsNothing() {
        Measurement m = new Measurement();
        DialogTrafficScenario.webhookPaths(m, "");
        assertThat(m.counts()).isEmpty();
        assertThat(m.figures()).isEmpty();
    }
}
