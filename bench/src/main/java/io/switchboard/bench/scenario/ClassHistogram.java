package io.switchboard.bench.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The difference between two {@code jcmd GC.class_histogram} outputs, divided by a number of connections: what
 * each connection retains, by class, in instances and bytes (S4's {@code --class-histogram}).
 */
final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    private ClassHistogram() {
    }

    /** Class name → {instances, bytes}. */
    static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> out = new HashMap<>();
        histogram.lines().forEach(line -> {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        });
        return out;
    }

    /**
     * The {@code top} classes that grew most in bytes from {@code before} to {@code after}, as lines of bytes and
     * instances per connection, then the total of all classes.
     */
    static List<String> perConnection(String before, String after, int connections, int top) {
        Map<String, long[]> b = parse(before);
        Map<String, long[]> a = parse(after);
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        long totalBytes = 0;
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            long[] was = b.getOrDefault(e.getKey(), new long[2]);
            long[] delta = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
            totalBytes += delta[1];
            grown.add(Map.entry(e.getKey(), delta));
        }
        for (Map.Entry<String, long[]> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                totalBytes -= e.getValue()[1];
            }
        }
        grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        int n = Math.max(1, connections);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%10s %12s  %s", "bytes/conn", "objects/conn", "class"));
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(top, grown.size()))) {
            lines.add(String.format("%10.1f %12.2f  %s", e.getValue()[1] / (double) n, e.getValue()[0] / (double) n,
                    e.getKey()));
        }
        lines.add(String.format("%10.1f %12s  %s", totalBytes / (double) n, "", "(all classes)"));
        return lines;
    }
}
