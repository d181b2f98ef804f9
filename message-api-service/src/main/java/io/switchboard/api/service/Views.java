package io.switchboard.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import java.time.Instant;
import java.util.List;

/** The JSON shapes the REST API answers with (snake_case on the wire), as agreed with the web clients. */
public final class Views {
    private Views() {
    }

    /** An account as clients show it; never the password hash. */
    public record User(long id, String username, String displayName, String role, boolean active) {
    }

    /** Every user, for admins. */
    public record Users(java.util.List<User> users) {
    }

    /** Answer to a login. */
    public record Login(String accessToken, String tokenType, long expiresIn, User user) {
    }

    /** A one-time socket ticket. */
    public record Ticket(String ticket, long expiresIn) {
    }

    /** Where a browser finds the socket services; empty means the page's own origin. */
    /** Where the socket services are, and this server's clock ({@code doctor} compares it with its own). */
    public record ClientConfig(String adminWsUrl, String widgetWsUrl, Instant serverTime) {
    }

    /**
     * A page of a dialog's history in seq order. A page read back from {@code before_seq} also says whether older
     * messages exist ({@code has_more}) and the cursor of the next older page ({@code next_before_seq}, the first seq
     * of this page; absent when there is none); pages read forward from {@code after_seq} carry neither.
     */
    public record MessagesPage(long dialogId, long lastSeq, List<MessagePayload> messages,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasMore,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long nextBeforeSeq) {
        public MessagesPage(long dialogId, long lastSeq, List<MessagePayload> messages) {
            this(dialogId, lastSeq, messages, null, null);
        }
    }

    /** A posted message and whether it is new (201) or a repeat of its {@code client_msg_id} (200). */
    public record Posted(MessagePayload message, boolean created) {
    }

    /**
     * A dialog and whether this call opened it (201) or found the guest's open one (200), with the guest's
     * credential: the one presented, or a new one when none (or one not valid here) was presented.
     */
    public record Opened(GuestDialog dialog, boolean created) {
    }

    /** The answer to opening a guest dialog: the dialog's fields plus {@code guest_token} (and whether it is new). */
    public record GuestDialog(@JsonUnwrapped DialogPayload dialog, String guestToken, boolean guestTokenIssued) {
    }

    /** A reader's watermark after a read. */
    public record Read(long dialogId, String reader, long lastReadSeq) {
    }

    /** The dialog list. */
    public record Dialogs(List<DialogPayload> dialogs) {
    }

    /** A dialog a search found, with the newest message that matched ({@code null}: the guest matched, not words). */
    public record DialogMatch(DialogPayload dialog, Match match) {
    }

    /** A page of search results; {@code next_offset} asks for the next page while {@code has_more}. */
    public record DialogMatches(List<DialogMatch> dialogs, boolean hasMore, Integer nextOffset) {
    }

    /**
     * The newest matching message of a found dialog: its seq (to open the dialog there), sender, time, and a snippet
     * of plain text around the matched words, with {@code highlights} as {@code [start, end)} pairs of UTF-16 indexes
     * into the snippet (JavaScript string indexes), so a client marks them without parsing markup.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Match(long seq, String sender, Instant createdAt, String snippet, List<int[]> highlights) {
        /** Splits a ts_headline answer whose hits are enclosed in {@code start}/{@code stop} marks. */
        public static Match of(long seq, String sender, Instant createdAt, String marked, char start, char stop) {
            StringBuilder text = new StringBuilder(marked == null ? 0 : marked.length());
            List<int[]> ranges = new java.util.ArrayList<>();
            int open = -1;
            for (int i = 0; marked != null && i < marked.length(); i++) {
                char c = marked.charAt(i);
                if (c == start) {
                    open = text.length();
                } else if (c == stop) {
                    if (open >= 0 && text.length() > open) {
                        ranges.add(new int[] {open, text.length()});
                    }
                    open = -1;
                } else {
                    text.append(c);
                }
            }
            return new Match(seq, sender, createdAt, text.toString(), ranges);
        }
    }

    /** A freshly issued site token; the only time it exists in clear text. */
    public record WidgetIssued(long id, long assistantId, List<String> allowedDomains, String siteToken,
                               String embedSnippet) {
    }

    /** A site-token row without its token. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Widget(long id, long assistantId, List<String> allowedDomains, boolean revoked,
                         String revokedReason, Instant createdAt) {
    }

    /** The widget list. */
    public record Widgets(List<Widget> widgets) {
    }

    /** Whether a site token may be used on a domain, and if not why. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TokenCheck(boolean valid, String reason, Long assistantId) {
    }

    /** A notification of the caller; {@code seq} is its cursor (1, 2, 3, … per user). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Notification(long id, long seq, String kind, JsonNode payload, Instant createdAt, Instant readAt) {
    }

    /** The notification list, the caller's unread count and newest seq (the cursor to poll from). */
    public record Notifications(List<Notification> notifications, long unread, long lastSeq) {
    }

    /** After marking notifications read: how many changed and how many stay unread. */
    public record NotificationsRead(int marked, long unread) {
    }

    /** An assistant. */
    public record Assistant(long id, String name) {
    }

    /** The assistant list. */
    public record Assistants(List<Assistant> assistants) {
    }

    /** An assistant's service token. */
    public record AssistantToken(String accessToken, long expiresIn) {
    }

    /** A backend's publish token and what it may do; shown once. */
    public record ServiceToken(String accessToken, long expiresIn, List<String> scopes) {
    }
}
