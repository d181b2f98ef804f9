package io.switchboard.admin.auth;

import io.switchboard.events.Channels;
import io.switchboard.socket.auth.AllowedOrigins;
import io.switchboard.socket.auth.JwtVerifier;
import io.switchboard.socket.auth.OperatorPrincipal;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.AdmissionDialogs;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.DialogAccess;
import io.switchboard.socket.core.FollowRefresh;
import io.switchboard.socket.core.RequestInfo;
import io.switchboard.socket.core.SessionIdentity;
import io.switchboard.socket.core.SharedLookup;
import io.switchboard.socket.store.SocketStore;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import io.switchboard.events.Revocation;
import io.switchboard.socket.core.Revocations;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may open the operators' streams: a JWT ({@code ?token=}) or a one-time ticket
 * ({@code ?ticket=}). An operator follows its assistants' dialogs only; an admin every dialog;
 * an assistant service token its own assistant's.
 */
@ApplicationScoped
public class OperatorAuthenticator {
    @Inject
    JwtVerifier jwt;

    @Inject
    TicketRedeemer tickets;

    @Inject
    SocketStore store;

    @Inject
    AllowedOrigins origins;

    @Inject
    Channels channels;

    @Inject
    SocketConfig config;

    @Inject
    AdmissionDialogs admissionDialogs;

    @Inject
    Revocations revocations;

    private record Viewer(Long userId, boolean admin) {
    }

    /** What a viewer may see, built once per lookup and shared by all of the viewer's connections. */
    private record Visible(List<Long> assistants, DialogAccess access) {
        static Visible of(List<Long> assistants, boolean admin) {
            Set<Long> visible = Set.copyOf(assistants);
            DialogAccess access = d -> admin || visible.contains(d.assistantId()) ? Optional.empty()
                    : Optional.of(Admission.Rejected.forbidden("dialog " + d.id() + " is not one of your assistants' dialogs"));
            return new Visible(List.copyOf(assistants), access);
        }
    }

    private volatile SharedLookup<Viewer, Visible> assistantsOf;

    @PostConstruct
    void lookups() {
        long ttl = config.connections().accessCacheTtl().toNanos();
        assistantsOf = new SharedLookup<>(ttl, 10_000);
    }

    /** {@code /ws} and {@code /api/events}: dialog-list events of every visible assistant and the user's notifications. */
    public Admission userLevel(RequestInfo request) throws Exception {
        return admit(request, null);
    }

    /** {@code /ws/dialogs/{id}} and {@code /api/dialogs/{id}/events}: one dialog, with catch-up. */
    public Admission dialogLevel(RequestInfo request) throws Exception {
        Long dialogId = request.longPathParam("id");
        if (dialogId == null) {
            return Admission.Rejected.notFound("dialog id must be a number");
        }
        return admit(request, dialogId);
    }

    private Admission admit(RequestInfo request, Long dialogId) throws Exception {
        if (!origins.corsAllows(request.origin())) {
            return Admission.Rejected.forbidden("origin not allowed for operator endpoints");
        }
        Long afterSeq = dialogId == null ? null : request.afterSeq();
        Long afterNotification = dialogId == null ? request.afterNotification() : null;
        String token = request.query("token");
        String ticket = request.query("ticket");
        OperatorPrincipal principal;
        if (token != null && !token.isBlank()) {
            JwtVerifier.Result r = jwt.verify(token);
            if (!r.ok()) {
                return Admission.Rejected.unauthorized(r.failure());
            }
            principal = r.principal();
        } else if (ticket != null && !ticket.isBlank()) {
            Optional<OperatorPrincipal> p = tickets.redeem(ticket);
            if (p.isEmpty()) {
                return Admission.Rejected.unauthorized("ticket already used or expired");
            }
            principal = p.get();
        } else {
            return Admission.Rejected.unauthorized("missing credentials: pass ?token= or ?ticket=");
        }
        if (principal.expiresAt() != null && principal.expiresAt().isBefore(Instant.now())) {
            return Admission.Rejected.unauthorized("token expired");
        }
        Optional<Admission.Rejected> revoked = revocations.refusal(principal.credentialSubject());
        if (revoked.isPresent()) {
            return revoked.get();
        }
        Visible visible;
        if (principal.isStaff()) {
            visible = assistantsOf.get(new Viewer(principal.userId(), principal.isAdmin()),
                    v -> Visible.of(store.visibleAssistants(v.userId(), v.admin()), v.admin()));
        } else if (OperatorPrincipal.ASSISTANT.equals(principal.role()) && principal.assistantId() != null) {
            visible = Visible.of(List.of(principal.assistantId()), false);
        } else {
            return Admission.Rejected.forbidden("role " + principal.role() + " may not open operator streams");
        }
        List<Long> assistants = visible.assistants();
        DialogAccess access = visible.access();
        Long liveFrom = afterSeq;
        if (dialogId != null) {
            Optional<DialogRecord> dialog = admissionDialogs.find(dialogId, afterSeq != null);
            if (dialog.isEmpty()) {
                return Admission.Rejected.notFound("dialog " + dialogId + " not found");
            }
            Optional<Admission.Rejected> denied = access.check(dialog.get());
            if (denied.isPresent()) {
                return denied.get();
            }
            // Live-only means live from this moment, not from whenever the subscription settles:
            // a message committed after the client saw the connection open is never skipped.
            liveFrom = afterSeq != null ? afterSeq : dialog.get().lastSeq();
        }
        List<String> follow = new ArrayList<>();
        Admission.Notifications notifications = null;
        if (dialogId == null) {
            assistants.forEach(a -> follow.add(channels.assistant(a)));
            if (principal.userId() != null) {
                String channel = channels.notifications(principal.userId());
                follow.add(channel);
                // Live-only starts at the newest seq read now, before the channel is subscribed: a later one is
                // either heard live or read by the cursor's first catch-up, so none published after the client
                // saw "connected" is skipped.
                long from = afterNotification != null ? afterNotification : store.lastNotificationSeq(principal.userId());
                notifications = new Admission.Notifications(principal.userId(), channel, from);
            }
        }
        boolean staff = principal.isStaff();
        String label = staff ? principal.role() + ":" + principal.userId() : "assistant:" + principal.assistantId();
        SessionIdentity identity = new SessionIdentity(label, principal.role(), principal.userId(),
                principal.displayName(), staff ? StoreWrites.operatorReader(principal.userId()) : null,
                staff ? "operator" : "assistant");
        // Closed on every node when the credential is revoked, and (an operator) when any membership is removed.
        Map<String, Long> subjects = new HashMap<>(principal.credentialSubject());
        if (staff && !principal.isAdmin()) {
            assistants.forEach(a -> subjects.put(Revocation.member(a, principal.userId()), 0L));
        }
        return new Admission.Admitted(identity, dialogId, liveFrom, List.copyOf(follow), principal.expiresAt(), null,
                access, notifications, subjects);
    }

    /** A revoked user or membership: what this node remembers of the user's assistants is stale. */
    void forget(@Observes Revocation r) {
        String[] parts = r.subject().split(":");
        String user = "user".equals(parts[0]) && parts.length == 2 ? parts[1]
                : "member".equals(parts[0]) && parts.length == 3 ? parts[2] : null;
        if (user != null) {
            try {
                long id = Long.parseLong(user);
                assistantsOf.forget(new Viewer(id, false));
                assistantsOf.forget(new Viewer(id, true));
            } catch (NumberFormatException ignored) {
                // not a user id: nothing cached under it
            }
        }
    }

    /**
     * What a user-level session follows now: read again from PostgreSQL (not from the shared lookup, which
     * is dropped for this user so the next connections read it again too) after a {@code membership:update}.
     */
    public FollowRefresh.Following followingNow(ClientSession session) throws Exception {
        SessionIdentity who = session.identity();
        Admission.Notifications n = session.admission().notifications();
        if (who.userId() == null || n == null) {
            return new FollowRefresh.Following(List.copyOf(session.channels()), session.access());
        }
        boolean admin = OperatorPrincipal.ADMIN.equals(who.role());
        Viewer viewer = new Viewer(who.userId(), admin);
        assistantsOf.forget(viewer);
        Visible visible = Visible.of(store.visibleAssistants(who.userId(), admin), admin);
        List<String> follow = new ArrayList<>();
        visible.assistants().forEach(a -> follow.add(channels.assistant(a)));
        follow.add(n.channel());
        return new FollowRefresh.Following(follow, visible.access());
    }
}
