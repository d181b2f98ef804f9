package io.switchboard.api.email;

import java.util.List;
import java.util.Locale;

/**
 * Every word Switchboard mails, in Russian and English. A language tag starting with {@code ru} gets Russian, any
 * other English.
 */
public final class MailTexts {
    /** The line above which a visitor writes a reply; the inbound side cuts everything from it down. */
    public static final String REPLY_ABOVE_EN = "--- Write your reply above this line ---";
    public static final String REPLY_ABOVE_RU = "--- Напишите ответ выше этой строки ---";

    private MailTexts() {
    }

    /** {@code ru} or {@code en} for a language tag; {@code fallback} when the tag is null or blank. */
    public static String language(String tag, String fallback) {
        String t = tag == null || tag.isBlank() ? fallback : tag;
        return t != null && t.trim().toLowerCase(Locale.ROOT).startsWith("ru") ? "ru" : "en";
    }

    public record Mail(String subject, String text) {
    }

    /** The alert to a member: a dialog has waited {@code minutes} for an operator and nobody is online. */
    public static Mail waitingAlert(String language, String assistant, String guest, long minutes, String preview,
                                    String link) {
        boolean ru = "ru".equals(language);
        String last = preview == null || preview.isBlank() ? "" : (ru ? "Последнее сообщение: " : "Last message: ")
                + preview + "\n\n";
        if (ru) {
            return new Mail("Посетитель ждёт оператора " + minutes + " мин — " + assistant,
                    "Посетитель «" + guest + "» ждёт оператора в «" + assistant + "» уже " + minutes
                            + " мин., а сейчас никого из операторов нет в сети.\n\n" + last
                            + "Открыть диалог: " + link + "\n");
        }
        return new Mail("A visitor has been waiting " + minutes + " min for an operator — " + assistant,
                "The visitor \"" + guest + "\" has been waiting for an operator in \"" + assistant + "\" for " + minutes
                        + " min, and no operator is online.\n\n" + last + "Open the conversation: " + link + "\n");
    }

    /** One operator reply in a visitor's mail. */
    public record Reply(String author, String text) {
    }

    /** The operators' replies a visitor did not see, with the line to reply above. */
    public static Mail visitorReplies(String language, String assistant, List<Reply> replies) {
        boolean ru = "ru".equals(language);
        StringBuilder body = new StringBuilder();
        body.append(ru ? REPLY_ABOVE_RU : REPLY_ABOVE_EN).append("\n\n");
        body.append(ru ? "Вам ответили в чате «" + assistant + "»:" : "You have a reply in the \"" + assistant + "\" chat:")
                .append("\n\n");
        for (Reply r : replies) {
            String author = r.author() == null || r.author().isBlank() ? (ru ? "Оператор" : "Operator") : r.author();
            body.append(author).append(":\n").append(r.text()).append("\n\n");
        }
        body.append(ru ? "Чтобы продолжить разговор, ответьте на это письмо или откройте чат на сайте."
                : "To continue the conversation, reply to this email or open the chat on the website.").append("\n");
        return new Mail(ru ? assistant + ": ответ на ваш вопрос" : assistant + ": a reply to your question",
                body.toString());
    }
}
