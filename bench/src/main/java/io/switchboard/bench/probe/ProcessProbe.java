package io.switchboard.bench.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory and load of processes on this Linux machine, read from /proc and {@code jcmd}. */
public final class ProcessProbe {
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /**
     * One line per heap space that has a total: G1's single "garbage-first heap", Serial's and Parallel's young and
     * old generations (Metaspace has no total and does not match).
     */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private ProcessProbe() {
    }

    /** Resident set size in KiB, from /proc/<pid>/status. */
    public static long rssKb(long pid) {
        try {
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The 1-minute load average, or -1 where /proc/loadavg is missing. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** "1.23 1.10 0.98" from /proc/loadavg. */
    public static String loadAverages() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The process listening on TCP {@code port} (IPv4 or IPv6), found through its socket inode. */
    public static Optional<Long> pidListeningOn(int port) {
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].contains(":") && "0A".equals(f[3])) {
                        int p = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                        if (p == port) {
                            inode = f[9];
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table missing: try the other one
            }
            if (inode != null) {
                break;
            }
        }
        if (inode == null) {
            return Optional.empty();
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (target.equals(Files.readSymbolicLink(fd).toString())) {
                                return Optional.of(Long.parseLong(proc.getFileName().toString()));
                            }
                        } catch (IOException gone) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException notOurs) {
                    // process gone or not readable
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Runs a full GC in the JVM {@code pid} and returns its used heap in KiB afterwards, or -1. */
    public static long heapAfterGcKb(long pid) {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        return heapUsedKb(info);
    }

    /** The used heap in KiB that {@code GC.heap_info} reports, over all generations; -1 when it names none. */
    static long heapUsedKb(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1));
        }
        return used;
    }

    /** Output of {@code jcmd <pid> <command...>}, or null when it failed. */
    public static String jcmd(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Open file descriptors of a process, or -1. */
    public static long openFiles(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** KiB as MiB with one decimal, for tables. */
    public static double mb(long kb) {
        return Math.round(kb / 102.4) / 10.0;
    }

    /** Formats a double with three decimals, locale-free. */
    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
