package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void valuesFlagsAndDurationsAreRead() {
        BenchOptions o = BenchOptions.parse(List.of("--rate", "1000", "--start", "--duration=2m", "--warmup", "500ms"));
        assertThat(o.decimal("rate", 1)).isEqualTo(1000);
        assertThat(o.flag("start")).isTrue();
        assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.duration("warmup", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(o.integer("dialogs", 20)).isEqualTo(20);
        assertThat(o.unused()).isEmpty();
    }

    @Test
    void aMisspeltOptionIsReportedInsteadOfSilentlyIgnored() {
        BenchOptions o = BenchOptions.parse(List.of("--rtae", "5"));
        o.decimal("rate", 1);
        assertThat(o.unused()).containsExactly("rtae");
    }

    @Test
    void aValueThatIsNotANumberIsRefusedNamingTheOption() {
        BenchOptions o = BenchOptions.parse(List.of("--dialogs", "many"));
        assertThatThrownBy(() -> o.integer("dialogs", 1)).hasMessageContaining("--dialogs");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rate"))).hasMessageContaining("needs a value");
    }

    @Test
    void webhookIsAFlagOfTheDialogScenariosAndNeedsGuestPosts() {
        BenchOptions o = BenchOptions.parse(List.of("--webhook", "--rate", "50"));
        assertThat(io.switchboard.bench.scenario.DialogTrafficScenario.s1(o).parameters().get("webhook"))
                .startsWith("receiver in the bench");
        assertThat(o.unused()).isEmpty();
        assertThatThrownBy(() -> io.switchboard.bench.scenario.DialogTrafficScenario.s1(
                BenchOptions.parse(List.of("--webhook", "--post-as", "operator"))))
                .hasMessageContaining("--post-as guest");
        BenchOptions s2 = BenchOptions.parse(List.of("--webhook"));
        new io.switchboard.bench.scenario.FanoutScenario(s2);
        assertThat(s2.unused()).as("S2 has no webhook receiver").containsExactly("webhook");
    }
}
