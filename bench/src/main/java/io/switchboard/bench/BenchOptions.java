package io.switchboard.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value}, {@code --name=value} and bare {@code --flag} options. Every read is
 * remembered, so a misspelt option is reported instead of silently running with a default.
 */
public final class BenchOptions {
    private static final Set<String> FLAGS = Set.of("start", "no-ceiling", "json-only", "ceiling-only", "help", "webhook",
            "no-charts");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private BenchOptions() {
    }

    /** Parses the options after the scenario name. */
    public static BenchOptions parse(List<String> args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("expected an option like --rate 100, got: " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            o.values.put(name, value);
        }
        return o;
    }

    public String string(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got: " + v);
        }
    }

    public double decimal(String name, double fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got: " + v);
        }
    }

    /** Seconds, given as {@code 10}, {@code 10s}, {@code 500ms} or {@code 2m}. */
    public Duration duration(String name, Duration fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration such as 10s or 500ms, got: " + v);
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    /** Options given but never read: misspellings, or options of another scenario. */
    public Set<String> unused() {
        Set<String> u = new LinkedHashSet<>(values.keySet());
        u.removeAll(read);
        return u;
    }

    /** Every option that was read, with the value in force (for the JSON line). */
    public Map<String, String> effective(Map<String, String> defaults) {
        Map<String, String> m = new LinkedHashMap<>(defaults);
        m.putAll(values);
        return m;
    }
}
