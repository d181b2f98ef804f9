package io.switchboard.api.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means PostgreSQL answers: it holds every write. Redis is deliberately not part of readiness,
 * because posts keep working while it is down (subscribers repair from seq).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {
    @Inject
    AgroalDataSource dataSource;

    /**
     * Plain JDBC, and why: readiness asks whether the pool can hand out a connection and PostgreSQL answers on it
     * within 3 s. That is the database itself, not data, so there is no entity to read; a Hibernate session would
     * add its own failure modes to the answer without telling more about PostgreSQL.
     */
    @Override
    public HealthCheckResponse call() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(3);
            s.execute("SELECT 1");
            return HealthCheckResponse.named("postgresql").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
