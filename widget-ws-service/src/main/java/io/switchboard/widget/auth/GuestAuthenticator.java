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
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.GuestLabels;
import io.switchboard.store.GuestTokens;
import io.switchboard.store.SiteTokens;
import io.switchboard.store.StoreWrites;
import io.switchboard.store.WidgetRecord;
import jakarta.annotation.PostConstruct;
import io.switchboard.events.Revocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may follow a guest's dialog: the guest whose {@code guest_token} the server issued for it.
 * Widget mode ({@code assistant_id} + {@code guest_token}): the page's {@code Origin} must be on the allowed domains
 * of one of the assistant's widgets that is not revoked (their union) or a trusted origin, and the credential must
 * have been issued on this path for this assistant. Site mode ({@code site_token} + {@code guest_token}): the site
 * token (looked up by hash, not revoked) usable from the page's {@code Origin}, and the credential issued through
 * it. A dialog that is missing, another guest's, or not reachable with this credential is refused the same way
 * ({@value #NOT_YOURS}, 4403), like REST's 403, so a refusal reveals nothing about the dialog.
 */
@ApplicationScoped
public class GuestAuthenticator {
    /** The one refusal for a dialog a guest may not follow, whether it exists or not. */
    public static final String NOT_YOURS = "this conversation does not exist or is not yours";

    @Inject
    SocketStore store;

    @Inject
    AllowedOrigins origins;

    @Inject
    SocketConfig config;

    @Inject
    AdmissionDialogs admissionDialogs;

    private volatile SharedLookup<String, Optional<WidgetRecord>> siteTokens;
    private volatile SharedLookup<Long, List<String>> assistantDomains;

    @PostConstruct
    synchronized void lookups() {
        long ttl = config.connections().accessCacheTtl().toNanos();
        siteTokens = new SharedLookup<>(ttl, 10_000);
        assistantDomains = new SharedLookup<>(ttl, 10_000);
    }

    /** {@code /ws/widget/dialogs/{id}} and {@code /api/widget/dialogs/{id}/events}. */
    public Admission widget(RequestInfo request) throws Exception {
        Long dialogId = request.longPathParam("id");
        if (dialogId == null) {
            return Admission.Rejected.forbidden(NOT_YOURS);
        }
        Long assistantId = request.longQuery("assistant_id");
        String token = request.query(GuestTokens.PARAM);
        if (assistantId == null || token == null || token.isBlank()) {
            return Admission.Rejected.unauthorized("missing credentials: pass ?assistant_id= and ?guest_token=");
        }
        if (request.origin() == null && !sameOrigin(request)) {
            return Admission.Rejected.forbidden("Origin header required with an assistant_id");
        }
        String origin = request.origin();
        if (origin != null && !origins.trusted(origin)
                && !origins.siteAllows(assistantDomains.get(assistantId, store::assistantDomains), origin)) {
            return Admission.Rejected.forbidden("origin not allowed for this assistant's widgets");
        }
        return ownDialog(request, dialogId, token, assistantId, null);
    }

    /** {@code /ws/site/dialogs/{id}} and {@code /api/site/dialogs/{id}/events}. */
    public Admission site(RequestInfo request) throws Exception {
        Long dialogId = request.longPathParam("id");
        if (dialogId == null) {
            return Admission.Rejected.forbidden(NOT_YOURS);
        }
        String siteToken = request.query("site_token");
        String token = request.query(GuestTokens.PARAM);
        if (siteToken == null || siteToken.isBlank() || token == null || token.isBlank()) {
            return Admission.Rejected.unauthorized("missing credentials: pass ?site_token= and ?guest_token=");
        }
        Optional<WidgetRecord> widget = siteTokens.get(SiteTokens.hash(siteToken.trim()), store::widgetByTokenHash);
        if (widget.isEmpty()) {
            return Admission.Rejected.unauthorized("unknown site token");
        }
        if (widget.get().revoked()) {
            String why = widget.get().revokedReason();
            return Admission.Rejected.unauthorized("site token revoked" + (why == null ? "" : " (" + why + ")"));
        }
        String origin = request.origin();
        if (origin == null && !sameOrigin(request)) {
            return Admission.Rejected.forbidden("Origin header required with a site token");
        }
        if (origin != null && !origins.siteAllows(widget.get().allowedDomains(), origin)) {
            return Admission.Rejected.forbidden("origin not allowed for this site token");
        }
        Admission admission = ownDialog(request, dialogId, token, widget.get().assistantId(), widget.get().id());
        // Revoking or deleting the widget closes this session on every node (4401, Revocations).
        return admission instanceof Admission.Admitted admitted
                ? admitted.withSubjects(Map.of(Revocation.widget(widget.get().id()), 0L)) : admission;
    }

    /** A revoked widget: what this node remembers of site tokens and assistants' domains is stale. */
    void forget(@Observes Revocation r) {
        if (r.subject().startsWith("widget:")) {
            lookups();
        }
    }

    /**
     * A browser leaves {@code Origin} out of a same-origin GET, such as the {@code EventSource} of Switchboard's own
     * widget frame when a proxy serves the socket service on the frame's origin; it then says
     * {@code Sec-Fetch-Site: same-origin}. Any other request without {@code Origin} is refused on guest paths.
     */
    private static boolean sameOrigin(RequestInfo request) {
        return "same-origin".equalsIgnoreCase(request.header("Sec-Fetch-Site"));
    }

    /** The credential of {@code token}, if it was issued for this assistant on this path (widget or none). */
    private Optional<GuestCredentialRecord> credential(String token, long assistantId, Long widgetId) throws Exception {
        if (token.length() > 200) {
            return Optional.empty();
        }
        return store.guestCredential(GuestTokens.hash(token)).filter(c -> c.boundTo(assistantId, widgetId));
    }

    /**
     * Admits the guest whose {@code token} is bound to the assistant (and the widget, on the site path) to
     * {@code dialogId} if the dialog is theirs; the same refusal whether the credential or the dialog is wrong.
     */
    private Admission ownDialog(RequestInfo request, long dialogId, String token, long assistantId, Long widgetId)
            throws Exception {
        GuestCredentialRecord guest = credential(token, assistantId, widgetId).orElse(null);
        if (guest == null) {
            return Admission.Rejected.forbidden(NOT_YOURS);
        }
        Long afterSeq = request.afterSeq();
        Optional<DialogRecord> dialog = admissionDialogs.find(dialogId, afterSeq != null);
        if (dialog.isEmpty() || dialog.get().assistantId() != guest.assistantId()
                || !guest.guestId().equals(dialog.get().guestId())) {
            return Admission.Rejected.forbidden(NOT_YOURS);
        }
        return admitted(dialog.get(), guest, afterSeq);
    }

    private static Admission admitted(DialogRecord dialog, GuestCredentialRecord guest, Long afterSeq) {
        long own = dialog.id();
        // Live-only means live from this moment, not from whenever the subscription settles:
        // a message committed after the client saw the connection open is never skipped.
        long liveFrom = afterSeq != null ? afterSeq : dialog.lastSeq();
        DialogAccess access = new DialogAccess() {
            @Override
            public Optional<Admission.Rejected> check(DialogRecord d) {
                return d.id() == own ? Optional.empty() : Optional.of(Admission.Rejected.forbidden(NOT_YOURS));
            }

            @Override
            public Admission.Rejected missing(long dialogId) {
                return Admission.Rejected.forbidden(NOT_YOURS);
            }
        };
        SessionIdentity identity = new SessionIdentity("guest:" + GuestLabels.of(guest.guestId()), "guest", null, null,
                StoreWrites.GUEST_READER, "user");
        return new Admission.Admitted(identity, own, liveFrom, List.of(), null,
                dialog.assistantId() + ":" + guest.guestId(), access);
    }
}
