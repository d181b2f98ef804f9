package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one scenario run found: its figures, its correctness counts, the machine's load and
 * notes. Printed as a table for people and as one {@code BENCH_JSON {...}} line for scripts.
 */
public final class RunReport {
    /** The prefix of the machine-readable line. */
    public static final String JSON_PREFIX = "BENCH_JSON ";

    private final String scenario;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    public RunReport(String scenario) {
        this.scenario = scenario;
    }

    public String scenario() {
        return scenario;
    }

    public RunReport parameter(String name, Object value) {
        parameters.put(name, String.valueOf(value));
        return this;
    }

    public RunReport environment(String name, Object value) {
        environment.put(name, String.valueOf(value));
        return this;
    }

    public RunReport figure(Figure f) {
        figures.add(f);
        return this;
    }

    /** A correctness count (lost, duplicates...); non-zero loss makes the run fail. */
    public RunReport count(String name, long value) {
        counts.put(name, value);
        return this;
    }

    public RunReport note(String note) {
        notes.add(note);
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * True when nothing was lost, duplicated or reordered (against the system or the ceiling), and every webhook
     * delivery verified.
     */
    public boolean deliveryCorrect() {
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String k = e.getKey();
            if ((k.contains("lost") || k.contains("duplicate") || k.contains("out_of_order") || k.contains("bad_signature"))
                    && e.getValue() != 0) {
                return false;
            }
        }
        return true;
    }

    /** The human table. */
    public void printTable(PrintStream out) {
        out.println();
        out.println("== bench " + scenario + " ==");
        parameters.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %s%n", k, v));
        environment.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %s%n", k, v));
        out.printf(Locale.ROOT, "%n  %-34s %14s %14s %8s%n", "figure", "system", "ceiling", "ratio");
        for (Figure f : figures) {
            Double r = f.ratio();
            out.printf(Locale.ROOT, "  %-34s %14s %14s %8s%n", f.name(), num(f.value()),
                    f.ceiling() == null ? "-" : num(f.ceiling()),
                    r == null ? "-" : String.format(Locale.ROOT, "%.2f", r));
        }
        if (!counts.isEmpty()) {
            out.println();
            counts.forEach((k, v) -> out.printf(Locale.ROOT, "  %-34s %14d%n", k, v));
        }
        for (String n : notes) {
            out.println("  note: " + n);
        }
        out.println("  delivery: " + (deliveryCorrect() ? "OK (nothing lost, duplicated or reordered)" : "FAILED"));
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The machine-readable line, prefix included. */
    public String jsonLine() {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("scenario", scenario);
        ObjectNode p = root.putObject("parameters");
        parameters.forEach(p::put);
        ObjectNode env = root.putObject("environment");
        environment.forEach(env::put);
        ObjectNode fig = root.putObject("figures");
        for (Figure f : figures) {
            ObjectNode n = fig.putObject(f.name());
            n.put("value", f.value());
            if (f.ceiling() != null) {
                n.put("ceiling", f.ceiling());
            }
            Double r = f.ratio();
            if (r != null) {
                n.put("ratio", Math.round(r * 1000) / 1000.0);
            }
            n.put("higher_is_better", f.higherIsBetter());
        }
        ObjectNode c = root.putObject("counts");
        counts.forEach(c::put);
        com.fasterxml.jackson.databind.node.ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        root.put("delivery_ok", deliveryCorrect());
        return JSON_PREFIX + root;
    }
}
