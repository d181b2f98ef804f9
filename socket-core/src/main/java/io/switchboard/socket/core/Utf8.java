package io.switchboard.socket.core;

/** UTF-8 sizes without encoding: byte budgets and frame limits count what goes on the wire, not chars. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8: 1 per ASCII char, 2 up to U+07FF (Cyrillic), 3 for the
     * rest of the BMP and 4 per surrogate pair. An unpaired surrogate counts 3 (an upper bound).
     */
    public static int length(CharSequence text) {
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2;
                i++;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }
}
