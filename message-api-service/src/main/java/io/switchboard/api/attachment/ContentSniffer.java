package io.switchboard.api.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Tells a file's type from its bytes, never from its name: a small magic-number table instead of Apache Tika
 * (tika-core is ~800 KB with a service-loader registry and reflection that native images need configured, and it
 * would add to message-api's start; the handful of types chats accept needs a few dozen lines). What it knows:
 * PNG, JPEG, GIF, WebP, PDF, ZIP (and, inside a ZIP, DOCX/XLSX/PPTX by their entries), plain UTF-8 text; and the
 * dangerous ones it names so they can be refused: HTML, SVG, XML, scripts with a {@code #!} line, Windows/ELF/Mach-O
 * executables and Java classes. Anything else is {@code application/octet-stream}.
 */
public final class ContentSniffer {
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String GIF = "image/gif";
    public static final String WEBP = "image/webp";
    public static final String PDF = "application/pdf";
    public static final String TEXT = "text/plain";
    public static final String ZIP = "application/zip";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public static final String HTML = "text/html";
    public static final String SVG = "image/svg+xml";
    public static final String XML = "application/xml";
    public static final String SCRIPT = "text/x-script";
    public static final String EXECUTABLE = "application/x-executable";
    public static final String UNKNOWN = "application/octet-stream";

    /** Types refused whatever the configuration says: they run in a browser or on a computer. */
    public static final Set<String> NEVER = Set.of(HTML, SVG, XML, SCRIPT, EXECUTABLE, UNKNOWN);

    /** Images browsers show without running anything; the only types ever served inline. */
    public static final Set<String> IMAGES = Set.of(PNG, JPEG, GIF, WEBP);

    /** Markup a browser would render, looked for (case-insensitively) in the first bytes of any text. */
    private static final String[] MARKUP = {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<svg",
        "<object", "<embed", "<meta", "<?xml", "<xsl", "<a ", "<img", "<style", "<title", "<div", "<form", "<!--"};

    private ContentSniffer() {
    }

    public static boolean isImage(String type) {
        return IMAGES.contains(type);
    }

    /** The type of {@code data}, from its content alone. */
    public static String sniff(byte[] data) {
        if (starts(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (starts(data, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsAscii(data, "GIF87a") || startsAscii(data, "GIF89a")) {
            return GIF;
        }
        if (startsAscii(data, "RIFF") && data.length >= 12 && ascii(data, 8, "WEBP")) {
            return WEBP;
        }
        if (startsAscii(data, "%PDF-")) {
            return PDF;
        }
        if (starts(data, 'P', 'K', 3, 4) || starts(data, 'P', 'K', 5, 6)) {
            return zipKind(data);
        }
        if (starts(data, 'M', 'Z') || starts(data, 0x7F, 'E', 'L', 'F') || starts(data, 0xCA, 0xFE, 0xBA, 0xBE)
                || starts(data, 0xFE, 0xED, 0xFA, 0xCE) || starts(data, 0xFE, 0xED, 0xFA, 0xCF)
                || starts(data, 0xCE, 0xFA, 0xED, 0xFE) || starts(data, 0xCF, 0xFA, 0xED, 0xFE)) {
            return EXECUTABLE;
        }
        return textKind(data);
    }

    /** ZIP, or an Office Open XML document recognised by its part names. */
    private static String zipKind(byte[] data) {
        boolean contentTypes = false;
        String office = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data))) {
            ZipEntry entry;
            int seen = 0;
            while ((entry = zip.getNextEntry()) != null && seen++ < 2000) {
                String name = entry.getName();
                if ("[Content_Types].xml".equals(name)) {
                    contentTypes = true;
                } else if (office == null && name.startsWith("word/")) {
                    office = DOCX;
                } else if (office == null && name.startsWith("xl/")) {
                    office = XLSX;
                } else if (office == null && name.startsWith("ppt/")) {
                    office = PPTX;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // A ZIP the JDK cannot list is still a ZIP by its signature; nothing inside is opened or served inline.
        }
        return contentTypes && office != null ? office : ZIP;
    }

    /** UTF-8 text (with or without a BOM) without control characters, unless it looks like markup or a script. */
    private static String textKind(byte[] data) {
        int start = starts(data, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, data.length - start)).toString();
        } catch (CharacterCodingException e) {
            return UNKNOWN;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return UNKNOWN;
            }
        }
        String head = text.substring(0, Math.min(text.length(), 1024)).stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("#!")) {
            return SCRIPT;
        }
        if (head.startsWith("<svg") || head.contains("<svg")) {
            return SVG;
        }
        for (String tag : MARKUP) {
            if (head.startsWith(tag)) {
                return head.startsWith("<?xml") ? XML : HTML;
            }
        }
        for (String tag : MARKUP) {
            if (head.contains(tag) && !"<a ".equals(tag) && !"<!--".equals(tag)) {
                return HTML;
            }
        }
        return TEXT;
    }

    private static boolean starts(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsAscii(byte[] data, String magic) {
        return ascii(data, 0, magic);
    }

    private static boolean ascii(byte[] data, int offset, String magic) {
        if (data.length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (data[offset + i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
