package io.switchboard.api.service;

import io.switchboard.api.assign.AutoAssigner;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Objects;

/**
 * The handoff state machine: {@code bot → waiting_operator} (guest asks for a human), {@code → operator}
 * (takeover), {@code → bot} (release), {@code → closed}. While a dialog is {@code operator} the assistant's
 * posts are refused, so bot and human never answer at once. Each transition appends a {@code system}
 * message the guest sees, and a handoff request notifies every member of the assistant and every admin.
 */
@ApplicationScoped
public class HandoffService {
    /** Notification kind of a guest asking for a human. */
    public static final String HANDOFF_REQUESTED = "handoff_requested";

    @Inject
    DialogRepository dialogs;
    @Inject
    AssistantRepository assistants;
    @Inject
    UserRepository users;
    @Inject
    DialogNotifications notify;
    @Inject
    MessageAppender appender;
    @Inject
    DialogAccess access;
    @Inject
    AfterCommitEvents events;
    @Inject
    AbuseLimits limits;
    @Inject
    WebhookOutbox outbox;
    @Inject
    AutoAssigner autoAssign;

    /** The guest asks for a human; a repeat while waiting or served changes nothing. */
    @Transactional
    public DialogPayload requestOperator(DialogRecord ownDialog) {
        return handOver(ownDialog, "The visitor asked for a human operator. Someone will join shortly.",
                StoreWrites.GUEST_READER);
    }

    /** The assistant (a bot with its token) hands the dialog to a human: the same transition as the guest's ask. */
    @Transactional
    public DialogPayload requestOperatorByAssistant(DialogRecord dialog) {
        return handOver(dialog, "The assistant handed the conversation to a human operator. Someone will join shortly.",
                null);
    }

    private DialogPayload handOver(DialogRecord dialog, String systemText, String reader) {
        DialogRecord d = lock(dialog.id());
        requireOpen(d);
        if (DialogRecord.BOT.equals(d.status())) {
            // Only a request that notifies the team counts against the assistant's limit.
            limits.forAssistant(AbuseLimits.Kind.HANDOFF, d.assistantId());
            dialogs.updateStatus(d.id(), DialogRecord.WAITING_OPERATOR, null);
            appender.appendSystem(d, systemText);
            DialogPayload team = changed(d.id(), WebhookKinds.HANDOFF_REQUESTED);
            String assistantName = assistants.find(d.assistantId()).map(a -> a.name()).orElse("");
            for (long userId : assistants.membersAndAdmins(d.assistantId())) {
                notify.send(userId, HANDOFF_REQUESTED, notify.about(d, team, assistantName));
            }
            // An assistant with automatic assignment gives the dialog to an online member once this commits.
            autoAssign.afterCommit(d.assistantId());
        }
        return view(d.id(), reader);
    }

    /** The caller takes the dialog; another operator's dialog only if the caller is an admin. */
    @Transactional
    public DialogPayload takeover(Caller caller, long dialogId) {
        DialogRecord d = lockForStaff(caller, dialogId);
        requireOpen(d);
        long me = caller.userId();
        if (DialogRecord.OPERATOR.equals(d.status()) && Objects.equals(d.assignedOperatorId(), me)) {
            return view(dialogId, caller.reader());
        }
        if (DialogRecord.OPERATOR.equals(d.status()) && d.assignedOperatorId() != null && !caller.isAdmin()) {
            throw ApiException.conflict("already_taken", nameOf(d.assignedOperatorId())
                    + " is already handling this conversation.");
        }
        join(d, me, caller.displayName());
        return view(dialogId, caller.reader());
    }

    /** Hands the dialog back to the assistant; only its operator or an admin may. */
    @Transactional
    public DialogPayload release(Caller caller, long dialogId) {
        DialogRecord d = lockForStaff(caller, dialogId);
        requireOpen(d);
        if (DialogRecord.BOT.equals(d.status())) {
            return view(dialogId, caller.reader());
        }
        requireHolderOrAdmin(caller, d, "release");
        moveAndSay(d, DialogRecord.BOT, null, DialogRecord.OPERATOR.equals(d.status())
                ? caller.displayName() + " left the conversation; the assistant answers again."
                : caller.displayName() + " handed the conversation back to the assistant.",
                WebhookKinds.OPERATOR_RELEASED);
        return view(dialogId, caller.reader());
    }

    /** Closes the dialog; the guest's next open starts a new one. */
    @Transactional
    public DialogPayload close(Caller caller, long dialogId) {
        DialogRecord d = lockForStaff(caller, dialogId);
        if (DialogRecord.CLOSED.equals(d.status())) {
            return view(dialogId, caller.reader());
        }
        requireHolderOrAdmin(caller, d, "close");
        moveAndSay(d, DialogRecord.CLOSED, d.assignedOperatorId(), caller.displayName() + " closed the conversation.",
                WebhookKinds.DIALOG_CLOSED);
        return view(dialogId, caller.reader());
    }

    /**
     * {@code d}, locked, is held by {@code userId} from now on: a takeover, or an assignment on their behalf. The guest
     * reads that {@code name} joined; returns what the team is told.
     */
    public DialogPayload join(DialogRecord d, long userId, String name) {
        return moveAndSay(d, DialogRecord.OPERATOR, userId, name + " joined the conversation.",
                WebhookKinds.OPERATOR_TOOK_OVER);
    }

    /**
     * Moves {@code d} to {@code status}: the guest reads {@code systemText}; sockets and {@code kind} webhooks hear it.
     * Returns what the team is told.
     */
    private DialogPayload moveAndSay(DialogRecord d, String status, Long operatorId, String systemText, String kind) {
        dialogs.updateStatus(d.id(), status, operatorId);
        appender.appendSystem(d, systemText);
        return changed(d.id(), kind);
    }

    private void requireHolderOrAdmin(Caller caller, DialogRecord d, String verb) {
        if (DialogRecord.OPERATOR.equals(d.status()) && d.assignedOperatorId() != null
                && d.assignedOperatorId() != caller.userId() && !caller.isAdmin()) {
            throw ApiException.conflict("held_by_other_operator", nameOf(d.assignedOperatorId())
                    + " is handling this conversation; only they or an admin can " + verb + " it.");
        }
    }

    /** The dialog's row if the caller may act on it (403 otherwise), locked until the transaction ends. */
    private DialogRecord lockForStaff(Caller caller, long dialogId) {
        access.forStaff(caller, dialogId);
        return lock(dialogId);
    }

    /** The dialog's row, locked until the transaction ends (404 when there is none). */
    public DialogRecord lock(long dialogId) {
        return dialogs.lock(dialogId).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
    }

    public static void requireOpen(DialogRecord d) {
        if (DialogRecord.CLOSED.equals(d.status())) {
            throw ApiException.conflict("dialog_closed", "This conversation is closed.");
        }
    }

    /** Announces the new state to sockets and, as {@code kind}, to the assistant's subscribed webhooks. */
    private DialogPayload changed(long dialogId, String kind) {
        DialogPayload team = dialogs.view(dialogId, null).orElseThrow();
        outbox.record(team.assistantId(), dialogId, kind, events.dialogChanged(team));
        return team;
    }

    private DialogPayload view(long dialogId, String reader) {
        return dialogs.view(dialogId, reader).orElseThrow();
    }

    private String nameOf(long userId) {
        return users.find(userId).map(UserRow::displayName).orElse("Another operator");
    }
}
