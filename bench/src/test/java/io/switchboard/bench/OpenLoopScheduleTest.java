package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void messagesFallDueAtFixedIntervalsFromTheStart() {
        OpenLoopSchedule s = new OpenLoopSchedule(1000, 100, 0);
        assertThat(s.dueBy(-1)).isZero();
        assertThat(s.dueBy(0)).isEqualTo(1);
        assertThat(s.dueBy(10 * MS)).isEqualTo(11);
        assertThat(s.intendedNanos(10)).isEqualTo(10 * MS);
    }

    @Test
    void aLateSenderGetsEveryMessageThatBecameDueAtOnceSoTheOfferedLoadNeverDrops() {
        OpenLoopSchedule s = new OpenLoopSchedule(100, 1000, 0);
        assertThat(s.takeDue(0)).containsExactly(0, 1);
        // the sender stalled for half a second: 50 more are due and all are handed out now
        assertThat(s.takeDue(500 * MS)).containsExactly(1, 50);
        assertThat(s.takeDue(500 * MS)).containsExactly(51, 0);
    }

    @Test
    void theRunIsBoundedByItsTotalHoweverLongItRuns() {
        OpenLoopSchedule s = new OpenLoopSchedule(1000, 5, 0);
        assertThat(s.takeDue(3_600_000 * MS)).containsExactly(0, 5);
        assertThat(s.finished()).isTrue();
        assertThat(s.takeDue(7_200_000 * MS)[1]).isZero();
        assertThat(s.plannedNanos()).isEqualTo(4 * MS);
    }

    @Test
    void fractionalRatesSpaceMessagesEvenly() {
        OpenLoopSchedule s = new OpenLoopSchedule(2.5, 10, 0);
        assertThat(s.intendedNanos(1)).isEqualTo(400 * MS);
        assertThat(s.dueBy(999 * MS)).isEqualTo(3);
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
