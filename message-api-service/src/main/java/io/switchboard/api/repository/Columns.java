package io.switchboard.api.repository;

import jakarta.persistence.Tuple;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** Column readers for the rows of native queries, keeping SQL NULL as Java null. */
final class Columns {
    private Columns() {
    }

    static Long nullableLong(Tuple row, String column) {
        Object v = row.get(column);
        return v == null ? null : ((Number) v).longValue();
    }

    static long longValue(Tuple row, String column) {
        Object v = row.get(column);
        return v == null ? 0L : ((Number) v).longValue();
    }

    static Instant instant(Tuple row, String column) {
        return instant(row.get(column));
    }

    static Instant instant(Object v) {
        if (v == null || v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + v.getClass());
    }
}
