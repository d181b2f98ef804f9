package io.switchboard.bench.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A text flame of a JFR recording: CPU samples ({@code jdk.ExecutionSample}) counted by the method on
 * top of the stack (self time) and by every method on the stack (inclusive time), with their share of
 * all samples. Also counts samples by thread-name prefix, which shows event loops against workers.
 */
public final class JfrTop {
    private JfrTop() {
    }

    /** Prints the {@code limit} heaviest methods of {@code file}. */
    public static void print(Path file, int limit, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        Map<String, Integer> selfPackages = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1,
                    Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            selfPackages.merge(packageOf(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                    if (n.startsWith("io.switchboard.")) {
                        own.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        out.printf("%s: %d CPU samples%n", file.getFileName(), samples);
        table(out, "threads", threads, samples, limit);
        table(out, "self by package (where the CPU is burnt)", selfPackages, samples, limit);
        table(out, "self (top of stack)", self, samples, limit);
        table(out, "inclusive, Switchboard code only", own, samples, limit);
        table(out, "inclusive (anywhere on the stack)", inclusive, samples, limit);
    }

    private static void table(PrintStream out, String title, Map<String, Integer> counts, int total, int limit) {
        out.println("  -- " + title);
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(e -> out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private static String packageOf(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        return parts.length <= 3 ? type : parts[0] + "." + parts[1] + "." + parts[2];
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
