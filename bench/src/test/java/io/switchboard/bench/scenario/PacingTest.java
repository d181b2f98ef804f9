package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bench.BenchOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S1, S2 and S3 read their pacing options one way: the same defaults, report entries and message counts as before. */
class PacingTest {
    @Test
    void s1AndS2KeepTheirOwnDefaultsAndReportTheSameParameters() {
        DialogTrafficScenario s1 = DialogTrafficScenario.s1(BenchOptions.parse(List.of()));
        assertThat(s1.parameters()).containsEntry("rate_per_s", "30.0").containsEntry("duration_s", "10.0")
                .containsEntry("warmup_s", "2.0").containsEntry("post_as", "guest");
        assertThat(List.copyOf(s1.parameters().keySet())).containsExactly("dialogs", "operator_sockets_per_dialog",
                "widget_sockets_per_dialog", "rate_per_s", "duration_s", "warmup_s", "post_as", "webhook");

        FanoutScenario s2 = new FanoutScenario(BenchOptions.parse(List.of("--subscribers", "100", "--rate", "4")));
        assertThat(s2.parameters()).containsEntry("broadcasts_per_s", "4.0")
                .containsEntry("offered_deliveries_per_s", "400.0").containsEntry("post_as", "operator");
        assertThat(List.copyOf(s2.parameters().keySet())).containsExactly("subscribers", "broadcasts_per_s",
                "offered_deliveries_per_s", "duration_s", "warmup_s", "post_as");
    }

    @Test
    void warmUpIdsComeFirstAndTheTotalAddsTheMeasuredPhase() {
        Pacing p = Pacing.read(BenchOptions.parse(List.of("--rate", "250", "--duration", "4s", "--warmup", "1s")),
                30, 10, 15, "guest");
        assertThat(p.warmupIds()).isEqualTo(250);
        assertThat(p.total()).isEqualTo(1250);
        assertThat(p.drain().toSeconds()).isEqualTo(15);
        assertThat(p.parallel()).isEqualTo(200);
    }

    @Test
    void postAsTakesOperatorOrGuestAndRefusesAnythingElse() {
        assertThat(Pacing.read(BenchOptions.parse(List.of("--post-as", "operator")), 1, 1, 1, "guest")
                .postAsOperator()).isTrue();
        assertThat(Pacing.read(BenchOptions.parse(List.of("--post-as", "guest")), 1, 1, 1, "operator")
                .postAsOperator()).isFalse();
        assertThatThrownBy(() -> Pacing.read(BenchOptions.parse(List.of("--post-as", "bot")), 1, 1, 1, "guest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--post-as must be operator or guest");
    }
}
