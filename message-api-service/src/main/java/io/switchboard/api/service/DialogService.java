package io.switchboard.api.service;

import io.switchboard.api.assign.DialogView;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.ReadStateRepository;
import io.switchboard.events.DialogPayload;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.OptionalLong;
import java.util.Set;

/** The operators' view of dialogs: the list, one dialog, and read watermarks. */
@ApplicationScoped
public class DialogService {
    private static final Set<String> STATUSES = Set.of(DialogRecord.BOT, DialogRecord.WAITING_OPERATOR,
            DialogRecord.OPERATOR, DialogRecord.CLOSED);

    @Inject
    DialogRepository dialogs;
    @Inject
    ReadStateRepository readState;
    @Inject
    DialogAccess access;
    @Inject
    AfterCommitEvents events;

    /** Dialogs the caller may see, newest activity first, each with the caller's unread count. */
    public Views.Dialogs list(Caller caller, String status, Long assistantId, Integer limit) {
        return list(caller, status, assistantId, limit, null);
    }

    /** The same within one of the dashboard's views ({@code null}: no view, as before views existed). */
    public Views.Dialogs list(Caller caller, String status, Long assistantId, Integer limit, DialogView view) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of bot, waiting_operator, operator, closed.");
        }
        int lim = Validation.range(limit, "limit", 1, 500, 100);
        if (assistantId != null) {
            access.requireAssistant(caller, assistantId);
        }
        Long memberOf = caller.isAdmin() ? null : caller.userId();
        return new Views.Dialogs(dialogs.list(caller.reader(), memberOf, assistantId, status, view, caller.userId(), lim));
    }

    public DialogPayload get(Caller caller, long dialogId) {
        access.forStaff(caller, dialogId);
        return view(dialogId, caller.reader());
    }

    /** Moves the caller's watermark forward (never back) and tells everyone watching. */
    @Transactional
    public Views.Read markRead(Caller caller, long dialogId, long seq) {
        DialogRecord d = access.forStaff(caller, dialogId);
        return markRead(d, caller.reader(), seq);
    }

    /** Moves any reader's watermark in a dialog already checked to be theirs. */
    @Transactional
    public Views.Read markRead(DialogRecord d, String reader, long target) {
        OptionalLong moved = readState.advance(d.id(), reader, target);
        if (moved.isPresent()) {
            events.readMoved(d.id(), d.assistantId(), reader, moved.getAsLong());
            return new Views.Read(d.id(), reader, moved.getAsLong());
        }
        return new Views.Read(d.id(), reader, readState.current(d.id(), reader));
    }

    DialogPayload view(long dialogId, String reader) {
        return dialogs.view(dialogId, reader).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
    }

}
