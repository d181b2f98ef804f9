package io.switchboard.api.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Posting messages: input rules, who the sender is, and the repeat of a {@code client_msg_id}. */
@ApplicationScoped
public class MessageService {
    /** Longest message text, in characters (the schema's limit). */
    public static final int MAX_TEXT = 4000;
    /** Longest {@code client_msg_id}. */
    public static final int MAX_CLIENT_MSG_ID = 100;

    private final RateLimiter guestPosts = new RateLimiter(60_000);

    @Inject
    MessageAppender appender;
    @Inject
    MessageRepository messages;
    @Inject
    DialogAccess access;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry registry;

    /** The body of a message post. */
    public record NewMessage(String text, String clientMsgId) {
    }

    /** An operator's reply, or an assistant token's answer ({@code sender: assistant}). */
    public Views.Posted postAsStaff(Caller caller, long dialogId, NewMessage body) {
        NewMessage m = validate(body);
        access.forStaff(caller, dialogId);
        if (caller.isAssistant()) {
            return post(dialogId, Senders.ASSISTANT, caller.displayName(), m, null);
        }
        return post(dialogId, Senders.OPERATOR, caller.displayName(), m, caller.reader());
    }

    /** A guest's message ({@code sender: user}) in a dialog already checked to be theirs. */
    public Views.Posted postAsGuest(DialogRecord ownDialog, NewMessage body) {
        NewMessage m = validate(body);
        if (!guestPosts.tryAcquire(ownDialog.id() + "/" + ownDialog.guestId(), config.limits().guestMessagesPerMinute())) {
            throw ApiException.rateLimited("You are sending messages too fast; wait a moment and try again.");
        }
        return post(ownDialog.id(), Senders.USER, null, m, StoreWrites.GUEST_READER);
    }

    private Views.Posted post(long dialogId, String sender, String author, NewMessage m, String reader) {
        Views.Posted posted;
        try {
            posted = appender.append(dialogId, sender, author, m.text(), m.clientMsgId(), reader);
        } catch (DataAccessException e) {
            // Belt and braces behind the row lock: the loser of an identical concurrent post answers like a repeat.
            if (m.clientMsgId() != null && e.violates("messages_dialog_client_msg_uk")) {
                posted = new Views.Posted(messages.findByClientMsgId(dialogId, m.clientMsgId()).orElseThrow(() -> e),
                        false);
            } else {
                throw e;
            }
        }
        registry.counter(posted.created() ? "switchboard.messages.posted" : "switchboard.messages.repeated",
                "sender", sender).increment();
        return posted;
    }

    private static NewMessage validate(NewMessage body) {
        Validation.body(body, "{\"text\": \"Hello\"}");
        String text = body.text();
        if (text == null || text.isBlank()) {
            throw ApiException.validation("text is required and must not be empty.");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new ApiException(413, "text_too_long", "The message is " + length + " characters long; the limit is "
                    + MAX_TEXT + ".");
        }
        String clientMsgId = body.clientMsgId();
        if (clientMsgId != null) {
            clientMsgId = clientMsgId.trim();
            if (clientMsgId.isEmpty()) {
                clientMsgId = null;
            } else if (clientMsgId.length() > MAX_CLIENT_MSG_ID) {
                throw ApiException.validation("client_msg_id must be at most " + MAX_CLIENT_MSG_ID + " characters long.");
            }
        }
        return new NewMessage(text, clientMsgId);
    }
}
