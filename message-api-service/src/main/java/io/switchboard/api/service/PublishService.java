package io.switchboard.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.IssuedToken;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.NotificationRepository;
import io.switchboard.api.repository.NotificationRow;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.events.NotificationPayload;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The publish API for backends that do not speak Redis: with a service token scoped to one assistant they put a
 * notification to one of its members (or an admin) and a system message into one of its dialogs. Both are stored
 * and leave through the same after-commit path as everything else ({@code notifications:{user_id}}, the dialog's
 * channel), so sockets, SSE and long-poll show them alike.
 */
@ApplicationScoped
public class PublishService {
    public static final String SCOPE_NOTIFICATIONS = "notifications:publish";
    public static final String SCOPE_SYSTEM_MESSAGES = "dialogs:system-messages";
    static final List<String> SCOPES = List.of(SCOPE_NOTIFICATIONS, SCOPE_SYSTEM_MESSAGES);
    /** Largest notification payload, as JSON characters. */
    static final int MAX_PAYLOAD = 8000;

    @Inject
    AssistantRepository assistants;
    @Inject
    DialogRepository dialogs;
    @Inject
    NotificationRepository notifications;
    @Inject
    MessageAppender appender;
    @Inject
    AfterCommitEvents events;
    @Inject
    TokenIssuer tokens;

    /** A service token for the assistant with the given scopes (all when none are named). */
    public Views.ServiceToken issue(long assistantId, List<String> scopes) {
        Set<String> granted = new LinkedHashSet<>();
        for (String s : scopes == null || scopes.isEmpty() ? SCOPES : scopes) {
            if (s == null || !SCOPES.contains(s.trim())) {
                throw ApiException.validation("Unknown scope \"" + s + "\"; known: " + String.join(", ", SCOPES) + ".");
            }
            granted.add(s.trim());
        }
        AssistantRow a = assistants.find(assistantId).orElseThrow(() -> ApiException.notFound("assistant_not_found",
                "There is no assistant with id " + assistantId + "."));
        IssuedToken t = tokens.forService(a, granted);
        return new Views.ServiceToken(t.token(), t.expiresIn(), List.copyOf(granted));
    }

    @Transactional
    public Views.Notification notify(Caller caller, Long userId, String kind, JsonNode payload) {
        requireScope(caller, SCOPE_NOTIFICATIONS);
        long uid = Validation.id(userId, "user_id");
        String k = Validation.text(kind, "kind", 60);
        JsonNode body = payload == null ? EventCodec.mapper().createObjectNode() : payload;
        if (!body.isObject()) {
            throw ApiException.validation("payload must be a JSON object.");
        }
        if (body.toString().length() > MAX_PAYLOAD) {
            throw ApiException.validation("payload must be at most " + MAX_PAYLOAD + " characters of JSON.");
        }
        if (!assistants.membersAndAdmins(caller.assistantId()).contains(uid)) {
            throw ApiException.forbidden("User " + uid + " is not a member of this token's assistant.");
        }
        NotificationRow n = notifications.insert(uid, k, body, null).orElseThrow(() -> ApiException.notFound(
                "user_not_found", "There is no user with id " + uid + "."));
        events.notification(uid, new NotificationPayload(n.id(), n.seq(), n.kind(), n.payload(), n.createdAt()));
        return new Views.Notification(n.id(), n.seq(), n.kind(), n.payload(), n.createdAt(), null);
    }

    @Transactional
    public MessagePayload systemMessage(Caller caller, long dialogId, String text) {
        requireScope(caller, SCOPE_SYSTEM_MESSAGES);
        String t = Validation.text(text, "text", MessageService.MAX_TEXT);
        DialogRecord d = dialogs.lock(dialogId).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
        if (d.assistantId() != caller.assistantId()) {
            throw ApiException.forbidden("This dialog belongs to another assistant.");
        }
        if (DialogRecord.CLOSED.equals(d.status())) {
            throw ApiException.conflict("dialog_closed", "This conversation is closed.");
        }
        return appender.appendSystem(d, t);
    }

    private static void requireScope(Caller caller, String scope) {
        if (!caller.isService() || !caller.hasScope(scope)) {
            throw ApiException.forbidden("This needs a service token with the scope " + scope + ".");
        }
    }
}
