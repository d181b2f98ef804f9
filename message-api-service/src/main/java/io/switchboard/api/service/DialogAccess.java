package io.switchboard.api.service;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may touch which dialog. Admins: every dialog. Operators: dialogs of assistants they are members of.
 * Assistant tokens: dialogs of their assistant. Guests: only their own dialog, proven by their
 * {@code guest_token}, from an allowed page; a guest is told the same thing whether a dialog exists or belongs to
 * someone else.
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
    @Inject
    GuestCredentials credentials;

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

    /**
     * Fails unless the caller administers the assistant: a global admin (404 when there is no such assistant) or an
     * admin member of it; anyone else gets 403 with {@code refusal}.
     */
    public void requireAdminOf(Caller caller, long assistantId, String refusal) {
        if (caller.isAdmin()) {
            if (assistants.find(assistantId).isEmpty()) {
                throw ApiException.assistantNotFound(assistantId);
            }
            return;
        }
        if (caller.isAssistant() || !assistants.isAdminMember(assistantId, caller.userId())) {
            throw ApiException.forbidden(refusal);
        }
    }

    /** Fails unless the caller may see the assistant's dialogs. */
    public void requireAssistant(Caller caller, long assistantId) {
        if (!caller.isAdmin() && !assistants.isMember(assistantId, caller.userId())) {
            throw ApiException.forbidden("You are not a member of this assistant.");
        }
    }

    /**
     * A guest on the {@code assistant_id} path: the page's origin must be bound to the assistant's widgets and the
     * credential issued on this path for this assistant.
     */
    public GuestCredentialRecord widgetGuest(Long assistantId, String origin, String guestToken) {
        long aid = Validation.id(assistantId, "assistant_id");
        siteTokens.verifyAssistantOrigin(aid, origin);
        return credentials.require(guestToken, aid, null);
    }

    /**
     * {@link #widgetGuest} when it can be decided from memory alone, on the event loop: an {@code Origin} that passes
     * without reading the widget domains and a remembered credential bound to the assistant. Null when anything
     * needs PostgreSQL or would be refused: then {@link #widgetGuest} decides on a worker thread, with today's answers.
     */
    public GuestCredentialRecord widgetGuestInMemory(Long assistantId, String origin, String guestToken) {
        if (assistantId == null || assistantId <= 0 || !siteTokens.assistantOriginPassesWithoutReading(origin)) {
            return null;
        }
        return credentials.remembered(guestToken, assistantId, null).orElse(null);
    }

    /** A guest of a site token: the token usable from {@code origin}, and the credential issued through it. */
    public GuestCredentialRecord siteGuest(String siteToken, String origin, String guestToken) {
        WidgetRecord widget = siteTokens.verify(siteToken, origin);
        return credentials.require(guestToken, widget.assistantId(), widget.id());
    }

    /** The guest's own dialog: the dialog's assistant and guest must be the credential's. */
    public DialogRecord forGuest(GuestCredentialRecord guest, long dialogId) {
        DialogRecord d = dialogs.find(dialogId).orElse(null);
        if (d == null || d.assistantId() != guest.assistantId() || !d.guestId().equals(guest.guestId())) {
            throw ApiException.forbidden(NOT_YOUR_DIALOG);
        }
        return d;
    }
}
