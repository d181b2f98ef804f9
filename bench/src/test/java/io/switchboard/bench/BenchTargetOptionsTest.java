package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options of the charts and of the hand-built Node target, refused before anything starts when wrong. */
class BenchTargetOptionsTest {

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Bench.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8), null);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expectedCode);
        return out;
    }

    @Test
    void noChartsIsAFlag() {
        BenchOptions o = BenchOptions.parse(List.of("--no-charts", "--target", "node", "--series", "a b"));
        assertThat(o.flag("no-charts")).isTrue();
        assertThat(o.string("target", null)).isEqualTo("node");
        assertThat(o.string("series", null)).isEqualTo("a b");
    }

    @Test
    void theHandBuiltServerIsOfferedOnlyForWhatItServes() {
        assertThat(run(2, "s1", "--target", "elixir")).contains("--target is switchboard or node");
        assertThat(run(2, "s4", "--target", "node")).contains("--target node serves what S1, S2 and S3 need");
        // S2 posts as an operator unless told otherwise; the hand-built server has no takeover
        assertThat(run(2, "s2", "--target", "node")).contains("guests posting");
        assertThat(run(2, "s1", "--target", "node", "--post-as", "operator")).contains("guests posting");
        assertThat(run(2, "s1", "--target", "node", "--webhook")).contains("without webhooks");
        assertThat(run(2, "s1", "--target", "node", "--start")).contains("--start needs the launcher");
    }

    @Test
    void severalNodesAreStartedOnlyWhereTheRunCanUseThem() {
        assertThat(run(2, "s1", "--nodes", "2")).contains("--nodes N").contains("needs --start");
        assertThat(run(2, "s4", "--start", "--nodes", "2")).contains("other than s4");
        assertThat(run(2, "s1", "--start", "--nodes", "0")).contains("N >= 1");
        assertThat(run(2, "s1", "--target", "node", "--start", "--nodes", "2")).contains("--nodes N");
        assertThat(run(2, "s1", "--nodes", "two")).contains("--nodes must be a whole number");
        assertThat(run(0, "help")).contains("--start --nodes N");
    }

    @Test
    void theHelpNamesTheChartsAndTheNodeTarget() {
        assertThat(run(0, "help")).contains("charts").contains("--target node").contains("--no-charts");
    }
}
