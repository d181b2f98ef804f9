package io.switchboard.api.service;

import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.DialogRepository.SeqReservation;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.api.repository.ReadStateRepository;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Appends messages to a dialog in one transaction each: lock the dialog row, answer a repeated
 * {@code client_msg_id} with the stored message, enforce the status rules, take the next seq, insert,
 * move the author's read watermark, and record the events to publish after commit.
 */
@ApplicationScoped
public class MessageAppender {
    /** Longest text the list preview keeps (the column's width). */
    static final int PREVIEW_LENGTH = 200;

    @Inject
    DialogRepository dialogs;
    @Inject
    MessageRepository messages;
    @Inject
    ReadStateRepository readState;
    @Inject
    AfterCommitEvents events;

    /**
     * @param reader whose watermark moves to the new message ({@code null}: nobody's)
     */
    @Transactional
    public Views.Posted append(long dialogId, String sender, String author, String text, String clientMsgId,
                               String reader) {
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
        return new Views.Posted(insertLocked(dialog, sender, author, text, clientMsgId, reader), true);
    }

    /** Appends a {@code system} message (e.g. "Anna joined the conversation") in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MessagePayload appendSystem(DialogRecord lockedDialog, String text) {
        return insertLocked(lockedDialog, Senders.SYSTEM, null, text, null, null);
    }

    private MessagePayload insertLocked(DialogRecord dialog, String sender, String author, String text,
                                        String clientMsgId, String reader) {
        SeqReservation seq = dialogs.nextSeq(dialog.id(), preview(text), sender);
        events.reserveSeq(dialog.id(), seq.seq());
        MessagePayload message = messages.insert(dialog.id(), seq.seq(), sender, author, text, clientMsgId);
        DialogPayload view = seq.dialog();
        if (reader != null) {
            OptionalLong moved = readState.advance(dialog.id(), reader, seq.seq());
            if (moved.isPresent()) {
                events.readMoved(dialog.id(), dialog.assistantId(), reader, moved.getAsLong());
            }
            if (!StoreWrites.GUEST_READER.equals(reader)) {
                // The operator who wrote it has read everything up to it, so the team has nothing unread.
                view = withUnread(view, 0);
            }
        }
        events.message(dialog.assistantId(), message, view);
        return message;
    }

    static String preview(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) <= PREVIEW_LENGTH) {
            return flat;
        }
        int end = flat.offsetByCodePoints(0, PREVIEW_LENGTH - 1);
        return flat.substring(0, end) + "…";
    }

    private static DialogPayload withUnread(DialogPayload d, long unread) {
        return new DialogPayload(d.id(), d.assistantId(), d.guestId(), d.status(), d.assignedOperatorId(),
                d.lastSeq(), unread, d.lastMessageAt(), d.lastMessagePreview(), d.lastMessageSender());
    }
}
