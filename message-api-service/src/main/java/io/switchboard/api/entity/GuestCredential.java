package io.switchboard.api.entity;

import io.switchboard.store.GuestCredentialRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * A guest's credential (table {@code guest_credentials}, V2): the SHA-256 of the secret the guest holds, the
 * guest id it proves, the assistant it is bound to and the widget it was issued through (null on the
 * {@code assistant_id} path). The secret itself is never stored.
 */
@Entity
@Table(name = "guest_credentials")
public class GuestCredential extends Stored {
    @NotNull
    @Size(min = 64, max = 64)
    @Column(name = "token_hash", nullable = false, updatable = false)
    public String tokenHash;

    @NotNull
    @Size(max = 200)
    @Column(name = "guest_id", nullable = false, updatable = false)
    public String guestId;

    @Column(name = "assistant_id", nullable = false, updatable = false)
    public long assistantId;

    @Column(name = "widget_id", updatable = false)
    public Long widgetId;

    public static Optional<GuestCredential> byTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    public GuestCredentialRecord record() {
        return new GuestCredentialRecord(id, guestId, assistantId, widgetId);
    }
}
