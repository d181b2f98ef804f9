package io.switchboard.bench.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by named groups of processes between two snapshots, from /proc/<pid>/stat. On a
 * shared machine latency depends on the neighbours, but CPU per message barely does: it is the
 * figure that survives a noisy run, and 2 cores ÷ CPU per message is the throughput the box allows.
 * A group given by a root pid includes the root's children (PostgreSQL's backends): the live ones, and those that
 * ended and were reaped by the root, whose CPU the kernel moves into the root's {@code cutime/cstime}. Counting the
 * live ones alone lost every backend that closed inside the window (a connection pool retiring idle connections:
 * the hand-built Node server's PostgreSQL measured 0.040 ms per message that way against 0.303 counted whole).
 *
 * <p>It also counts, apart, what a JVM's JIT compiler threads ({@code C1/C2 CompilerThread}) spent: on 2 cores a
 * service can still be compiling 20 to 45 % of its CPU in a measured window that follows a 30 s warm-up under load
 * (async-profiler, docs/performance.md, seventh session of 2026-12-07), so a run says how much of its figure was JIT.
 */
public final class CpuMeter {
    private static final double TICK_MS = 10.0; // USER_HZ is 100 on Linux

    private final Map<String, Long> roots;
    private final Map<String, Boolean> withChildren;
    private volatile Map<String, Long> start = Map.of();
    private volatile Map<String, Long> jitStart = Map.of();

    private CpuMeter(Map<String, Long> roots, Map<String, Boolean> withChildren) {
        this.roots = roots;
        this.withChildren = withChildren;
    }

    /** A meter that measures nothing. */
    public static CpuMeter none() {
        return new CpuMeter(Map.of(), Map.of());
    }

    /** Builder-style: {@code group} is {@code pid} alone, or with its children when {@code children}. */
    public static CpuMeter of(Map<String, Long> pids, Map<String, Boolean> children) {
        return new CpuMeter(new LinkedHashMap<>(pids), new HashMap<>(children));
    }

    public boolean isEmpty() {
        return roots.isEmpty();
    }

    /** Takes the starting snapshot. */
    public void start() {
        start = snapshot();
        jitStart = jitSnapshot();
    }

    /** CPU milliseconds per group since {@link #start()}. */
    public Map<String, Double> elapsedMillis() {
        return millisSince(start, snapshot());
    }

    /** CPU milliseconds per group's JIT compiler threads since {@link #start()} (0 for a process that is no JVM). */
    public Map<String, Double> jitElapsedMillis() {
        return millisSince(jitStart, jitSnapshot());
    }

    private static Map<String, Double> millisSince(Map<String, Long> then, Map<String, Long> now) {
        Map<String, Double> out = new LinkedHashMap<>();
        now.forEach((g, ticks) -> out.put(g, (ticks - then.getOrDefault(g, 0L)) * TICK_MS));
        return out;
    }

    private Map<String, Long> jitSnapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        roots.forEach((group, pid) -> out.put(group, jitTicks(pid)));
        return out;
    }

    /** utime + stime of the process' JIT compiler threads in clock ticks ({@code /proc/<pid>/task/<tid>/comm}). */
    static long jitTicks(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm"));
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        sum += taskTicks(Files.readString(t.resolve("stat")));
                    }
                } catch (IOException | RuntimeException gone) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return sum;
        }
        return sum;
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<Long, List<Long>> children = roots.isEmpty() || !withChildren.containsValue(true) ? Map.of() : childrenMap();
        roots.forEach((group, pid) -> {
            long t;
            if (Boolean.TRUE.equals(withChildren.get(group))) {
                t = withReapedChildrenTicks(pid);
                for (long c : children.getOrDefault(pid, List.of())) {
                    t += Math.max(0, ticks(c));
                }
            } else {
                t = ticks(pid);
            }
            out.put(group, t);
        });
        return out;
    }

    /** CPU milliseconds (user + system) one process has used since it started, or 0 when it is gone. */
    public static double processMillis(long pid) {
        return ticks(pid) * TICK_MS;
    }

    /** utime + stime of one process in clock ticks, or 0 when it is gone. */
    static long ticks(long pid) {
        try {
            return taskTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime from a {@code stat} line of a process or thread. */
    private static long taskTicks(String stat) {
        String[] f = fields(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * utime + stime + cutime + cstime of one process, from one read of its {@code stat}: its own CPU and that of its
     * children that ended and it waited for; 0 when it is gone.
     */
    static long withReapedChildrenTicks(long pid) {
        try {
            String[] f = fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The fields of a {@code stat} line after the command name, from the state on ({@code proc(5)}'s field 3). */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static Map<Long, List<Long>> childrenMap() {
        Map<Long, List<Long>> m = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String[] f = fields(Files.readString(p.resolve("stat")));
                    m.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // process ended meanwhile
                }
            }
        } catch (IOException e) {
            return m;
        }
        return m;
    }
}
