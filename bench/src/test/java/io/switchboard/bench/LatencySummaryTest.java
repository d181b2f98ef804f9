package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfMicrosecondValuesAreReportedInMilliseconds() {
        Histogram h = LatencySummary.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L); // 1 ms .. 1000 ms
        }
        LatencySummary s = LatencySummary.ofMicros(h);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isCloseTo(500, within(1.0));
        assertThat(s.p99()).isCloseTo(990, within(1.5));
        assertThat(s.p999()).isCloseTo(999, within(1.5));
        assertThat(s.max()).isCloseTo(1000, within(1.5));
        assertThat(s.figures("delivery")).containsOnlyKeys("delivery_p50_ms", "delivery_p99_ms", "delivery_p999_ms",
                "delivery_max_ms");
    }

    @Test
    void anEmptyHistogramSummarisesToZerosRatherThanFailing() {
        assertThat(LatencySummary.ofMicros(LatencySummary.newHistogram())).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void oneSlowOutlierShowsInTheMaxAndTheTailButNotTheMedian() {
        Histogram h = LatencySummary.newHistogram();
        for (int i = 0; i < 999; i++) {
            h.recordValue(2_000);
        }
        h.recordValue(900_000);
        LatencySummary s = LatencySummary.ofMicros(h);
        assertThat(s.p50()).isCloseTo(2.0, within(0.01));
        assertThat(s.max()).isCloseTo(900, within(1.0));
    }
}
