package io.switchboard.bench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one run of a scenario against one target measured: figures, correctness counts, notes. */
public final class Measurement {
    final Map<String, Double> figures = new LinkedHashMap<>();
    final Set<String> higherIsBetter = new LinkedHashSet<>();
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    private List<io.switchboard.bench.load.SecondLatency> latencyBySecond = List.of();

    /** A figure where a lower value is better (latency, memory). */
    public Measurement lower(String name, double value) {
        figures.put(name, value);
        return this;
    }

    /** A figure where a higher value is better (throughput). */
    public Measurement higher(String name, double value) {
        figures.put(name, value);
        higherIsBetter.add(name);
        return this;
    }

    public Measurement count(String name, long value) {
        counts.put(name, value);
        return this;
    }

    public Measurement note(String note) {
        notes.add(note);
        return this;
    }

    /** The deliveries' latency by the second their messages were sent, for the run's chart. */
    public Measurement latencyBySecond(List<io.switchboard.bench.load.SecondLatency> seconds) {
        latencyBySecond = List.copyOf(seconds);
        return this;
    }

    public List<io.switchboard.bench.load.SecondLatency> latencyBySecond() {
        return latencyBySecond;
    }

    public Map<String, Double> figures() {
        return figures;
    }

    public Set<String> higherIsBetter() {
        return higherIsBetter;
    }

    public Map<String, Long> counts() {
        return counts;
    }

    public List<String> notes() {
        return notes;
    }
}
