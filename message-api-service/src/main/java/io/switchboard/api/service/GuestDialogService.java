package io.switchboard.api.service;

import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** What a widget guest does besides posting: open its dialog (one open dialog per guest and assistant). */
@ApplicationScoped
public class GuestDialogService {
    /** Longest guest id (the column's width). */
    public static final int MAX_GUEST_ID = 200;

    @Inject
    DialogRepository dialogs;
    @Inject
    AssistantRepository assistants;
    @Inject
    AfterCommitEvents events;
    @Inject
    WebhookOutbox outbox;

    /** The guest's open dialog, created (and announced to operators) if there is none. */
    @Transactional
    public Views.Opened open(long assistantId, String guestId) {
        if (assistants.find(assistantId).isEmpty()) {
            throw ApiException.notFound("assistant_not_found", "There is no assistant with id " + assistantId + ".");
        }
        Optional<DialogRecord> open = dialogs.findOpen(assistantId, guestId);
        if (open.isPresent()) {
            return new Views.Opened(guestView(open.get().id()), false);
        }
        Optional<DialogRecord> created = dialogs.insertOpen(assistantId, guestId);
        if (created.isEmpty()) {
            // A concurrent request of the same guest opened it first.
            DialogRecord theirs = dialogs.findOpen(assistantId, guestId).orElseThrow();
            return new Views.Opened(guestView(theirs.id()), false);
        }
        long id = created.get().id();
        Envelope event = events.dialogCreated(dialogs.view(id, null).orElseThrow());
        outbox.record(assistantId, id, WebhookKinds.DIALOG_OPENED, event);
        return new Views.Opened(guestView(id), true);
    }

    /** Checks a guest id from a query string or body. */
    public static String guestId(String guestId) {
        return Validation.text(guestId, "guest_id", MAX_GUEST_ID);
    }

    private DialogPayload guestView(long dialogId) {
        return dialogs.view(dialogId, StoreWrites.GUEST_READER).orElseThrow();
    }
}
