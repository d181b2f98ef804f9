package io.switchboard.api.service;

import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.DialogRepository.SeqReservation;
import io.switchboard.api.repository.GuestPostBudget;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.api.repository.ReadStateRepository;
import io.switchboard.api.repository.WriteAccess;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Appends messages to a dialog in one transaction each: lock the dialog row, answer a repeated
 * {@code client_msg_id} with the stored message, enforce the status rules, take the next seq, insert,
 * move the author's read watermark, and record the events to publish after commit. The watermark's move is told by
 * the message itself ({@code author_id}), not by a {@code read} event of its own.
 * A post first tries the one-statement append: in a group-commit batch ({@link #appendAllInBatch}, many posts, one
 * commit) or on its own ({@link #tryAppend}, the statement plus its commit); whatever it cannot do (a refusal, a
 * repeat) goes through {@link #append}, the full path. All are JTA transactions; their events leave through
 * {@link io.switchboard.api.publish.AfterCommit} once the commit is durable.
 */
@ApplicationScoped
public class MessageAppender {
    /** Longest text the list preview keeps (the column's width). */
    static final int PREVIEW_LENGTH = 200;
    /** Compiled once: {@code String.replaceAll} compiles its pattern on every call, i.e. on every post. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Inject
    DialogRepository dialogs;
    @Inject
    MessageRepository messages;
    @Inject
    ReadStateRepository readState;
    @Inject
    AfterCommitEvents events;
    @Inject
    WebhookOutbox outbox;
    @Inject
    AbuseLimits limits;

    /**
     * The common case of a post in two round trips (one statement, the commit): the statement checks access, status
     * and a repeated {@code client_msg_id} while it takes the row lock and the seq. Empty when it wrote nothing (not
     * allowed, closed, operator active, a repeat): the caller then runs its access check and {@link #append}, which
     * answer exactly as before. A concurrent duplicate {@code client_msg_id} that lost the race fails with the unique
     * violation and rolls back; {@link MessageService} then takes the full path too.
     *
     * @param reader whose watermark moves to the new message ({@code null}: nobody's)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Views.Posted> tryAppend(long dialogId, WriteAccess access, String sender, String author, String text,
                                            String clientMsgId, String reader) {
        return appendOne(dialogId, access, sender, author, text, clientMsgId, reader);
    }

    /**
     * {@link #tryAppend}'s work for the posts of a group-commit batch ({@link GroupCommit}) inside the caller's
     * transaction, which commits them all at once: their statements go to PostgreSQL together, in the given order
     * (one round trip for posts of one shape, {@link MessageRepository#appendAllIfAllowed}). One answer per post, in
     * order. Their events join the batch's one after-commit hand-over; a webhook row is recorded in the batch's
     * transaction, so it commits with the message.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Optional<Views.Posted>> appendAllInBatch(List<GroupCommit.Post> posts) {
        List<MessageRepository.NewPost> statements = new ArrayList<>(posts.size());
        for (GroupCommit.Post p : posts) {
            statements.add(newPost(p.dialogId(), p.access(), p.sender(), p.author(), p.text(), p.clientMsgId(),
                    p.reader()));
        }
        List<Optional<MessageRepository.Appended>> stored = messages.appendAllIfAllowed(statements);
        List<Optional<Views.Posted>> out = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            String reader = posts.get(i).reader();
            out.add(stored.get(i).map(a -> recorded(a, reader)));
        }
        return out;
    }

    private Optional<Views.Posted> appendOne(long dialogId, WriteAccess access, String sender, String author, String text,
                                             String clientMsgId, String reader) {
        return messages.appendIfAllowed(newPost(dialogId, access, sender, author, text, clientMsgId, reader))
                .map(a -> recorded(a, reader));
    }

    private MessageRepository.NewPost newPost(long dialogId, WriteAccess access, String sender, String author,
                                              String text, String clientMsgId, String reader) {
        return new MessageRepository.NewPost(dialogId, access, Senders.ASSISTANT.equals(sender), sender, author, text,
                preview(text), clientMsgId, reader, Senders.USER.equals(sender) ? WebhookKinds.GUEST_MESSAGE : null,
                budgetOf(reader));
    }

    /**
     * The dialog's guest-post budget when the post is a guest's own (a widget or site guest writes as the guest's
     * reader: its text posts and its uploads, and nothing else does); {@code null} otherwise, or when the limit is off.
     */
    private GuestPostBudget budgetOf(String reader) {
        return StoreWrites.GUEST_READER.equals(reader) ? limits.guestPostBudget() : null;
    }

    /** The events (and the webhook row) of a message the one-statement post stored; still inside its transaction. */
    private Views.Posted recorded(MessageRepository.Appended a, String reader) {
        MessagePayload message = a.message();
        long dialogId = message.dialogId();
        // Reserved while the row lock is held, so the next seq of the dialog cannot overtake this one.
        events.reserveSeq(dialogId, message.seq());
        Envelope event = events.message(a.dialog().assistantId(), message, authorsView(a.dialog(), reader));
        if (a.hooked()) {
            // Only when an endpoint subscribed (the statement said so): one more statement, same transaction.
            outbox.record(a.dialog().assistantId(), dialogId, WebhookKinds.GUEST_MESSAGE, event);
        }
        // No read event for the author's watermark: message:new names the author (message.author_id), and the
        // dialog:update names the reader it moved (docs/protocol.md), so every subscriber gets one frame per post.
        return new Views.Posted(message, true);
    }

    /**
     * @param reader whose watermark moves to the new message ({@code null}: nobody's)
     * @param holder the operator or admin writing: the handoff lock lets only the one holding the dialog post
     *               ({@code null} for guests and assistants)
     */
    @Transactional
    public Views.Posted append(long dialogId, String sender, String author, String text, String clientMsgId,
                               String reader, Long holder) {
        return appendLocked(dialogId, sender, author, text, clientMsgId, reader, holder, null, null);
    }

    /**
     * A message that carries an attachment: the full path of {@link #append} (lock, repeat, status and handoff
     * rules, seq, insert, watermark, after-commit publish), with {@code alongside} run in the same transaction once
     * the message is stored (it stores the attachment's row and bytes). A repeated {@code client_msg_id} answers
     * the earlier message and never runs {@code alongside}, so a retried upload is stored once.
     *
     * @param attachmentJson the attachment's payload as JSON, stored with the message
     */
    @Transactional
    public Views.Posted appendAttachment(long dialogId, String sender, String author, String text, String clientMsgId,
                                         String reader, Long holder, String attachmentJson,
                                         java.util.function.Consumer<MessagePayload> alongside) {
        return appendLocked(dialogId, sender, author, text, clientMsgId, reader, holder, attachmentJson, alongside);
    }

    private Views.Posted appendLocked(long dialogId, String sender, String author, String text, String clientMsgId,
                                      String reader, Long holder, String attachmentJson,
                                      java.util.function.Consumer<MessagePayload> alongside) {
        // The lock makes a concurrent post with the same client_msg_id wait and then find the winner's row.
        DialogRecord dialog = dialogs.lock(dialogId).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
        if (clientMsgId != null) {
            Optional<MessagePayload> earlier = messages.findByClientMsgId(dialogId, clientMsgId);
            if (earlier.isPresent()) {
                return new Views.Posted(earlier.get(), false);
            }
        }
        if (DialogRecord.CLOSED.equals(dialog.status())) {
            throw ApiException.conflict("dialog_closed", "This conversation is closed; start a new one to write again.");
        }
        if (Senders.ASSISTANT.equals(sender) && DialogRecord.OPERATOR.equals(dialog.status())) {
            throw ApiException.conflict("operator_active", "An operator is handling this conversation; the"
                    + " assistant must not answer until the operator releases it.");
        }
        if (holder != null) {
            requireHolder(dialog, holder);
        }
        GuestPostBudget budget = budgetOf(reader);
        if (budget != null) {
            long wait = dialogs.spendGuestPost(dialogId, budget);
            if (wait > 0) {
                throw AbuseLimits.tooFastInDialog(wait);
            }
        }
        MessagePayload message = insertLocked(dialog, sender, author, text, clientMsgId, reader, attachmentJson);
        if (alongside != null) {
            alongside.accept(message);
        }
        return new Views.Posted(message, true);
    }

    /**
     * The handoff lock: while an operator holds a dialog only they write into it ({@code held_by_other_operator},
     * an admin takes over explicitly first); a dialog the assistant answers or that waits for a human is taken
     * over before a human writes into it ({@code take_over_first}), so bot and human never answer at once.
     */
    static void requireHolder(DialogRecord dialog, long holder) {
        if (DialogRecord.OPERATOR.equals(dialog.status()) && dialog.assignedOperatorId() != null) {
            if (dialog.assignedOperatorId() != holder) {
                throw ApiException.conflict("held_by_other_operator", "Another operator is handling this"
                        + " conversation; only they can write into it (an admin takes it over first).");
            }
            return;
        }
        throw ApiException.conflict("take_over_first", "Take over this conversation before replying: the assistant"
                + " is answering it or it is waiting for an operator.");
    }

    /** Appends a {@code system} message (e.g. "Anna joined the conversation") in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MessagePayload appendSystem(DialogRecord lockedDialog, String text) {
        return insertLocked(lockedDialog, Senders.SYSTEM, null, text, null, null, null);
    }

    private MessagePayload insertLocked(DialogRecord dialog, String sender, String author, String text,
                                        String clientMsgId, String reader, String attachmentJson) {
        SeqReservation seq = dialogs.nextSeq(dialog.id(), preview(text), sender);
        events.reserveSeq(dialog.id(), seq.seq());
        MessagePayload message = messages.insert(dialog.id(), seq.seq(), sender, author, StoreWrites.operatorOf(reader),
                text, clientMsgId, attachmentJson);
        DialogPayload view = seq.dialog();
        if (reader != null) {
            // No read event for it: a guest's message implies the guest's watermark (sender user = reader guest), an
            // operator's names its author (message.author_id, and the reader on its dialog:update).
            readState.advance(dialog.id(), reader, seq.seq());
        }
        Envelope event = events.message(dialog.assistantId(), message, authorsView(view, reader));
        if (Senders.USER.equals(sender)) {
            outbox.record(dialog.assistantId(), dialog.id(), WebhookKinds.GUEST_MESSAGE, event);
        }
        return message;
    }

    /** The operator who wrote a message has read everything up to it, so the team has nothing unread. */
    private static DialogPayload authorsView(DialogPayload view, String reader) {
        return reader != null && !StoreWrites.GUEST_READER.equals(reader) ? withUnread(view, 0) : view;
    }

    static String preview(String text) {
        String flat = WHITESPACE.matcher(text.strip()).replaceAll(" ");
        if (flat.codePointCount(0, flat.length()) <= PREVIEW_LENGTH) {
            return flat;
        }
        int end = flat.offsetByCodePoints(0, PREVIEW_LENGTH - 1);
        return flat.substring(0, end) + "…";
    }

    private static DialogPayload withUnread(DialogPayload d, long unread) {
        return new DialogPayload(d.id(), d.assistantId(), d.guestLabel(), d.status(), d.assignedOperatorId(),
                d.lastSeq(), unread, d.lastMessageAt(), d.lastMessagePreview(), d.lastMessageSender());
    }
}
