package io.switchboard.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at real PostgreSQL and Redis: the configured ones, or embedded
 * servers shared by every test class of the JVM. Use with
 * {@code @QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)}.
 */
public class EmbeddedInfraTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return EmbeddedInfra.start();
    }

    @Override
    public void stop() {
        // The servers outlive one Quarkus application: the next test class reuses them, and a
        // shutdown hook stops them when the JVM exits.
    }
}
