package io.switchboard.api.service;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may touch which dialog. Admins: every dialog. Operators: dialogs of assistants they are members of.
 * Assistant tokens: dialogs of their assistant. Guests: only their own dialog, and a guest is told the
 * same thing whether a dialog exists or belongs to someone else.
 */
@ApplicationScoped
public class DialogAccess {
    /** Said to a guest about any dialog that is not theirs, existing or not. */
    public static final String NOT_YOUR_DIALOG = "This conversation does not exist or is not yours.";

    @Inject
    DialogRepository dialogs;
    @Inject
    AssistantRepository assistants;
    @Inject
    SiteTokenVerifier siteTokens;

    /** The dialog, if the operator, admin or assistant token may see it. */
    public DialogRecord forStaff(Caller caller, long dialogId) {
        DialogRecord d = dialogs.find(dialogId).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
        if (caller.isAssistant()) {
            if (d.assistantId() != caller.assistantId()) {
                throw ApiException.forbidden("This dialog belongs to another assistant.");
            }
        } else if (!caller.isAdmin() && !assistants.isMember(d.assistantId(), caller.userId())) {
            throw ApiException.forbidden("You are not a member of the assistant this dialog belongs to.");
        }
        return d;
    }

    /** Fails unless the caller may see the assistant's dialogs. */
    public void requireAssistant(Caller caller, long assistantId) {
        if (!caller.isAdmin() && !assistants.isMember(assistantId, caller.userId())) {
            throw ApiException.forbidden("You are not a member of this assistant.");
        }
    }

    /** The guest's own dialog: {@code assistant_id} and {@code guest_id} must both match. */
    public DialogRecord forGuest(long assistantId, String guestId, long dialogId) {
        DialogRecord d = dialogs.find(dialogId).orElse(null);
        if (d == null || d.assistantId() != assistantId || !d.guestId().equals(guestId)) {
            throw ApiException.forbidden(NOT_YOUR_DIALOG);
        }
        return d;
    }

    /** The site guest's own dialog: the token must be usable from {@code origin} and belong to the dialog's assistant. */
    public DialogRecord forSiteGuest(String siteToken, String origin, String guestId, long dialogId) {
        WidgetRecord widget = siteTokens.verify(siteToken, origin);
        return forGuest(widget.assistantId(), guestId, dialogId);
    }
}
