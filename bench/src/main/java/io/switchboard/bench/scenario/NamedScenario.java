package io.switchboard.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/** What every scenario keeps the same way: its name on the command line and the options in force, in order. */
abstract class NamedScenario implements Scenario {
    private final String name;
    /** Filled by the subclass's constructor, for the report. */
    protected final Map<String, String> parameters = new LinkedHashMap<>();

    protected NamedScenario(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Map<String, String> parameters() {
        return parameters;
    }
}
