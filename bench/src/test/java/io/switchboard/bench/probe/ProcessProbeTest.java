package io.switchboard.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessProbeTest {

    @Test
    void g1HeapIsItsOneHeapLine() {
        String info = """
                 garbage-first heap   total 262144K, used 23456K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 5 young (5120K), 0 survivors (0K)
                 Metaspace       used 51234K, committed 51904K, reserved 1114112K
                """;
        assertThat(ProcessProbe.heapUsedKb(info)).isEqualTo(23456);
    }

    @Test
    void serialHeapAddsTheYoungAndTheTenuredGeneration() {
        String info = """
                 def new generation   total 4928K, used 1020K [0x00000000e0000000, 0x00000000e0550000, 0x00000000eaaa0000)
                  eden space 4416K,  23% used [0x00000000e0000000, 0x00000000e00ff0e0, 0x00000000e0450000)
                  from space 512K,   0% used [0x00000000e0450000, 0x00000000e0450000, 0x00000000e04d0000)
                 tenured generation   total 10944K, used 2345K [0x00000000eaaa0000, 0x00000000eb550000, 0x0000000100000000)
                   the space 10944K,  21% used [0x00000000eaaa0000, 0x00000000eacea4a8, 0x00000000eacea600)
                 Metaspace       used 5123K, committed 5312K, reserved 1056768K
                """;
        assertThat(ProcessProbe.heapUsedKb(info)).isEqualTo(1020 + 2345);
    }

    @Test
    void outputWithoutAHeapLineIsUnknown() {
        assertThat(ProcessProbe.heapUsedKb("Could not attach")).isEqualTo(-1);
    }
}
