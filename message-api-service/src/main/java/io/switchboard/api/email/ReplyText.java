package io.switchboard.api.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of an email reply: everything above the quoted mail. Cuts at Switchboard's own "reply above this line"
 * marker, at the attribution line mail programs put above a quote ("On … wrote:", "… пишет:", "… написал(а):",
 * "-----Original Message-----", "From: …" of Outlook), at a signature separator ("-- "), and drops "> " quoted lines.
 */
public final class ReplyText {
    private static final List<Pattern> CUT_AT = List.of(
            Pattern.compile("^>?\\s*-{2,}\\s*(Write your reply above this line|Напишите ответ выше этой строки)\\s*-{2,}\\s*$"),
            Pattern.compile("^On\\b.{0,300}\\bwrote:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^.{0,300}(пишет|написал|написала|написал\\(а\\)):\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^-{3,}\\s*(Original Message|Исходное сообщение|Пересылаемое сообщение|Forwarded message)\\s*-{3,}\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Pattern.compile("^(From|От|Von):\\s.*[@<].*$"),
            Pattern.compile("^_{20,}\\s*$"),
            Pattern.compile("^-- ?$"));
    /** Gmail wraps a long attribution: "On Mon, 6 Dec 2026 at 10:00, Shop <" / "reply+…@example.com> wrote:". */
    private static final Pattern WRAPPED_ATTRIBUTION_START = Pattern.compile("^On\\b.{0,300}$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRAPPED_ATTRIBUTION_END = Pattern.compile("^.{0,300}\\bwrote:\\s*$", Pattern.CASE_INSENSITIVE);

    private ReplyText() {
    }

    /** The visitor's own words of a plain-text reply, trimmed; empty when there are none. */
    public static String extract(String body) {
        if (body == null) {
            return "";
        }
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (cuts(stripped) || (i + 1 < lines.length && WRAPPED_ATTRIBUTION_START.matcher(stripped).matches()
                    && WRAPPED_ATTRIBUTION_END.matcher(lines[i + 1].strip()).matches())) {
                break;
            }
            if (stripped.startsWith(">")) {
                continue;
            }
            kept.add(line.stripTrailing());
        }
        return String.join("\n", kept).strip();
    }

    private static boolean cuts(String line) {
        for (Pattern p : CUT_AT) {
            if (p.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Plain text of an HTML body: line breaks kept, tags dropped, the common entities decoded. */
    public static String fromHtml(String html) {
        String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", "")
                .replaceAll("(?is)<blockquote.*", "")
                .replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</(p|div|li|tr|h[1-6])>", "\n")
                .replaceAll("(?s)<[^>]*>", "");
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
