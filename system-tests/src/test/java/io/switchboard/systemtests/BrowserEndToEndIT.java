package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.launcher.LocalSystem;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The widget and the dashboard in real headless Chromium against the real services: runs the
 * playwright-core scenarios of {@code browser-tests/} (node's test runner) against the shared
 * system and reports every scenario as a test of its own, so a failure names the scenario.
 *
 * <p>The shared system fits: dev profile (demo site token {@code st_dev_demo_token}, admin user),
 * public URLs on {@code http://localhost:<port>} with that origin trusted, and a guest rate limit
 * the scenarios never reach. The scenarios sign the dashboard in as an operator of the demo
 * assistant only, so dialogs other system tests create never show in its list. The dev profile
 * also runs the demo bot; the suite keeps its webhook endpoint off except in the demo bot's own
 * scenario (and restores it afterwards).
 *
 * <p>The files run in lanes: one lane per two cores (so one on a 2-core CI machine, where a second system would
 * take the headroom the scenarios' 1-second assertions need), or {@code -Dbrowser.lanes=N}. Each lane
 * takes the next file when its last one is done, the first on the shared system, the second on a
 * {@linkplain SharedSystem#twin() twin} of it started meanwhile. The files share the demo assistant,
 * its bot and its operator (a scenario switches the bot on; another counts the operator's unread
 * dialogs), so two files on one system would see each other; on two systems each file sees exactly
 * what it saw when the files ran one by one. Every file is its own node process and Chromium, as
 * {@code node --test} always ran them.
 */
class BrowserEndToEndIT {
    private static final Duration SUITE_LIMIT = Duration.ofMinutes(12);
    private static final Duration NPM_LIMIT = Duration.ofMinutes(4);
    private static final Pattern RESULT = Pattern.compile("^(\\s*)(not ok|ok) \\d+ - (.*?)(?: # (?:SKIP|TODO).*)?$");
    private static final Pattern DURATION = Pattern.compile("duration_ms: ([0-9.]+)");

    @TestFactory
    Stream<DynamicTest> browserScenariosPassInHeadlessChromium() throws Exception {
        Path project = SharedSystem.projectDir();
        Path suite = project.resolve("browser-tests");
        String chromium = chromium().orElseThrow(() -> new AssertionError(
                "Chromium is not installed: the browser end-to-end tests drive Debian's /usr/bin/chromium. "
                        + "Install it with `apt-get install chromium` (.ci/run does), or point CHROMIUM_PATH at a Chromium binary."));
        String node = onPath("node").orElseThrow(() -> new AssertionError(
                "node (>= 20) is not on the PATH: the browser tests run with node's test runner. "
                        + "Install it with `apt-get install nodejs npm` (.ci/run does)."));
        if (!Files.isDirectory(suite.resolve("node_modules/playwright-core"))
                || !Files.isDirectory(suite.resolve("node_modules/@axe-core/playwright"))) {
            String npm = onPath("npm").orElseThrow(() -> new AssertionError(
                    "npm is not on the PATH and browser-tests/node_modules is missing: install npm "
                            + "(`apt-get install npm`; .ci/run does) so playwright-core can be installed."));
            Run install = run(List.of(npm, "ci", "--no-audit", "--no-fund"), suite, Map.of(), NPM_LIMIT, "npm");
            if (install.exit != 0) {
                fail("`npm ci` in browser-tests/ failed (exit " + install.exit + "); playwright-core comes from the npm registry:\n"
                        + install.tail());
            }
        }

        List<String> files;
        try (var listing = Files.list(suite)) {
            files = listing.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".test.mjs")).sorted().toList();
        }
        Path target = suite.resolve("target");
        Files.createDirectories(target);
        try (var old = Files.list(target)) {
            for (Path f : old.filter(f -> f.getFileName().toString().endsWith(".tap")).toList()) {
                Files.delete(f);
            }
        }
        int lanes = Math.max(1, Math.min(Integer.getInteger("browser.lanes",
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2)), files.size()));
        System.out.println("[browser] running browser-tests/" + files + " in " + chromium + ", " + lanes
                + (lanes == 1 ? " file at a time" : " files at a time, each lane on a system of its own"));
        // Each lane takes the next file when it is free; every file is its own node process and Chromium.
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(files);
        Map<String, FileRun> runs = new ConcurrentHashMap<>();
        List<AssertionError> laneFailures = Collections.synchronizedList(new ArrayList<>());
        Instant deadline = Instant.now().plus(SUITE_LIMIT);
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        List<Future<?>> laneRuns = new ArrayList<>();
        try {
            for (int lane = 0; lane < lanes; lane++) {
                int n = lane;
                String prefix = lanes == 1 ? "browser" : "browser " + (n + 1);
                laneRuns.add(pool.submit(() -> {
                    // The first lane runs on the shared system at once; the second starts a twin of it meanwhile.
                    LocalSystem system;
                    try {
                        system = n == 0 ? SharedSystem.get() : SharedSystem.twin();
                    } catch (RuntimeException e) {
                        // the other lane takes every file; the failure is reported below
                        laneFailures.add(new AssertionError("the system of browser lane " + (n + 1) + " did not start", e));
                        return null;
                    }
                    String api = system.publicUrl(MESSAGE_API);
                    for (String file = queue.poll(); file != null; file = queue.poll()) {
                        runs.put(file, runFile(node, chromium, suite, file, api, prefix, deadline));
                    }
                    return null;
                }));
            }
            for (Future<?> f : laneRuns) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            LocalSystem twin = SharedSystem.twinIfStarted();
            if (twin != null) {
                twin.close(); // its logs stay for ZeroCredentialsInLogsIT
            }
        }
        System.out.println("[browser] screenshots: " + suite.resolve("target/screenshots"));

        List<DynamicTest> results = new ArrayList<>();
        for (AssertionError e : laneFailures) {
            results.add(DynamicTest.dynamicTest(e.getMessage(), () -> {
                throw e;
            }));
        }
        for (String file : files) {
            FileRun run = runs.get(file);
            if (run == null) {
                results.add(DynamicTest.dynamicTest(file + " ran", () -> fail("no browser lane ran " + file)));
                continue;
            }
            for (ScenarioResult s : run.scenarios) {
                System.out.printf("[browser] %s %6.1f s  %s%n", s.passed ? "PASSED" : "FAILED", s.millis / 1000, s.name);
                results.add(DynamicTest.dynamicTest(s.name, () -> {
                    if (!s.passed) {
                        fail("browser scenario failed: " + s.name + "\n" + s.detail);
                    }
                }));
            }
            Run tests = run.run;
            if (tests.timedOut || tests.exit != 0 && run.scenarios.stream().allMatch(s -> s.passed)) {
                String why = tests.timedOut ? "did not finish within " + SUITE_LIMIT.toMinutes() + " minutes and was stopped"
                        : "exited with code " + tests.exit;
                results.add(DynamicTest.dynamicTest(file + " ran to the end", () ->
                        fail("node --test " + file + " " + why + ":\n" + tests.tail())));
            }
            if (run.scenarios.isEmpty() && !tests.timedOut && tests.exit == 0) {
                results.add(DynamicTest.dynamicTest(file + " ran some scenario", () ->
                        fail("node --test " + file + " reported no scenario:\n" + tests.tail())));
            }
        }
        if (results.isEmpty()) {
            results.add(DynamicTest.dynamicTest("the browser suite ran some scenario", () ->
                    fail("node --test " + files + " reported no scenario")));
        }
        return results.stream();
    }

    /** One file's node run and the scenarios its TAP report lists. */
    private record FileRun(Run run, List<ScenarioResult> scenarios) {
    }

    /** Runs one scenario file with node's test runner against the system at {@code api}. */
    private static FileRun runFile(String node, String chromium, Path suite, String file, String api, String prefix,
            Instant deadline) throws IOException, InterruptedException {
        Path tap = suite.resolve("target/" + file.replace(".test.mjs", "") + ".tap");
        System.out.println("[" + prefix + "] " + file + " against " + api);
        Duration left = Duration.between(Instant.now(), deadline);
        Run run = run(List.of(node, "--test", "--test-concurrency=1",
                        "--test-reporter=spec", "--test-reporter-destination=stdout",
                        "--test-reporter=tap", "--test-reporter-destination=" + tap, file),
                suite, Map.of("SB_API_URL", api, "CHROMIUM_PATH", chromium, "NO_COLOR", "1"),
                left.isNegative() ? Duration.ZERO : left, prefix);
        return new FileRun(run, Files.exists(tap) ? scenarios(Files.readAllLines(tap, StandardCharsets.UTF_8)) : List.of());
    }


    /** One leaf test of the TAP report (suites are skipped: their result is their scenarios'). */
    private record ScenarioResult(String name, boolean passed, double millis, String detail) {
    }

    private static List<ScenarioResult> scenarios(List<String> lines) {
        List<ScenarioResult> out = new ArrayList<>();
        StringBuilder suiteFailures = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = RESULT.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            StringBuilder block = new StringBuilder();
            int j = i + 1;
            if (j < lines.size() && lines.get(j).trim().equals("---")) {
                for (j++; j < lines.size() && !lines.get(j).trim().equals("..."); j++) {
                    block.append(lines.get(j).stripLeading().isEmpty() ? "" : lines.get(j).substring(Math.min(
                            lines.get(j).length(), m.group(1).length() + 2))).append('\n');
                }
            }
            String detail = block.toString();
            if (detail.contains("type: 'suite'")) {
                if (m.group(2).equals("not ok")) {
                    suiteFailures.append("suite \"").append(m.group(3)).append("\" failed:\n").append(detail);
                }
                continue;
            }
            Matcher d = DURATION.matcher(detail);
            out.add(new ScenarioResult(m.group(3), m.group(2).equals("ok"), d.find() ? Double.parseDouble(d.group(1)) : 0, detail));
        }
        // A failed before() hook cancels every scenario; its error is reported on the suite.
        if (suiteFailures.length() > 0) {
            out.replaceAll(r -> r.passed() || !r.detail().contains("cancelledByParent") ? r
                    : new ScenarioResult(r.name(), false, r.millis(), r.detail() + suiteFailures));
        }
        return out;
    }

    /** A finished child process: exit code and the last lines it printed. */
    private record Run(int exit, boolean timedOut, List<String> lines) {
        String tail() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
    }

    /** Runs a command, echoing each line of its output into the Maven log as it comes. */
    private static Run run(List<String> command, Path dir, Map<String, String> env, Duration limit, String prefix)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[" + prefix + "] " + line);
                }
            } catch (IOException e) {
                // the process is gone; what it printed is in `lines`
            }
        }, prefix + "-output");
        pump.setDaemon(true);
        pump.start();
        boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        pump.join(5000);
        synchronized (lines) {
            return new Run(finished ? p.exitValue() : -1, !finished, List.copyOf(lines));
        }
    }

    private static Optional<String> chromium() {
        String configured = System.getenv("CHROMIUM_PATH");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new AssertionError("CHROMIUM_PATH=" + configured + " is not an executable Chromium.");
            }
            return Optional.of(configured);
        }
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            return Optional.of("/usr/bin/chromium");
        }
        return onPath("chromium").or(() -> onPath("chromium-browser"));
    }

    private static Optional<String> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program).toString());
            }
        }
        return Optional.empty();
    }
}
