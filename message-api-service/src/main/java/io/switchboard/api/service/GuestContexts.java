package io.switchboard.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.quarkus.logging.Log;
import io.switchboard.api.entity.GuestContext;
import io.switchboard.api.presence.OperatorPresence;
import io.switchboard.presence.PresenceReader;
import io.switchboard.events.DialogPayload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The guest's context (page URL, language, optional name and email, browser) that the widget sends when it opens a
 * dialog ({@code "context": {...}} on {@code POST /api/widget/dialogs} and {@code /api/site/dialogs}), stored with
 * the dialog and shown as {@code guest_context} on the operators' REST dialog list and detail only: those answer
 * only dialogs of the caller's assistants, so another assistant's operator never sees it. Socket frames do not
 * carry it (the dashboard reads the detail when a socket tells it about a dialog it has not seen).
 */
@ApplicationScoped
public class GuestContexts {
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
    private static final Pattern PAGE_URL = Pattern.compile("(?i)https?://[^\\s/?#@]+([/?#]\\S*)?");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    @Inject
    GuestDialogService guests;

    @Inject
    OperatorPresence presence;

    /** {@code "context"} of a create-dialog body; every field optional. */
    public record Input(String pageUrl, String locale, String name, String email) {
    }

    /** {@code guest_context} as operators get it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(@JsonProperty("page_url") String pageUrl, @JsonProperty("locale") String locale,
                       @JsonProperty("name") String name, @JsonProperty("email") String email,
                       @JsonProperty("browser") String browser) {
        static View of(GuestContext c) {
            return new View(c.pageUrl, c.locale, c.name, c.email, c.browser);
        }
    }

    /**
     * A dialog as operators get it on REST: the dialog's fields plus {@code guest_context} when there is one, and
     * the visitor's presence: {@code guest_online} (a widget connection to the dialog is open on some node) and
     * {@code guest_last_seen} (when the visitor was last connected; absent when never, or while Redis is down).
     */
    public static final class OperatorDialog {
        private final DialogPayload dialog;
        private final View guestContext;
        private final PresenceReader.GuestPresence guestPresence;
        private final Views.Match match;

        public OperatorDialog(DialogPayload dialog, View guestContext) {
            this(dialog, guestContext, null);
        }

        public OperatorDialog(DialogPayload dialog, View guestContext, PresenceReader.GuestPresence guestPresence) {
            this(dialog, guestContext, guestPresence, null);
        }

        /** A search result: with the newest message whose words matched (null: the guest matched). */
        public OperatorDialog(DialogPayload dialog, View guestContext, PresenceReader.GuestPresence guestPresence,
                              Views.Match match) {
            this.dialog = dialog;
            this.guestContext = guestContext;
            this.guestPresence = guestPresence;
            this.match = match;
        }

        @JsonProperty("guest_online")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Boolean getGuestOnline() {
            return guestPresence == null ? null : guestPresence.online();
        }

        @JsonProperty("guest_last_seen")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Instant getGuestLastSeen() {
            return guestPresence == null || guestPresence.lastSeen() == null ? null
                    : Instant.ofEpochMilli(guestPresence.lastSeen());
        }

        /** Search results only: the newest message whose words matched (absent when the guest matched). */
        @JsonProperty("match")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Views.Match getMatch() {
            return match;
        }

        @JsonUnwrapped
        public DialogPayload getDialog() {
            return dialog;
        }

        @JsonProperty("guest_context")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public View getGuestContext() {
            return guestContext;
        }
    }

    /**
     * The operators' dialog list with each dialog's guest context. A search answer also says whether another page
     * exists and where it starts ({@code has_more}, {@code next_offset}); the plain list carries neither.
     */
    public record OperatorDialogs(List<OperatorDialog> dialogs,
                                  @JsonProperty("has_more") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasMore,
                                  @JsonProperty("next_offset") @JsonInclude(JsonInclude.Include.NON_NULL) Integer nextOffset) {
        public OperatorDialogs(List<OperatorDialog> dialogs) {
            this(dialogs, null, null);
        }
    }

    /**
     * Opens (or finds) the guest's dialog and stores its context in the same transaction, so an operator who hears
     * of the new dialog finds the context with it. The context is checked first: bad input opens nothing.
     */
    @Transactional
    public Views.Opened open(long assistantId, Long widgetId, String guestToken, Input context, String userAgent) {
        Input clean = context == null ? null : validate(context);
        Views.Opened opened = guests.open(assistantId, widgetId, guestToken);
        if (clean != null || (userAgent != null && !userAgent.isBlank())) {
            save(opened.dialog().dialog().id(), clean, browser(userAgent));
        }
        return opened;
    }

    private static void save(long dialogId, Input input, String browser) {
        GuestContext row = GuestContext.findById(dialogId);
        if (row == null) {
            row = new GuestContext();
            row.dialogId = dialogId;
        }
        if (input != null) {
            row.pageUrl = input.pageUrl() != null ? input.pageUrl() : row.pageUrl;
            row.locale = input.locale() != null ? input.locale() : row.locale;
            row.name = input.name() != null ? input.name() : row.name;
            row.email = input.email() != null ? input.email() : row.email;
        }
        row.browser = browser != null ? browser : row.browser;
        row.updatedAt = Instant.now();
        row.persist();
    }

    /** Checks and trims the context: an over-long page URL is cut, anything else out of shape is a 400. */
    public static Input validate(Input in) {
        String url = blankToNull(in.pageUrl());
        if (url != null) {
            url = cut(url, GuestContext.URL_MAX);
            if (!PAGE_URL.matcher(url).matches()) {
                throw ApiException.validation("context.page_url must be an http or https URL.");
            }
        }
        String locale = blankToNull(in.locale());
        if (locale != null && (locale.length() > GuestContext.LOCALE_MAX || !LOCALE.matcher(locale).matches())) {
            throw ApiException.validation("context.locale must be a language tag such as ru-RU or en.");
        }
        String name = blankToNull(in.name());
        if (name != null && name.codePointCount(0, name.length()) > GuestContext.NAME_MAX) {
            throw ApiException.validation("context.name must be at most " + GuestContext.NAME_MAX + " characters long.");
        }
        String email = blankToNull(in.email());
        if (email != null && (email.length() > GuestContext.EMAIL_MAX || !EMAIL.matcher(email).matches())) {
            throw ApiException.validation("context.email must be an email address of at most "
                    + GuestContext.EMAIL_MAX + " characters.");
        }
        return new Input(url, locale, name, email);
    }

    /** True for something shaped like an email address that fits the schema's columns (also used by issue 14's forms). */
    public static boolean isEmail(String email) {
        return email != null && email.length() <= GuestContext.EMAIL_MAX && EMAIL.matcher(email).matches();
    }

    /** True for a language tag such as {@code ru-RU} or {@code en}. */
    public static boolean isLocale(String locale) {
        return locale != null && locale.length() <= GuestContext.LOCALE_MAX && LOCALE.matcher(locale).matches();
    }

    /** A short browser name from a User-Agent header ("Chrome 120 · Windows"), null when there is none. */
    public static String browser(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String ua = userAgent;
        String name = match(ua, "Edg/(\\d+)", "Edge")
                .or(() -> match(ua, "OPR/(\\d+)", "Opera"))
                .or(() -> match(ua, "YaBrowser/(\\d+)", "Yandex Browser"))
                .or(() -> match(ua, "Firefox/(\\d+)", "Firefox"))
                .or(() -> match(ua, "(?:HeadlessChrome|Chrome|CriOS)/(\\d+)", "Chrome"))
                .or(() -> ua.contains("Safari/") ? match(ua, "Version/(\\d+)", "Safari") : java.util.Optional.empty())
                .orElse(null);
        String os = ua.contains("Android") ? "Android"
                : ua.contains("iPhone") || ua.contains("iPad") ? "iOS"
                : ua.contains("Windows") ? "Windows"
                : ua.contains("Mac OS X") ? "macOS"
                : ua.contains("Linux") ? "Linux" : null;
        String result = name == null ? os : os == null ? name : name + " · " + os;
        return result == null ? cut(ua.trim(), 40) : cut(result, GuestContext.BROWSER_MAX);
    }

    private static java.util.Optional<String> match(String ua, String regex, String name) {
        var m = Pattern.compile(regex).matcher(ua);
        return m.find() ? java.util.Optional.of(name + " " + m.group(1)) : java.util.Optional.empty();
    }

    /** Adds each dialog's guest context; the dialogs are the ones the caller was already allowed to see. */
    public OperatorDialogs withContexts(Views.Dialogs dialogs) {
        List<Long> ids = dialogs.dialogs().stream().map(DialogPayload::id).toList();
        Map<Long, GuestContext> byDialog = GuestContext.forDialogs(ids).stream()
                .collect(Collectors.toMap(c -> c.dialogId, Function.identity()));
        Map<Long, PresenceReader.GuestPresence> online = guestPresence(ids);
        return new OperatorDialogs(dialogs.dialogs().stream()
                .map(d -> new OperatorDialog(d, byDialog.containsKey(d.id()) ? View.of(byDialog.get(d.id())) : null,
                        online.get(d.id())))
                .toList());
    }

    /** Search results with each found dialog's guest context; the dialogs are the ones the caller may see. */
    public OperatorDialogs withContexts(Views.DialogMatches found) {
        List<Long> ids = found.dialogs().stream().map(m -> m.dialog().id()).toList();
        Map<Long, GuestContext> byDialog = GuestContext.forDialogs(ids).stream()
                .collect(Collectors.toMap(c -> c.dialogId, Function.identity()));
        Map<Long, PresenceReader.GuestPresence> online = guestPresence(ids);
        return new OperatorDialogs(found.dialogs().stream()
                .map(m -> new OperatorDialog(m.dialog(), byDialog.containsKey(m.dialog().id())
                        ? View.of(byDialog.get(m.dialog().id())) : null, online.get(m.dialog().id()), m.match()))
                .toList(), found.hasMore(), found.nextOffset());
    }

    /** One dialog (already checked to be the caller's) with its guest context. */
    public OperatorDialog withContext(DialogPayload dialog) {
        GuestContext c = GuestContext.findById(dialog.id());
        return new OperatorDialog(dialog, c == null ? null : View.of(c), guestPresence(List.of(dialog.id())).get(dialog.id()));
    }

    /** The visitors' presence of these dialogs in one Redis round trip; none while Redis does not answer. */
    private Map<Long, PresenceReader.GuestPresence> guestPresence(List<Long> dialogIds) {
        if (dialogIds.isEmpty()) {
            return Map.of();
        }
        try {
            return presence.reader().guests(dialogIds);
        } catch (RuntimeException e) {
            Log.debugf("visitors' presence unavailable: %s", e.toString());
            return Map.of();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
