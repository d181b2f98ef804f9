package io.switchboard.bench;

import java.time.Instant;

/**
 * Wall-clock microseconds derived from {@link System#nanoTime()}: the send time written into a
 * message and the arrival time it is compared with come from the same process, so a monotonic
 * clock anchored once to the epoch is both precise and immune to NTP steps during a run.
 */
public final class MicroClock {
    private static final long BASE_NANOS;
    private static final long BASE_MICROS;

    static {
        Instant now = Instant.now();
        BASE_NANOS = System.nanoTime();
        BASE_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private MicroClock() {
    }

    /** Microseconds since the epoch, monotonic within this process. */
    public static long nowMicros() {
        return BASE_MICROS + (System.nanoTime() - BASE_NANOS) / 1_000;
    }
}
