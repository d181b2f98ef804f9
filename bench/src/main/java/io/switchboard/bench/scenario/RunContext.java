package io.switchboard.bench.scenario;

import io.switchboard.bench.client.Target;
import io.switchboard.bench.probe.CpuMeter;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a scenario run may use besides its target: a progress stream, the run id stamped into every
 * message, how to find the process id of the socket service behind a target (for memory figures) and
 * a CPU meter over the target's processes (for CPU per message).
 */
public record RunContext(PrintStream progress, String run, Function<Target, OptionalLong> socketServicePid,
                         CpuMeter cpu, BiConsumer<Target, Measurement> endOfRun) {

    public RunContext(PrintStream progress, String run, Function<Target, OptionalLong> socketServicePid, CpuMeter cpu) {
        this(progress, run, socketServicePid, cpu, (t, m) -> { });
    }

    /**
     * Called by a scenario once its figures are in and before it closes its sockets: {@code --nodes} reads each
     * node's connections and subscriptions here.
     */
    public void atEndOfRun(Target target, Measurement m) {
        endOfRun.accept(target, m);
    }

    /**
     * Adds {@code cpu_ms_per_<unit>_<group>} figures for the CPU each process group spent per unit, their sum over the
     * servers, and {@code ..._servers_jit}: how much of that sum the services' JIT compiler threads spent (a figure
     * that should be near 0 once a run is warm; when it is not, the run measured the JIT too).
     */
    public void cpuFigures(Measurement m, String unit, long units, double scale) {
        if (cpu.isEmpty() || units <= 0) {
            return;
        }
        String prefix = "cpu_" + (scale == 1 ? "ms" : "us") + "_per_" + unit + "_";
        double total = 0;
        for (var e : cpu.elapsedMillis().entrySet()) {
            double per = e.getValue() * scale / units;
            if (!e.getKey().equals("bench")) {
                total += per;
            }
            m.lower(prefix + e.getKey().replace('-', '_'), Math.round(per * 1000) / 1000.0);
        }
        m.lower(prefix + "servers_total", Math.round(total * 1000) / 1000.0);
        double jit = 0;
        for (var e : cpu.jitElapsedMillis().entrySet()) {
            if (!e.getKey().equals("bench")) {
                jit += e.getValue() * scale / units;
            }
        }
        m.lower(prefix + "servers_jit", Math.round(jit * 1000) / 1000.0);
    }

    /** Prints one progress line, prefixed with the target's label. */
    public void say(Target target, String line) {
        progress.println("[bench " + target.label() + "] " + line);
    }
}
