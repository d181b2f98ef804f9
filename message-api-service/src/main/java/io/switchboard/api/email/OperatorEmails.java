package io.switchboard.api.email;

import io.switchboard.api.entity.GuestContext;
import io.switchboard.api.entity.User;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.GuestContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Operators' addresses for alerts about waiting dialogs, and the language the alerts are written in. */
@ApplicationScoped
public class OperatorEmails {
    /** An account's alert address ({@code null}: no alerts) and its language ({@code ru} or {@code en}). */
    public record Settings(long userId, String email, String locale) {
        static Settings of(User u) {
            return new Settings(u.id, u.email, u.locale);
        }
    }

    public record AllSettings(List<Settings> users) {
    }

    /** The body of {@code PUT /api/account/email} and {@code PUT /api/users/{id}/email}; a blank email clears it. */
    public record Body(String email, String locale) {
    }

    @Transactional
    public Settings get(long userId) {
        return Settings.of(user(userId));
    }

    @Transactional
    public AllSettings all() {
        return new AllSettings(User.<User>list("order by id").stream().map(Settings::of).toList());
    }

    /**
     * Sets the address and language; the language is the body's {@code locale}, else the one the request's
     * {@code Accept-Language} names (the dashboard's language), else what the account had.
     */
    @Transactional
    public Settings set(long userId, Body body, String acceptLanguage) {
        if (body == null) {
            throw ApiException.validation("The request needs a JSON body, for example {\"email\": \"vera@example.com\"}.");
        }
        String email = body.email() == null || body.email().isBlank() ? null : body.email().trim();
        if (email != null && !GuestContexts.isEmail(email)) {
            throw ApiException.validation("email must be an email address of at most " + GuestContext.EMAIL_MAX
                    + " characters, for example vera@example.com (or empty for no alerts).");
        }
        String locale = body.locale() == null || body.locale().isBlank() ? null : body.locale().trim();
        if (locale != null && !GuestContexts.isLocale(locale)) {
            throw ApiException.validation("locale must be a language tag such as ru or en.");
        }
        User u = user(userId);
        u.email = email;
        if (locale != null) {
            u.locale = MailTexts.language(locale, "en");
        } else if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            u.locale = MailTexts.language(acceptLanguage, "en");
        }
        return Settings.of(u);
    }

    private static User user(long userId) {
        User u = User.findById(userId);
        if (u == null) {
            throw ApiException.notFound("user_not_found", "There is no user with id " + userId + ".");
        }
        return u;
    }
}
