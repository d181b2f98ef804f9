package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000         100000  [B (java.base@17.0.15)
               2:           500          12000  java.lang.String (java.base@17.0.15)
               3:            10            800  io.example.Gone
            Total          1510         112800
            """;
    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          5000         500000  [B (java.base@17.0.15)
               2:          2500          60000  java.lang.String (java.base@17.0.15)
               3:          1000         136000  io.vertx.core.http.impl.ServerWebSocketImpl
            Total          8500         696000
            """;

    @Test
    void perConnectionIsTheGrowthByClassDividedByTheConnections() {
        List<String> lines = ClassHistogram.perConnection(BEFORE, AFTER, 1000, 2);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("400.0").contains("4.00").endsWith("[B");
        assertThat(lines.get(2)).contains("136.0").contains("1.00").endsWith("ServerWebSocketImpl");
        // all classes: 400 + 48 + 136 bytes grown, 0.8 gone
        assertThat(lines.get(3)).contains("583.2").endsWith("(all classes)");
    }

    @Test
    void theTotalLineIsNotReadAsAClass() {
        assertThat(ClassHistogram.parse(AFTER)).containsOnlyKeys("[B", "java.lang.String",
                "io.vertx.core.http.impl.ServerWebSocketImpl");
    }
}
