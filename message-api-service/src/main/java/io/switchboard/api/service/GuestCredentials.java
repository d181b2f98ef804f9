package io.switchboard.api.service;

import io.switchboard.api.entity.GuestCredential;
import io.switchboard.api.publish.AfterCommit;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.GuestTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Guest credentials: a random {@code guest_token} issued with a server-chosen guest id when a guest opens its first
 * dialog, stored as a hash, bound to one assistant and (site path) one widget. Every guest path presents it; the
 * guest id alone proves nothing.
 */
@ApplicationScoped
public class GuestCredentials {
    /** Longest {@code guest_token} accepted (a real one is 46 characters). */
    public static final int MAX_TOKEN = 200;

    /**
     * How long a credential is remembered after its last use; rows never change, and revocation is checked elsewhere.
     */
    static final long REMEMBER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    /** Most credentials remembered at once (then the memory starts over). */
    static final int REMEMBER_MAX = 50_000;

    private record Remembered(GuestCredentialRecord credential, long until) {
    }

    /**
     * Credentials by token hash. A guest posts and polls often; its row is immutable (the widget's revocation and the
     * origin are checked on every request, not through this), so a post still costs PostgreSQL one statement.
     */
    private final java.util.Map<String, Remembered> remembered = new java.util.concurrent.ConcurrentHashMap<>();

    @jakarta.inject.Inject
    AfterCommit afterCommit;

    /** A credential just issued: the secret (only ever in this response) and its row. */
    public record Issued(String token, GuestCredentialRecord credential) {
    }

    /** A new guest with a new credential, bound to {@code assistantId} and {@code widgetId} (null: assistant path). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Issued issue(long assistantId, Long widgetId) {
        String token = GuestTokens.newToken();
        GuestCredential row = new GuestCredential();
        row.tokenHash = GuestTokens.hash(token);
        row.guestId = GuestTokens.newGuestId();
        row.assistantId = assistantId;
        row.widgetId = widgetId;
        row.persist();
        row.flush();
        GuestCredentialRecord issued = row.record();
        String hash = row.tokenHash;
        // Remembered once committed: a rolled-back credential must not be taken for a real one.
        afterCommit.run(() -> remember(hash, issued));
        return new Issued(token, issued);
    }

    /** The credential of {@code token} if it exists and is bound to this assistant and widget (null: none). */
    public Optional<GuestCredentialRecord> find(String token, long assistantId, Long widgetId) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        String hash = GuestTokens.hash(token);
        GuestCredentialRecord known = recall(hash);
        Optional<GuestCredentialRecord> found;
        if (known != null) {
            found = Optional.of(known);
        } else {
            found = GuestCredential.byTokenHash(hash).map(GuestCredential::record);
            found.ifPresent(c -> remember(hash, c));
        }
        return found.filter(c -> c.boundTo(assistantId, widgetId));
    }

    /**
     * The credential of {@code token} bound to this assistant and widget when it is remembered, without asking
     * PostgreSQL (the event loop's half of {@link #find}); empty when it is not remembered or not bound to them,
     * and then {@link #require} on a worker thread decides, exactly as before.
     */
    public Optional<GuestCredentialRecord> remembered(String token, long assistantId, Long widgetId) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        GuestCredentialRecord known = recall(GuestTokens.hash(token));
        return known != null && known.boundTo(assistantId, widgetId) ? Optional.of(known) : Optional.empty();
    }

    private GuestCredentialRecord recall(String hash) {
        Remembered r = remembered.get(hash);
        long now = System.nanoTime();
        if (r == null || now - r.until() >= 0) {
            return null;
        }
        if (r.until() - now < REMEMBER_NANOS / 2) {
            // Sliding: a guest that keeps writing is never looked up again. A fixed expiry made every credential
            // issued in one burst expire in the same second, and their reloads stalled posts for ~1 s (bench S1).
            remembered.put(hash, new Remembered(r.credential(), now + REMEMBER_NANOS));
        }
        return r.credential();
    }

    private void remember(String hash, GuestCredentialRecord credential) {
        if (remembered.size() >= REMEMBER_MAX) {
            remembered.clear();
        }
        remembered.put(hash, new Remembered(credential, System.nanoTime() + REMEMBER_NANOS));
    }

    /**
     * The credential a guest path needs: 401 when none is given; an unknown one, or one bound to another assistant
     * or widget, gets the same 403 as a dialog that is not the guest's, so it reveals nothing.
     */
    public GuestCredentialRecord require(String token, long assistantId, Long widgetId) {
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("guest_token_required", "guest_token is required: pass the guest_token"
                    + " the dialog was opened with (POST /api/widget/dialogs or /api/site/dialogs returns it).");
        }
        return find(token, assistantId, widgetId)
                .orElseThrow(() -> ApiException.forbidden(DialogAccess.NOT_YOUR_DIALOG));
    }
}
