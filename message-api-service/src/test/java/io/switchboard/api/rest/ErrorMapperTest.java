package io.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.service.DataAccessException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    @Test
    void unreachablePostgresIsRecognisedAsDatabaseDown() {
        assertThat(ErrorMapper.isDatabaseDown(new DataAccessException("read",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isTrue();
        assertThat(ErrorMapper.isDatabaseDown(new DataAccessException("read",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ErrorMapper.isDatabaseDown(new DataAccessException("read",
                new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
        assertThat(ErrorMapper.isDatabaseDown(new RuntimeException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void aWrongStatementIsNotMistakenForAnOutage() {
        assertThat(ErrorMapper.isDatabaseDown(new DataAccessException("read",
                new SQLException("column \"nope\" does not exist", "42703")))).isFalse();
        assertThat(ErrorMapper.isDatabaseDown(new IllegalStateException("bug"))).isFalse();
    }
}
