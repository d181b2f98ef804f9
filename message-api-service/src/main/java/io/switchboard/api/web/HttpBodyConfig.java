package io.switchboard.api.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request body limits of message-api besides Quarkus' own ({@code switchboard.http.*}). */
@ConfigMapping(prefix = "switchboard.http")
public interface HttpBodyConfig {
    /**
     * The largest JSON body (every POST/PUT/PATCH under {@code /api/} except attachment uploads); larger is 413.
     * {@code quarkus.http.limits.max-body-size} is higher for the uploads' sake.
     */
    @WithDefault("64K")
    MemorySize maxJsonBodySize();
}
