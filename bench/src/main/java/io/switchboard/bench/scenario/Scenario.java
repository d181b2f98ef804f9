package io.switchboard.bench.scenario;

import io.switchboard.bench.client.Target;
import java.util.Map;

/** One bench scenario: reads its options when built, then runs the same way against the system and the ceiling. */
public interface Scenario {
    /** Short name used on the command line ({@code s1}...). */
    String name();

    /** The options in force, for the report. */
    Map<String, String> parameters();

    /** Runs once against {@code target}. */
    Measurement run(Target target, RunContext context);
}
