package io.switchboard.socket.core;

import io.switchboard.socket.config.SocketConfig;
import io.switchboard.store.DialogRecord;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The dialog row an admission checks access against. A dialog's owner (assistant and guest) never
 * changes, so sockets that resume with {@code after_seq} share a recent answer
 * ({@code switchboard.connections.access-cache-ttl}); a live-only socket needs this moment's
 * {@code last_seq}, so it always reads the row fresh.
 */
@ApplicationScoped
public class AdmissionDialogs {
    private static final int MAX_DIALOGS = 20_000;

    @Inject
    DeliveryStore store;

    @Inject
    SocketConfig config;

    private volatile SharedLookup<Long, Optional<DialogRecord>> owners;

    @PostConstruct
    void lookup() {
        owners = new SharedLookup<>(config.connections().accessCacheTtl().toNanos(), MAX_DIALOGS);
    }

    /** @param ownerOnly the caller needs only the owner, not the current {@code last_seq} */
    public Optional<DialogRecord> find(long dialogId, boolean ownerOnly) throws Exception {
        if (!ownerOnly) {
            return store.dialog(dialogId);
        }
        Optional<DialogRecord> d = owners.get(dialogId, store::dialog);
        if (d.isEmpty()) {
            // A dialog created a moment later must not stay "unknown" for the cache's lifetime.
            owners.forget(dialogId);
        }
        return d;
    }
}
