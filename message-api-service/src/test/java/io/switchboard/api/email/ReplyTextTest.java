package io.switchboard.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The visitor's own words of an email reply, without the quote, the attribution line or the signature. */
class ReplyTextTest {
    @Test
    void cutsGmailsEnglishAttributionAndTheQuote() {
        assertThat(ReplyText.extract("Thanks, see you tomorrow!\r\n\r\nOn Sun, Dec 6, 2026 at 10:00 AM Shop"
                + " <support+ab@x.com> wrote:\r\n> Your order ships today.\r\n")).isEqualTo("Thanks, see you tomorrow!");
    }

    @Test
    void cutsAWrappedAttribution() {
        assertThat(ReplyText.extract("Great\n\nOn Sun, Dec 6, 2026 at 10:00 AM Shop support <\nsupport+ab@x.com> wrote:\n> q"))
                .isEqualTo("Great");
    }

    @Test
    void cutsRussianAttributionsOfYandexAndMailRu() {
        assertThat(ReplyText.extract("Спасибо!\n\n06.12.2026, 10:00, \"Shop\" <support@x.ru>:\n"
                + "\n6 дек. 2026 г., в 10:00, Shop <support@x.ru> пишет:\n> Ответ")).isEqualTo(
                "Спасибо!\n\n06.12.2026, 10:00, \"Shop\" <support@x.ru>:");
        assertThat(ReplyText.extract("Да, подходит\n\nВоскресенье, 6 декабря 2026, 10:00 +03:00 от Shop <s@x.ru>"
                + " написал(а):\n> текст")).isEqualTo("Да, подходит");
    }

    @Test
    void cutsAtOurMarkerOutlookHeadersAndASignature() {
        assertThat(ReplyText.extract("Ok\n--- Write your reply above this line ---\nold")).isEqualTo("Ok");
        assertThat(ReplyText.extract("Хорошо\n> --- Напишите ответ выше этой строки ---\nстарое")).isEqualTo("Хорошо");
        assertThat(ReplyText.extract("Fine\n\n-----Original Message-----\nFrom: Shop\n")).isEqualTo("Fine");
        assertThat(ReplyText.extract("Fine\n________________________________\nFrom: Shop <s@x.com>\nSent: today"))
                .isEqualTo("Fine");
        assertThat(ReplyText.extract("Fine\n-- \nMaria Petrova\n+7 900 000 00 00")).isEqualTo("Fine");
    }

    @Test
    void keepsOrdinaryTextThatOnlyLooksLikeAHeaderAndDropsInlineQuotes() {
        assertThat(ReplyText.extract("From: my side it works.\n> quoted\nThanks")).isEqualTo("From: my side it works.\nThanks");
        assertThat(ReplyText.extract("> only a quote\n")).isEmpty();
        assertThat(ReplyText.extract(null)).isEmpty();
    }

    @Test
    void htmlBecomesText() {
        assertThat(ReplyText.extract(ReplyText.fromHtml("<div>Hi &amp; thanks<br>Maria</div><blockquote>old</blockquote>")))
                .isEqualTo("Hi & thanks\nMaria");
    }
}
