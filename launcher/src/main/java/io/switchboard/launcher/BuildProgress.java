package io.switchboard.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./switchboard up} shows while it builds: Maven's output, read line by line, becomes one
 * line per module with the time it took, then a summary; the whole output goes to a log file.
 *
 * <pre>
 *   [ 3/14] store … 4.1 s
 *   [ 5/14] web … 6.9 s (npm ci 6.1 s, esbuild 0.1 s)
 *   [ 6/14] message-api-service … 38.2 s (downloaded 212 files)
 * Built 14 modules in 2 min 31 s; tests skipped (./mvnw verify runs them).
 * </pre>
 *
 * It runs before anything is built, as a single source file ({@code java BuildProgress.java LOG < maven-output}),
 * so it uses nothing but the JDK. Exit status: 0 when Maven said BUILD SUCCESS, else 1 (after the errors).
 */
public final class BuildProgress {
    /** "[INFO] Building Switchboard :: web 1.0.0-SNAPSHOT   [5/14]" (no counter when one module is built), not "Building jar: …". */
    private static final Pattern BUILDING =
            Pattern.compile("^\\[INFO\\] Building (?!\\w+: )(.+?) (\\d[\\w.-]*)(?:\\s+\\[(\\d+)/(\\d+)])?\\s*$");
    private static final Pattern WEB_STEP = Pattern.compile("^\\[web\\] (npm ci|esbuild|tsc)\\b.*?: ([\\d.]+ m?s)\\s*$");
    private static final int ERROR_LINES = 40;

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long started;
    private String module;
    private long moduleStarted;
    private int downloads;
    private int modulesBuilt;
    private int modulesTotal;
    private final List<String> notes = new ArrayList<>();
    private boolean testsSkipped;
    private boolean success;
    private boolean failure;
    private final List<String> errors = new ArrayList<>();

    public BuildProgress(PrintStream out, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
    }

    /** One line of Maven's output. */
    public void line(String line) {
        Matcher building = BUILDING.matcher(line);
        if (building.matches()) {
            finishModule();
            String name = building.group(1).replaceFirst("^Switchboard :: ", "");
            int index = building.group(3) == null ? 1 : Integer.parseInt(building.group(3));
            modulesTotal = building.group(4) == null ? 1 : Integer.parseInt(building.group(4));
            if (downloads > 0 && module == null) {
                out.printf("  preparing Maven … downloaded %d files%n", downloads);
            }
            downloads = 0;
            module = name;
            moduleStarted = nanoClock.getAsLong();
            out.printf("  [%" + width() + "d/%d] %s … ", index, modulesTotal, name);
            out.flush();
            return;
        }
        if (line.startsWith("Downloaded from ") || line.startsWith("[INFO] Downloaded from ")) {
            downloads++;
        } else if (line.contains("Tests are skipped.")) {
            testsSkipped = true;
        } else if (line.startsWith("[INFO] BUILD SUCCESS")) {
            success = true;
        } else if (line.startsWith("[INFO] BUILD FAILURE")) {
            failure = true;
        } else if (line.startsWith("[ERROR]")) {
            if (errors.size() < ERROR_LINES) {
                errors.add(line);
            }
        } else {
            Matcher step = WEB_STEP.matcher(line);
            if (step.matches()) {
                notes.add(step.group(1) + " " + step.group(2));
            }
        }
    }

    private int width() {
        return Integer.toString(modulesTotal).length();
    }

    private void finishModule() {
        if (module == null) {
            return;
        }
        modulesBuilt++;
        List<String> extra = new ArrayList<>(notes);
        if (downloads > 0) {
            extra.add("downloaded " + downloads + " files");
        }
        out.println(duration(nanoClock.getAsLong() - moduleStarted) + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")"));
        module = null;
        notes.clear();
        downloads = 0;
    }

    /** Maven's output ended: the summary, or what went wrong. Returns the exit status. */
    public int end(Path log) {
        if (success && !failure) {
            finishModule();
            out.printf("Built %d modules in %s%s.%n", modulesBuilt, duration(nanoClock.getAsLong() - started),
                    testsSkipped ? "; tests skipped (./mvnw verify runs them)" : "");
            return 0;
        }
        if (module != null) {
            out.println("failed after " + duration(nanoClock.getAsLong() - moduleStarted));
        }
        out.println("The build failed" + (module == null ? "" : " in " + module) + ":");
        errors.forEach(out::println);
        out.println("The whole output is in " + log + ".");
        return 1;
    }

    /** {@code 0.4 s}, {@code 12.0 s}, {@code 2 min 05 s}. */
    public static String duration(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    /** Reads Maven's output from stdin, shows progress on stdout and keeps every line in the file {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path log = Path.of(args.length > 0 ? args[0] : ".switchboard/build.log");
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BuildProgress progress = new BuildProgress(out, System::nanoTime);
        try (Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                file.write(line);
                file.write('\n');
                file.flush(); // a build stopped with Ctrl-C keeps its log up to that line
                progress.line(line);
            }
        }
        System.exit(progress.end(log));
    }
}
