package io.switchboard.api.attachment;

import java.nio.charset.StandardCharsets;

/** {@code Content-Disposition} with a safe ASCII {@code filename} and the exact name in {@code filename*} (RFC 6266). */
final class ContentDisposition {
    private ContentDisposition() {
    }

    static String of(boolean inline, String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != ';' && c != '%' ? c : '_');
        }
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + encode(name);
    }

    /** RFC 5987 value encoding: attr-chars as they are, every other byte of the UTF-8 form as %XX. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
