package io.switchboard.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit written as {@code <count>/<period>}, e.g. {@code 20/10m}: up to {@code count} at once, and
 * {@code count} more each period (a token bucket refilled steadily). Periods: {@code s}, {@code m},
 * {@code h}, with an optional number ({@code 30/1m}, {@code 5/10m}, {@code 1000/1h}). {@code off} (or a count
 * of 0) switches the limit off.
 */
public record Rate(int capacity, Duration period) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*/\\s*(\\d*)\\s*([smh])");

    /** A limit that never refuses. */
    public static final Rate OFF = new Rate(0, Duration.ofSeconds(1));

    public Rate {
        if (capacity < 0 || period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a count >= 0 and a positive period");
        }
    }

    /** True when this limit refuses nothing. */
    public boolean off() {
        return capacity == 0;
    }

    /** {@link #parse} of the setting {@code switchboard.limits.<key>}; a bad value names the setting. */
    public static Rate setting(String key, String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.limits." + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code 20/10m}, {@code 60/1m}, {@code 5/h}, {@code off}.
     *
     * @throws IllegalArgumentException with a message naming the expected form
     */
    public static Rate parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("0")) {
            return OFF;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write <count>/<period> such as 20/10m,"
                    + " 60/1m or 1000/1h, or off");
        }
        long n = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        if (n == 0) {
            throw new IllegalArgumentException("'" + text + "': the period must be longer than 0");
        }
        return new Rate(Integer.parseInt(m.group(1)), unit.multipliedBy(n));
    }

    /** Tokens per millisecond. */
    double perMilli() {
        return capacity / (double) period.toMillis();
    }

    @Override
    public String toString() {
        return off() ? "off" : capacity + "/" + period.toSeconds() + "s";
    }
}
