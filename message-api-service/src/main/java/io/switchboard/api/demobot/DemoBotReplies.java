package io.switchboard.api.demobot;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What the demo bot says: a handful of FAQ answers in the guest's language (Russian or English). */
public final class DemoBotReplies {
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

    /** The bot's answer, and whether the guest asked for a person (then the bot hands the dialog over). */
    public record Reply(String text, boolean handoff) {
    }

    private record Rule(List<String> words, String ru, String en, boolean handoff) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(List.of("оператор", "человек", "живой", "operator", "human", "person", "agent"),
                    "Передаю разговор оператору — он подключится в ближайшее время.",
                    "I am handing you over to an operator; someone will join shortly.", true),
            new Rule(List.of("цен", "стоим", "тариф", "сколько стоит", "price", "pricing", "cost", "plan"),
                    "Тарифы: Старт — бесплатно до 100 диалогов в месяц, Команда — 29 € в месяц за оператора.",
                    "Plans: Start is free up to 100 dialogs a month, Team is €29 a month per operator.", false),
            new Rule(List.of("доставк", "shipping", "delivery", "deliver"),
                    "Доставка занимает 2–4 рабочих дня, по Москве и Петербургу — на следующий день.",
                    "Delivery takes 2–4 working days; next day in major cities.", false),
            new Rule(List.of("час", "работаете", "график", "hours", "open", "when are you"),
                    "Мы работаем по будням с 9:00 до 18:00 (МСК); бот отвечает круглосуточно.",
                    "We are open on weekdays from 9:00 to 18:00 (CET); the bot answers around the clock.", false),
            new Rule(List.of("возврат", "вернуть", "refund", "return"),
                    "Вернуть товар можно в течение 14 дней: напишите номер заказа, и оператор оформит возврат.",
                    "You can return an item within 14 days: send your order number and an operator will arrange it.",
                    false),
            new Rule(List.of("привет", "здравствуй", "добрый", "доброе", "hello", "hi", "hey", "good morning",
                    "good evening"),
                    "Здравствуйте! Я демо-ассистент Switchboard. Спросите о ценах, доставке, часах работы или возврате"
                            + " — или напишите «оператор», чтобы позвать человека.",
                    "Hello! I am Switchboard's demo assistant. Ask about prices, delivery, opening hours or returns"
                            + " — or write \"operator\" to talk to a person.", false));

    private DemoBotReplies() {
    }

    /** The answer to a guest's message. */
    public static Reply to(String guestText) {
        String text = guestText.toLowerCase(Locale.ROOT);
        boolean russian = CYRILLIC.matcher(guestText).find();
        for (Rule r : RULES) {
            for (String w : r.words()) {
                if (matches(text, w)) {
                    return new Reply(russian ? r.ru() : r.en(), r.handoff());
                }
            }
        }
        return new Reply(russian
                ? "Я демо-бот и знаю немногое: цены, доставка, часы работы, возврат. Напишите «оператор», чтобы позвать человека."
                : "I am a demo bot and know a few things: prices, delivery, opening hours, returns. Write \"operator\" to"
                        + " talk to a person.", false);
    }

    /** Latin words match whole words, plurals too ("hi" is not "this", "price" is "prices"); Russian stems match the start of a word. */
    private static boolean matches(String text, String word) {
        boolean latin = word.chars().allMatch(ch -> ch < 128);
        String pattern = latin ? "(?<![a-z])" + Pattern.quote(word) + "(?:e?s)?(?![a-z])"
                : "(?<![\\p{IsCyrillic}])" + Pattern.quote(word);
        return Pattern.compile(pattern, Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE).matcher(text).find();
    }
}
