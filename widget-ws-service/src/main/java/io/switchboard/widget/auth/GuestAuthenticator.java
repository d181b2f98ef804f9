package io.switchboard.widget.auth;

import io.switchboard.socket.auth.AllowedOrigins;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.AdmissionDialogs;
import io.switchboard.socket.core.DialogAccess;
import io.switchboard.socket.core.RequestInfo;
import io.switchboard.socket.core.SessionIdentity;
import io.switchboard.socket.core.SharedLookup;
import io.switchboard.socket.store.SocketStore;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.SiteTokens;
import io.switchboard.store.StoreWrites;
import io.switchboard.store.WidgetRecord;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Who may follow a guest's dialog. Widget mode: {@code assistant_id} + {@code guest_id} must be the
 * dialog's. Site mode: the site token (looked up by hash, not revoked) must belong to the dialog's
 * assistant, the guest must match, and the page's {@code Origin} must be one of the token's
 * domains or a trusted origin. A refusal names the problem without revealing anything about the dialog.
 */
@ApplicationScoped
public class GuestAuthenticator {
    private static final String ANOTHER_GUEST = "this dialog belongs to another guest";

    @Inject
    SocketStore store;

    @Inject
    AllowedOrigins origins;

    @Inject
    SocketConfig config;

    @Inject
    AdmissionDialogs admissionDialogs;

    private volatile SharedLookup<String, Optional<WidgetRecord>> siteTokens;

    @PostConstruct
    void lookups() {
        long ttl = config.connections().accessCacheTtl().toNanos();
        siteTokens = new SharedLookup<>(ttl, 10_000);
    }

    /** {@code /ws/widget/dialogs/{id}} and {@code /api/widget/dialogs/{id}/events}. */
    public Admission widget(RequestInfo request) throws Exception {
        Long dialogId = request.longPathParam("id");
        if (dialogId == null) {
            return Admission.Rejected.notFound("dialog id must be a number");
        }
        if (!origins.corsAllows(request.origin())) {
            return Admission.Rejected.forbidden("origin not allowed for widget endpoints");
        }
        Long assistantId = request.longQuery("assistant_id");
        String guestId = request.query("guest_id");
        if (assistantId == null || guestId == null || guestId.isBlank()) {
            return Admission.Rejected.unauthorized("missing credentials: pass ?assistant_id= and ?guest_id=");
        }
        Long afterSeq = request.afterSeq();
        Optional<DialogRecord> dialog = admissionDialogs.find(dialogId, afterSeq != null);
        if (dialog.isEmpty()) {
            return Admission.Rejected.notFound("dialog " + dialogId + " not found");
        }
        if (dialog.get().assistantId() != assistantId || !guestId.equals(dialog.get().guestId())) {
            return Admission.Rejected.forbidden(ANOTHER_GUEST);
        }
        return admitted(dialog.get(), guestId, afterSeq);
    }

    /** {@code /ws/site/dialogs/{id}} and {@code /api/site/dialogs/{id}/events}. */
    public Admission site(RequestInfo request) throws Exception {
        Long dialogId = request.longPathParam("id");
        if (dialogId == null) {
            return Admission.Rejected.notFound("dialog id must be a number");
        }
        String token = request.query("site_token");
        String guestId = request.query("guest_id");
        if (token == null || token.isBlank() || guestId == null || guestId.isBlank()) {
            return Admission.Rejected.unauthorized("missing credentials: pass ?site_token= and ?guest_id=");
        }
        Optional<WidgetRecord> widget = siteTokens.get(SiteTokens.hash(token.trim()), store::widgetByTokenHash);
        if (widget.isEmpty()) {
            return Admission.Rejected.unauthorized("unknown site token");
        }
        if (widget.get().revoked()) {
            String why = widget.get().revokedReason();
            return Admission.Rejected.unauthorized("site token revoked" + (why == null ? "" : " (" + why + ")"));
        }
        String origin = request.origin();
        if (origin == null) {
            return Admission.Rejected.forbidden("Origin header required with a site token");
        }
        if (!origins.siteAllows(widget.get().allowedDomains(), origin)) {
            return Admission.Rejected.forbidden("origin not allowed for this site token");
        }
        Long afterSeq = request.afterSeq();
        Optional<DialogRecord> dialog = admissionDialogs.find(dialogId, afterSeq != null);
        if (dialog.isEmpty()) {
            return Admission.Rejected.notFound("dialog " + dialogId + " not found");
        }
        if (dialog.get().assistantId() != widget.get().assistantId()) {
            return Admission.Rejected.forbidden("dialog does not belong to this site token");
        }
        if (!guestId.equals(dialog.get().guestId())) {
            return Admission.Rejected.forbidden(ANOTHER_GUEST);
        }
        return admitted(dialog.get(), guestId, afterSeq);
    }

    private static Admission admitted(DialogRecord dialog, String guestId, Long afterSeq) {
        long own = dialog.id();
        // Live-only means live from this moment, not from whenever the subscription settles:
        // a message committed after the client saw the connection open is never skipped.
        long liveFrom = afterSeq != null ? afterSeq : dialog.lastSeq();
        DialogAccess access = d -> d.id() == own ? Optional.empty()
                : Optional.of(Admission.Rejected.forbidden("a guest may follow only its own dialog"));
        SessionIdentity identity = new SessionIdentity("guest:" + guestId, "guest", null, null,
                StoreWrites.GUEST_READER, "user");
        return new Admission.Admitted(identity, own, liveFrom, List.of(), null, dialog.assistantId() + ":" + guestId,
                access);
    }
}
