package io.switchboard.bench;

/**
 * The text of a bench message, {@code bench r=<run> t=<epoch micros> id=<n>}: the run id keeps
 * messages of earlier runs (replayed by a catch-up) out of the figures, {@code t} is the send time
 * and {@code id} the run-wide message number. Parsed straight from the frame text without a JSON
 * parser, because a fan-out run reads a quarter of a million frames a second on the same two cores.
 *
 * @param run       the run id
 * @param sentMicros send time, epoch microseconds ({@link MicroClock})
 * @param id        message number within the run
 */
public record BenchPayload(String run, long sentMicros, int id) {
    private static final String MARK = "bench r=";

    /** The message text. */
    public String text() {
        return MARK + run + " t=" + sentMicros + " id=" + id;
    }

    /** Finds the payload in a frame's text (JSON or plain), or null when the frame carries none. */
    public static BenchPayload find(String frame) {
        int at = frame.indexOf(MARK);
        if (at < 0) {
            return null;
        }
        int runStart = at + MARK.length();
        int runEnd = frame.indexOf(' ', runStart);
        if (runEnd < 0 || !frame.startsWith(" t=", runEnd)) {
            return null;
        }
        int tStart = runEnd + 3;
        int tEnd = digitsEnd(frame, tStart);
        if (tEnd == tStart || !frame.startsWith(" id=", tEnd)) {
            return null;
        }
        int idStart = tEnd + 4;
        int idEnd = digitsEnd(frame, idStart);
        if (idEnd == idStart) {
            return null;
        }
        return new BenchPayload(frame.substring(runStart, runEnd), Long.parseLong(frame, tStart, tEnd, 10),
                Integer.parseInt(frame, idStart, idEnd, 10));
    }

    /**
     * Where the digits of the send time start in a frame carrying a payload of {@code run}, or -1:
     * the allocation-free path for every arrival ({@link #sentMicrosAt}, {@link #idAfter}).
     */
    public static int locate(String frame, String run) {
        int at = frame.indexOf(MARK);
        if (at < 0) {
            return -1;
        }
        int runStart = at + MARK.length();
        int runEnd = runStart + run.length();
        if (!frame.startsWith(run, runStart) || !frame.startsWith(" t=", runEnd)) {
            return -1;
        }
        return runEnd + 3;
    }

    /** The send time whose digits start at {@code tStart} (from {@link #locate}), or -1. */
    public static long sentMicrosAt(String frame, int tStart) {
        int end = digitsEnd(frame, tStart);
        return end == tStart ? -1 : Long.parseLong(frame, tStart, end, 10);
    }

    /** The message number following the send time at {@code tStart}, or -1. */
    public static int idAfter(String frame, int tStart) {
        int tEnd = digitsEnd(frame, tStart);
        if (!frame.startsWith(" id=", tEnd)) {
            return -1;
        }
        int idStart = tEnd + 4;
        int idEnd = digitsEnd(frame, idStart);
        return idEnd == idStart ? -1 : Integer.parseInt(frame, idStart, idEnd, 10);
    }

    /** True when the first {@code "type":"} of a frame is {@code type} (no substring allocated). */
    public static boolean hasType(String frame, String type) {
        int at = frame.indexOf("\"type\":\"");
        return at >= 0 && frame.startsWith(type, at + 8) && frame.startsWith("\"", at + 8 + type.length());
    }

    /** True when {@code frame} carries a payload of run {@code run}. */
    public static boolean isOfRun(String frame, String run) {
        int at = frame.indexOf(MARK);
        return at >= 0 && frame.startsWith(run + " ", at + MARK.length());
    }

    /** The number after {@code "<field>":} at the first occurrence of the field, or -1. */
    public static long jsonLong(String frame, String field) {
        String key = "\"" + field + "\":";
        int at = frame.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int start = at + key.length();
        int end = digitsEnd(frame, start);
        return end == start ? -1 : Long.parseLong(frame, start, end, 10);
    }

    /** The value of the first {@code "type":"..."} in a frame, or the empty string. */
    public static String frameType(String frame) {
        int at = frame.indexOf("\"type\":\"");
        if (at < 0) {
            return "";
        }
        int start = at + 8;
        int end = frame.indexOf('"', start);
        return end < 0 ? "" : frame.substring(start, end);
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
