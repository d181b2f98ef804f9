package io.switchboard.api.service;

import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * What a widget guest does besides posting: open its dialog (one open dialog per guest and assistant). The guest
 * proves who it is with its {@code guest_token}; a guest without one (or with one not valid on this path: another
 * assistant's, another widget's, unknown) becomes a new guest with a new credential and a new dialog.
 */
@ApplicationScoped
public class GuestDialogService {
    @Inject
    DialogRepository dialogs;
    @Inject
    AssistantRepository assistants;
    @Inject
    AfterCommitEvents events;
    @Inject
    AbuseLimits limits;
    @Inject
    GuestCredentials credentials;
    @Inject
    WebhookOutbox outbox;

    /**
     * The guest's open dialog, created (and announced to operators) if there is none.
     *
     * @param widgetId the widget of the site token it came through, null on the {@code assistant_id} path
     */
    @Transactional
    public Views.Opened open(long assistantId, Long widgetId, String guestToken) {
        if (assistants.find(assistantId).isEmpty()) {
            throw ApiException.assistantNotFound(assistantId);
        }
        Optional<GuestCredentialRecord> presented = credentials.find(guestToken, assistantId, widgetId);
        String token;
        GuestCredentialRecord guest;
        if (presented.isPresent()) {
            token = guestToken.trim();
            guest = presented.get();
        } else {
            GuestCredentials.Issued issued = credentials.issue(assistantId, widgetId);
            token = issued.token();
            guest = issued.credential();
        }
        boolean issued = presented.isEmpty();
        Optional<DialogRecord> open = dialogs.findOpen(assistantId, guest.guestId());
        if (open.isPresent()) {
            return opened(open.get().id(), token, issued, false);
        }
        limits.forAssistant(AbuseLimits.Kind.DIALOG, assistantId);
        Optional<DialogRecord> created = dialogs.insertOpen(assistantId, guest.guestId());
        if (created.isEmpty()) {
            // A concurrent request of the same guest opened it first.
            DialogRecord theirs = dialogs.findOpen(assistantId, guest.guestId()).orElseThrow();
            return opened(theirs.id(), token, issued, false);
        }
        long id = created.get().id();
        Envelope event = events.dialogCreated(dialogs.view(id, null).orElseThrow());
        outbox.record(assistantId, id, WebhookKinds.DIALOG_OPENED, event);
        return opened(id, token, issued, true);
    }

    private Views.Opened opened(long dialogId, String token, boolean issued, boolean created) {
        DialogPayload view = dialogs.view(dialogId, StoreWrites.GUEST_READER).orElseThrow();
        return new Views.Opened(new Views.GuestDialog(view, token, issued), created);
    }
}
