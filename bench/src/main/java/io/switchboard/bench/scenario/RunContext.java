package io.switchboard.bench.scenario;

import io.switchboard.bench.client.Target;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a scenario run may use besides its target: a progress stream, the run id stamped into every
 * message, and how to find the process id of the socket service behind a target (for memory figures).
 */
public record RunContext(PrintStream progress, String run, Function<Target, OptionalLong> socketServicePid) {

    /** Prints one progress line, prefixed with the target's label. */
    public void say(Target target, String line) {
        progress.println("[bench " + target.label() + "] " + line);
    }
}
