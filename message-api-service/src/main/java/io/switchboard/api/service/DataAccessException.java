package io.switchboard.api.service;

import java.sql.SQLException;

/** An unchecked wrapper of a JDBC failure, so a transaction rolls back and the error mapper can classify it. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /** The JDBC failure. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    /** True when the statement broke the named unique constraint (SQLState 23505). */
    public boolean violates(String constraint) {
        SQLException e = sqlException();
        return "23505".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains(constraint);
    }
}
