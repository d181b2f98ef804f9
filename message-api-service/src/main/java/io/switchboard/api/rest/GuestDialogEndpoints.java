package io.switchboard.api.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.api.email.GuestEmails;
import io.switchboard.api.presence.GuestSeen;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.DialogService;
import io.switchboard.api.service.HandoffService;
import io.switchboard.api.service.MessageHistory;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * What a guest does in its dialog, the same on both guest paths of {@link GuestDialogResource} ({@code assistant_id} or
 * {@code site_token}); each path only says how its guest is proven. A guest hears about a
 * bad body only once the dialog is its own, so bodies are validated here, after the access check.
 */
@ApplicationScoped
public class GuestDialogEndpoints {
    @Inject
    DialogAccess access;
    @Inject
    MessageHistory history;
    @Inject
    MessageService messages;
    @Inject
    HandoffService handoff;
    @Inject
    DialogService dialogs;
    @Inject
    Validator validator;
    @Inject
    GuestEmails emails;
    @Inject
    GuestSeen guestSeen;
    @Inject
    RequestWorker workers;

    Uni<Views.MessagesPage> messages(long dialogId, Supplier<GuestCredentialRecord> guest, Long afterSeq, Long beforeSeq,
                                     Integer limit, Integer wait) {
        MessageHistory.Query query = history.query(dialogId, afterSeq, beforeSeq, limit, wait);
        DialogRecord dialog = own(dialogId, guest);
        // A visitor polling for messages (the widget's last fallback) is seen now and again when the poll answers.
        guestSeen.seen(dialogId);
        return history.read(dialog, query).invoke(page -> guestSeen.seen(dialogId));
    }

    /**
     * Answered when the post's batch has committed, and no thread waits for that. When the guest is proven from memory
     * ({@code known}: a remembered credential, an {@code Origin} that needs no widget domains read) the body and the
     * limits are checked right here on the event loop, which queues the post ({@link MessageService#postAsKnownGuest});
     * otherwise the credential, the body and the limits are checked on a worker thread (they may ask PostgreSQL and
     * Redis), which then only queues the post. Either way the committer completes the answer, the event loop writes it.
     *
     * @param known the guest when proven without I/O, else null
     */
    CompletionStage<RestResponse<MessagePayload>> post(long dialogId, Supplier<GuestCredentialRecord> guest,
                                                       GuestCredentialRecord known, MessageService.NewMessage body) {
        if (known != null) {
            return RequestWorker.unwrapped(messages.postAsKnownGuest(dialogId, known, body, workers.forThisRequest())
                    .thenApply(Responses::posted));
        }
        return workers.start(worker -> messages.postAsGuest(dialogId, guest.get(), body, worker)
                .thenApply(Responses::posted));
    }

    DialogPayload handoff(long dialogId, Supplier<GuestCredentialRecord> guest) {
        return handoff.requestOperator(own(dialogId, guest));
    }

    Views.Read read(long dialogId, Supplier<GuestCredentialRecord> guest, Bodies.Read body) {
        DialogRecord dialog = own(dialogId, guest);
        if (body == null) {
            throw ApiException.validation("The request needs a JSON body, for example {\"seq\": 42}.");
        }
        Set<ConstraintViolation<Bodies.Read>> broken = validator.validate(body);
        if (!broken.isEmpty()) {
            throw new ConstraintViolationException(broken);
        }
        return dialogs.markRead(dialog, StoreWrites.GUEST_READER, body.seq());
    }

    /** Whether an operator is online now, and the address the visitor left for replies (issue 14). */
    RestResponse<GuestEmails.Availability> availability(long dialogId, Supplier<GuestCredentialRecord> guest) {
        // The visitor's own answer, fine to keep a few seconds (the server shares the presence answer as long).
        return RestResponse.ResponseBuilder.ok(emails.availability(own(dialogId, guest)))
                .header("Cache-Control", "private, max-age=10").build();
    }

    GuestEmails.Availability saveEmail(long dialogId, Supplier<GuestCredentialRecord> guest, GuestEmails.EmailBody body) {
        return emails.save(own(dialogId, guest), body);
    }

    RestResponse<Void> removeEmail(long dialogId, Supplier<GuestCredentialRecord> guest) {
        emails.remove(own(dialogId, guest));
        return RestResponse.noContent();
    }

    private DialogRecord own(long dialogId, Supplier<GuestCredentialRecord> guest) {
        return access.forGuest(guest.get(), dialogId);
    }
}
