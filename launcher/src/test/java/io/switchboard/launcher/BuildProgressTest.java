package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines a person sees while the first {@code ./switchboard up} builds, from Maven's real output lines. */
class BuildProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;
    private final BuildProgress progress = new BuildProgress(out, () -> now);

    private void feed(long atMillis, String... lines) {
        now = atMillis * 1_000_000L;
        for (String line : lines) {
            progress.line(line);
        }
    }

    private List<String> shown() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void eachModuleGetsOneLineWithItsPositionTimeDownloadsAndTheWebSteps() {
        feed(0, "[INFO] Scanning for projects...",
                "Downloaded from central: https://repo.maven.apache.org/maven2/org/x/1/x-1.pom (2 kB at 10 kB/s)",
                "[INFO] Reactor Build Order:",
                "[INFO] Switchboard :: parent                                             [pom]");
        feed(1_000, "[INFO] --------------------< io.switchboard:common-events >--------------------",
                "[INFO] Building Switchboard :: common-events 1.0.0-SNAPSHOT                 [2/14]",
                "[INFO]   from common-events/pom.xml",
                "[INFO] Tests are skipped.",
                "[INFO] Building jar: /work/common-events/target/common-events-1.0.0-SNAPSHOT.jar");
        feed(5_100, "[INFO] Building Switchboard :: web 1.0.0-SNAPSHOT                           [5/14]",
                "Downloaded from central: https://repo.maven.apache.org/maven2/org/y/2/y-2.jar (20 kB at 1 MB/s)",
                "Downloaded from central: https://repo.maven.apache.org/maven2/org/z/3/z-3.jar (20 kB at 1 MB/s)",
                "[web] npm ci (esbuild, typescript from package-lock.json): 6.1 s",
                "[web] esbuild → js/v1/switchboard-client.min.js (37.5 KiB, target es2020,chrome80): 131 ms");
        feed(12_000, "[INFO] Building Switchboard :: message-api-service 1.0.0-SNAPSHOT           [6/14]");
        feed(150_000, "[INFO] ------------------------------------------------------------------------",
                "[INFO] Reactor Summary for Switchboard :: parent 1.0.0-SNAPSHOT:",
                "[INFO] BUILD SUCCESS");

        assertThat(progress.end(Path.of(".switchboard/build.log"))).isZero();
        assertThat(shown()).containsExactly(
                "  preparing Maven … downloaded 1 files",
                "  [ 2/14] common-events … 4.1 s",
                "  [ 5/14] web … 6.9 s (npm ci 6.1 s, esbuild 131 ms, downloaded 2 files)",
                "  [ 6/14] message-api-service … 2 min 18 s",
                "Built 3 modules in 2 min 30 s; tests skipped (./mvnw verify runs them).");
    }

    @Test
    void aFailedBuildNamesTheModuleShowsMavensErrorsAndWhereTheWholeLogIs() {
        feed(0, "[INFO] Building Switchboard :: store 1.0.0-SNAPSHOT                          [3/14]");
        feed(2_500, "[ERROR] /work/store/src/main/java/io/switchboard/store/Dialogs.java:[12,8] ';' expected",
                "[INFO] BUILD FAILURE",
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile");

        assertThat(progress.end(Path.of(".switchboard/build.log"))).isEqualTo(1);
        assertThat(shown()).containsExactly(
                "  [ 3/14] store … failed after 2.5 s",
                "The build failed in store:",
                "[ERROR] /work/store/src/main/java/io/switchboard/store/Dialogs.java:[12,8] ';' expected",
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile",
                "The whole output is in .switchboard/build.log.");
    }

    @Test
    void outputThatEndsWithoutBuildSuccessIsAFailure() {
        feed(0, "[INFO] Building Switchboard :: web 1.0.0-SNAPSHOT");
        feed(300);
        assertThat(progress.end(Path.of("b.log"))).isEqualTo(1);
        assertThat(shown()).first().isEqualTo("  [1/1] web … failed after 0.3 s");
    }

    /**
     * ./switchboard runs it before anything is built ({@code java BuildProgress.java LOG}): the source file must
     * compile alone, with nothing but the JDK, and keep every line of Maven's output in the log.
     */
    @Test
    void runsFromItsSourceFileAloneAndKeepsTheWholeOutputInTheLog(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path source = Path.of("src/main/java/io/switchboard/launcher/BuildProgress.java").toAbsolutePath();
        Path log = dir.resolve("logs/build.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(), log.toString()).redirectErrorStream(true).start();
        List<String> maven = List.of("[INFO] Scanning for projects...",
                "[INFO] Building Switchboard :: common-events 1.0.0-SNAPSHOT                 [1/2]",
                "[INFO] Tests are skipped.",
                "[INFO] Building Switchboard :: store 1.0.0-SNAPSHOT                         [2/2]",
                "[INFO] BUILD SUCCESS");
        try (var in = p.getOutputStream()) {
            in.write((String.join("\n", maven) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(shown).isZero();
        assertThat(shown.lines()).hasSize(3).element(0).asString().startsWith("  [1/2] common-events … ");
        assertThat(shown.lines()).element(2).asString()
                .matches("Built 2 modules in \\d+\\.\\d s; tests skipped \\(\\./mvnw verify runs them\\)\\.");
        assertThat(java.nio.file.Files.readAllLines(log)).isEqualTo(maven);
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertThat(BuildProgress.duration(400_000_000L)).isEqualTo("0.4 s");
        assertThat(BuildProgress.duration(59_940_000_000L)).isEqualTo("59.9 s");
        assertThat(BuildProgress.duration(65_000_000_000L)).isEqualTo("1 min 05 s");
    }
}
