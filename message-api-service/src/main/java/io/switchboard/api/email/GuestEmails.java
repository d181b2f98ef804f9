package io.switchboard.api.email;

import io.switchboard.api.entity.AssistantMember;
import io.switchboard.api.entity.GuestContext;
import io.switchboard.api.entity.GuestEmail;
import io.switchboard.api.presence.OperatorPresence;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor's side of email when nobody is online: whether any operator of the dialog's assistant is online now,
 * and the address the visitor leaves for replies. Every method takes a dialog already proven to be the caller's own
 * ({@link io.switchboard.api.service.DialogAccess#forGuest}), so a visitor only ever reads or changes its own row.
 */
@ApplicationScoped
public class GuestEmails {
    /** How long one assistant's "anyone online" answer is shared by its visitors' widgets. */
    static final long ONLINE_MEMO_MILLIS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EmailConfig config;
    @Inject
    OperatorPresence presence;

    private final Map<Long, long[]> onlineMemo = new ConcurrentHashMap<>();

    /**
     * {@code GET …/dialogs/{id}/availability}: {@code operators_online}, the address the visitor left ({@code email},
     * null when none) and whether the installation mails at all ({@code email_enabled}).
     */
    public record Availability(boolean operatorsOnline, String email, boolean emailEnabled) {
    }

    /** The body of {@code PUT …/dialogs/{id}/email}. */
    public record EmailBody(String email, String locale) {
    }

    @Transactional
    public Availability availability(DialogRecord own) {
        GuestEmail row = GuestEmail.findById(own.id());
        return new Availability(operatorsOnline(own.assistantId()), row == null ? null : row.email, config.enabled());
    }

    /** Saves (or replaces) the visitor's address; replies from now on that the visitor does not see go there. */
    @Transactional
    public Availability save(DialogRecord own, EmailBody body) {
        if (!config.enabled()) {
            throw new ApiException(409, "email_disabled", "This service does not send email.");
        }
        if (body == null) {
            throw ApiException.validation("The request needs a JSON body, for example {\"email\": \"me@example.com\"}.");
        }
        String email = body.email() == null ? null : body.email().trim();
        if (!GuestContexts.isEmail(email)) {
            throw ApiException.validation("email must be an email address of at most " + GuestContext.EMAIL_MAX
                    + " characters, for example me@example.com.");
        }
        String locale = body.locale() == null || body.locale().isBlank() ? null : body.locale().trim();
        if (locale != null && !GuestContexts.isLocale(locale)) {
            throw ApiException.validation("locale must be a language tag such as ru-RU or en.");
        }
        GuestEmail row = GuestEmail.findById(own.id());
        Instant now = Instant.now();
        if (row == null) {
            row = new GuestEmail();
            row.dialogId = own.id();
            row.assistantId = own.assistantId();
            row.replyToken = newToken();
            // The visitor is at the widget now and sees everything so far: only later replies are mailed.
            row.mailedSeq = own.lastSeq();
            row.createdAt = now;
        }
        row.email = email;
        row.locale = locale;
        row.attempts = 0;
        row.nextAttemptAt = null;
        row.updatedAt = now;
        row.persist();
        // Operators of this assistant see the address where they see the visitor's other details.
        GuestContext context = GuestContext.findById(own.id());
        if (context == null) {
            context = new GuestContext();
            context.dialogId = own.id();
        }
        context.email = email;
        context.updatedAt = now;
        context.persist();
        return new Availability(operatorsOnline(own.assistantId()), email, true);
    }

    /** Forgets the visitor's address: nothing more is mailed, and replies to earlier mails are not accepted. */
    @Transactional
    public void remove(DialogRecord own) {
        GuestEmail.deleteById(own.id());
    }

    /** True while some member of the assistant is online (connected and not away); shared for a few seconds. */
    public boolean operatorsOnline(long assistantId) {
        long now = System.currentTimeMillis();
        long[] memo = onlineMemo.get(assistantId);
        if (memo != null && now - memo[0] < ONLINE_MEMO_MILLIS) {
            return memo[1] == 1;
        }
        boolean online = presence.reader().anyOnline(memberIds(assistantId));
        onlineMemo.put(assistantId, new long[] {now, online ? 1 : 0});
        if (onlineMemo.size() > 10_000) {
            onlineMemo.entrySet().removeIf(e -> now - e.getValue()[0] >= ONLINE_MEMO_MILLIS);
        }
        return online;
    }

    /** The assistant's members (operators and the assistant's admins), the people "an operator" means here. */
    @Transactional
    public List<Long> memberIds(long assistantId) {
        return AssistantMember.<AssistantMember>list("assistantId", assistantId).stream().map(m -> m.userId).toList();
    }

    private static String newToken() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
