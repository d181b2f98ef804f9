package io.switchboard.api.service;

import io.switchboard.api.entity.GuestCredential;
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
        return new Issued(token, row.record());
    }

    /** The credential of {@code token} if it exists and is bound to this assistant and widget (null: none). */
    public Optional<GuestCredentialRecord> find(String token, long assistantId, Long widgetId) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        return GuestCredential.byTokenHash(GuestTokens.hash(token)).map(GuestCredential::record)
                .filter(c -> c.boundTo(assistantId, widgetId));
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
