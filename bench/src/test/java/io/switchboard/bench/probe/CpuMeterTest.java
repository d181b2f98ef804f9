package io.switchboard.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bench's CPU meter tells apart and keeps: a JVM's JIT compiler threads from the rest of its CPU, and the CPU
 * of a group's children that ended inside the window.
 */
class CpuMeterTest {

    @Test
    void theJitOfAJvmIsCountedApartAndIsPartOfItsCpu() throws Exception {
        long self = ProcessHandle.current().pid();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            CpuMeter meter = CpuMeter.of(Map.of("jvm", self, "other", sleeper.pid()), Map.of());
            // this JVM has compiled the test framework and more by now: its compiler threads used CPU
            assertThat(CpuMeter.jitTicks(self)).isPositive();
            // a thread that only computes adds to the process' CPU, not to its JIT's (measured while it still runs:
            // a finished thread's ticks leave /proc/<pid>/task)
            long jitBefore = CpuMeter.jitTicks(self);
            long allBefore = CpuMeter.ticks(self);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch spun = new CountDownLatch(1);
            Thread busy = new Thread(() -> spin(spun, stop), "busy");
            busy.start();
            try {
                assertThat(spun.await(20, TimeUnit.SECONDS)).as("300 ms of CPU spun").isTrue();
                long all = CpuMeter.ticks(self) - allBefore;
                assertThat(all).as("ticks of the whole process while spinning").isGreaterThanOrEqualTo(20);
                assertThat(CpuMeter.jitTicks(self) - jitBefore).as("ticks of its compiler threads").isLessThan(all / 2);
            } finally {
                stop.set(true);
                busy.join();
            }
            // a process that is no JVM has no compiler threads
            assertThat(CpuMeter.jitTicks(sleeper.pid())).isZero();
            meter.start();
            assertThat(meter.jitElapsedMillis()).containsOnlyKeys("jvm", "other");
            assertThat(meter.jitElapsedMillis().get("other")).isZero();
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void aChildThatEndsInsideTheWindowKeepsItsCpuInTheGroup(@TempDir Path dir) throws Exception {
        Path done = dir.resolve("done");
        // the parent starts one child that computes until it has used 1 s of CPU (its CPU-time limit ends it, however
        // busy the machine is); the parent waits for it (reaping it, as PostgreSQL's postmaster reaps a closed
        // backend), says so, and lives on
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0.3; bash -c 'ulimit -c 0; ulimit -t 1;"
                + " while :; do :; done'; touch " + done + "; exec sleep 60").start();
        try {
            CpuMeter meter = CpuMeter.of(Map.of("group", parent.pid()), Map.of("group", true));
            meter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done));
            // the child is gone from /proc by now: its 1 s of CPU counts through the parent's cutime/cstime (the
            // kernel's tick-sampled times in /proc read a little less than the limit it enforces: 870 ms on a busy
            // CI run; without the reaped children the group read 0)
            assertThat(meter.elapsedMillis().get("group")).isGreaterThanOrEqualTo(500.0);
        } finally {
            parent.destroy();
        }
    }

    /** Computes until stopped; counts {@code spun} down once it has used 300 ms of CPU. */
    private static void spin(CountDownLatch spun, AtomicBoolean stop) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long x = 0;
        while (!stop.get()) {
            for (int i = 0; i < 100_000; i++) {
                x += x * 31 + 7;
            }
            if (spun.getCount() > 0 && threads.getCurrentThreadCpuTime() > 300_000_000L) {
                spun.countDown();
            }
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
