package io.switchboard.api.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.api.repository.WriteAccess;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Posting messages: input rules, who the sender is, and the repeat of a {@code client_msg_id}. */
@ApplicationScoped
public class MessageService {
    /** Longest message text, in characters (the schema's limit). */
    public static final int MAX_TEXT = 4000;
    private static final String CLIENT_MSG_ID_UNIQUE = "messages_dialog_client_msg_uk";
    /** Longest {@code client_msg_id}. */
    public static final int MAX_CLIENT_MSG_ID = 100;

    /** Counters by outcome and sender, looked up once instead of per post. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    MessageAppender appender;
    @Inject
    GroupCommit groupCommit;
    @Inject
    MessageRepository messages;
    @Inject
    DialogAccess access;
    @Inject
    AbuseLimits limits;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Validator validator;

    /** The body of a message post; a text longer than {@link #MAX_TEXT} is 413 {@code text_too_long}, not 400. */
    public record NewMessage(@NotBlank(message = "text is required and must not be empty.") String text,
                             @BodyConstraints.MaxCharacters(value = MAX_CLIENT_MSG_ID, message = "client_msg_id must be at most "
                                     + MAX_CLIENT_MSG_ID + " characters long.") String clientMsgId) {
    }

    /** An operator's reply, or an assistant token's answer ({@code sender: assistant}). */
    public Views.Posted postAsStaff(Caller caller, long dialogId, NewMessage body) {
        NewMessage m = validate(body);
        String sender = caller.isAssistant() ? Senders.ASSISTANT : Senders.OPERATOR;
        String reader = caller.isAssistant() ? null : caller.reader();
        Long holder = caller.isAssistant() ? null : caller.userId();
        WriteAccess rule = caller.isAssistant() ? WriteAccess.assistant(caller.assistantId())
                : caller.isAdmin() ? WriteAccess.holder(holder) : WriteAccess.member(holder);
        Optional<Views.Posted> direct = tryAppend(dialogId, rule, sender, caller.displayName(), m, reader);
        if (direct.isPresent()) {
            return counted(direct.get(), sender);
        }
        // Not written: the access check and the full path say why (404, 403, 409) or answer the repeat.
        access.forStaff(caller, dialogId);
        return post(dialogId, sender, caller.displayName(), m, reader, holder);
    }

    /**
     * A guest's message ({@code sender: user}). Whether the dialog is the guest's is checked by the write itself;
     * every answer that is not a stored message checks it first, so a stranger learns nothing but 403.
     */
    public Views.Posted postAsGuest(long dialogId, GuestCredentialRecord guest, NewMessage body) {
        long assistantId = guest.assistantId();
        String guestId = guest.guestId();
        NewMessage m;
        try {
            m = validate(body);
        } catch (ApiException | ConstraintViolationException e) {
            access.forGuest(guest, dialogId);
            throw e;
        }
        try {
            limits.guestPostInDialog(dialogId);
            limits.forAssistant(AbuseLimits.Kind.GUEST_POST, assistantId);
        } catch (ApiException e) {
            access.forGuest(guest, dialogId);
            throw e;
        }
        Optional<Views.Posted> direct = tryAppend(dialogId, WriteAccess.guest(assistantId, guestId), Senders.USER, null,
                m, StoreWrites.GUEST_READER);
        if (direct.isPresent()) {
            return counted(direct.get(), Senders.USER);
        }
        DialogRecord own = access.forGuest(guest, dialogId);
        return post(own.id(), Senders.USER, null, m, StoreWrites.GUEST_READER, null);
    }

    /**
     * The one-statement post, in a group-commit batch (or on its own when the batch rolled back or group commit is
     * off); empty when it wrote nothing or lost a race for the same {@code client_msg_id}.
     */
    private Optional<Views.Posted> tryAppend(long dialogId, WriteAccess rule, String sender, String author, NewMessage m,
                                             String reader) {
        try {
            if (groupCommit.enabled()) {
                GroupCommit.Outcome batched = groupCommit.append(new GroupCommit.Post(dialogId, rule, sender, author,
                        m.text(), m.clientMsgId(), reader));
                if (!batched.alone()) {
                    return Optional.ofNullable(batched.posted());
                }
            }
            return appender.tryAppend(dialogId, rule, sender, author, m.text(), m.clientMsgId(), reader);
        } catch (RuntimeException e) {
            if (m.clientMsgId() != null && DataAccessException.violated(e, CLIENT_MSG_ID_UNIQUE)) {
                // A concurrent post with the same client_msg_id won; the full path answers with its message.
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @param holder the operator or admin writing, who must hold the dialog; null for guests and assistants */
    private Views.Posted post(long dialogId, String sender, String author, NewMessage m, String reader, Long holder) {
        Views.Posted posted;
        try {
            posted = appender.append(dialogId, sender, author, m.text(), m.clientMsgId(), reader, holder);
        } catch (RuntimeException e) {
            // Belt and braces behind the row lock: the loser of an identical concurrent post answers like a repeat.
            if (m.clientMsgId() != null && DataAccessException.violated(e, CLIENT_MSG_ID_UNIQUE)) {
                posted = new Views.Posted(messages.findByClientMsgId(dialogId, m.clientMsgId()).orElseThrow(() -> e),
                        false);
            } else {
                throw e;
            }
        }
        return counted(posted, sender);
    }

    private Views.Posted counted(Views.Posted posted, String sender) {
        String name = posted.created() ? "switchboard.messages.posted" : "switchboard.messages.repeated";
        counters.computeIfAbsent(name + "/" + sender, k -> registry.counter(name, "sender", sender)).increment();
        return posted;
    }

    /** The rules of {@link NewMessage}, checked here: a guest hears about them only once the dialog is its own. */
    private NewMessage validate(NewMessage body) {
        if (body == null) {
            throw ApiException.validation("The request needs a JSON body, for example {\"text\": \"Hello\"}.");
        }
        Set<ConstraintViolation<NewMessage>> broken = validator.validate(body);
        if (!broken.isEmpty()) {
            throw new ConstraintViolationException(broken);
        }
        String text = body.text();
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
            }
        }
        return new NewMessage(text, clientMsgId);
    }
}
