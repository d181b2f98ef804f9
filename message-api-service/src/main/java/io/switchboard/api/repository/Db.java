package io.switchboard.api.repository;

import io.agroal.api.AgroalDataSource;
import io.switchboard.api.service.DataAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs JDBC work on a pooled connection. Inside a JTA transaction every call shares the transaction's
 * connection, so repositories compose into one atomic unit; outside one each call autocommits.
 */
@ApplicationScoped
public class Db {
    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    /** Runs {@code work}; {@code what} names it in the error if it fails. */
    public <T> T call(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(what, e);
        }
    }
}
