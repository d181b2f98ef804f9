package io.switchboard.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void parsesCountsAndPeriods() {
        assertThat(Rate.parse("20/10m")).isEqualTo(new Rate(20, Duration.ofMinutes(10)));
        assertThat(Rate.parse(" 60 / 1m ")).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(Rate.parse("5/h")).isEqualTo(new Rate(5, Duration.ofHours(1)));
        assertThat(Rate.parse("off").off()).isTrue();
    }

    @Test
    void aWrongFormNamesTheExpectedOne() {
        assertThatThrownBy(() -> Rate.parse("20 per minute")).hasMessageContaining("<count>/<period>");
        assertThatThrownBy(() -> Rate.parse("20/0m")).hasMessageContaining("longer than 0");
    }
}
