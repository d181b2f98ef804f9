package io.switchboard.api.service;

import java.sql.SQLException;

/** An unchecked wrapper of a JDBC failure, so a transaction rolls back and the error mapper can classify it. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /**
     * True when {@code failure} (from plain JDBC or from Hibernate, whatever wraps it) comes from a statement that
     * broke the named unique constraint (SQLState 23505).
     */
    public static boolean violated(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && "23505".equals(e.getSQLState()) && e.getMessage() != null
                    && e.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }
}
