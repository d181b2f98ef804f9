package io.switchboard.socket.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.NotificationPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.socket.core.DeliveryStore;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreReads;
import io.switchboard.store.StoreWrites;
import io.switchboard.store.WidgetRecord;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The socket services' PostgreSQL access: plain JDBC reads through {@link StoreReads}, plus the one write they make
 * (a read watermark from a {@code read} frame, {@link StoreWrites}). Plain JDBC, and why: Hibernate on these read
 * paths costs measurable CPU (the figures are on {@link StoreReads}; docs/architecture.md, "Persistence"), so the
 * socket services carry none. Every call blocks and refuses to run on an event-loop thread, so a mistake shows up at
 * once instead of as stalled sockets.
 */
@ApplicationScoped
public class SocketStore implements DeliveryStore {
    /** Dialogs whose owner this node remembers: a dialog's assistant never changes, so only the bound matters. */
    static final int OWNERS_REMEMBERED = 100_000;

    /** Dialog id → its assistant, for catch-up pages (each stored message's envelope names the assistant). */
    private final Cache<Long, Long> assistantOfDialog = Caffeine.newBuilder().maximumSize(OWNERS_REMEMBERED)
            .executor(Runnable::run).build();

    @Inject
    AgroalDataSource dataSource;

    /** One dialog, if it exists. */
    @Override
    public Optional<DialogRecord> dialog(long dialogId) throws SQLException {
        try (Connection c = open()) {
            Optional<DialogRecord> d = StoreReads.dialog(c, dialogId);
            d.ifPresent(r -> rememberOwner(r.id(), r.assistantId()));
            return d;
        }
    }

    @Override
    public List<OutboundEvent> after(long dialogId, long afterSeq, int limit) throws SQLException {
        try (Connection c = open()) {
            Long assistantId = assistantOfDialog.getIfPresent(dialogId);
            if (assistantId == null) {
                Optional<DialogRecord> d = StoreReads.dialog(c, dialogId);
                if (d.isEmpty()) {
                    return List.of();
                }
                assistantId = d.get().assistantId();
                rememberOwner(dialogId, assistantId);
            }
            List<MessagePayload> rows = StoreReads.messagesAfter(c, dialogId, afterSeq, limit);
            List<OutboundEvent> out = new ArrayList<>(rows.size());
            for (MessagePayload m : rows) {
                out.add(OutboundEvent.stored(assistantId, m));
            }
            return out;
        }
    }

    /** dialogs.last_seq of each given dialog. */
    @Override
    public Map<Long, Long> lastSeqs(Collection<Long> dialogIds) throws SQLException {
        return withConnection(c -> StoreReads.lastSeqs(c, dialogIds));
    }

    /** The site-token row with this hash. */
    public Optional<WidgetRecord> widgetByTokenHash(String tokenHash) throws SQLException {
        return withConnection(c -> StoreReads.widgetByTokenHash(c, tokenHash));
    }

    /** The guest credential with this hash. */
    public Optional<GuestCredentialRecord> guestCredential(String tokenHash) throws SQLException {
        return withConnection(c -> StoreReads.guestCredential(c, tokenHash));
    }

    /** The union of the allowed domains of the assistant's widgets that are not revoked. */
    public List<String> assistantDomains(long assistantId) throws SQLException {
        return withConnection(c -> StoreReads.assistantDomains(c, assistantId));
    }

    /** Assistants a user sees: all for an admin, its memberships for an operator. */
    public List<Long> visibleAssistants(long userId, boolean admin) throws SQLException {
        return withConnection(c -> StoreReads.visibleAssistants(c, userId, admin));
    }

    /** Current versions of the revocation subjects still valid ({@link StoreReads#subjectVersions}). */
    @Override
    public Map<String, Long> subjectVersions(Collection<String> subjects) throws SQLException {
        return withConnection(c -> StoreReads.subjectVersions(c, subjects));
    }

    /** Moves a reader's watermark forward (never back); the new value if it moved. */
    @Override
    public OptionalLong advanceReadWatermark(long dialogId, String reader, long seq) throws SQLException {
        return withConnection(c -> StoreWrites.advanceReadWatermark(c, dialogId, reader, seq));
    }

    /** Dialogs whose row or read state changed after {@code since} ({@link StoreReads#dialogsChangedSince}). */
    public List<DialogPayload> dialogsChangedSince(Instant since, Collection<Long> assistantIds,
                                                   Collection<Long> dialogIds, int limit) throws SQLException {
        if (assistantIds.isEmpty() && dialogIds.isEmpty()) {
            return List.of();
        }
        return withConnection(c -> StoreReads.dialogsChangedSince(c, since, assistantIds, dialogIds, limit));
    }

    /** One user's notifications with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    @Override
    public List<NotificationPayload> notificationsAfter(long userId, long afterSeq, int limit) throws SQLException {
        return withConnection(c -> StoreReads.notificationsAfter(c, userId, afterSeq, limit));
    }

    /** The newest notification seq of a user, 0 when none. */
    public long lastNotificationSeq(long userId) throws SQLException {
        return withConnection(c -> StoreReads.lastNotificationSeq(c, userId));
    }

    /**
     * True when PostgreSQL answers a trivial query within 2 s (readiness). Plain JDBC like every read here: the
     * socket services carry no Hibernate (see {@link StoreReads} for the measured reason).
     */
    public boolean reachable() {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Dialog owners remembered now (tests: the bound holds). */
    long ownersRemembered() {
        assistantOfDialog.cleanUp();
        return assistantOfDialog.estimatedSize();
    }

    /** Remembers a dialog's owner, as a read of its row does. */
    void rememberOwner(long dialogId, long assistantId) {
        assistantOfDialog.put(dialogId, assistantId);
    }

    /** One statement of {@link StoreReads} or {@link StoreWrites}, run on a pooled connection of its own. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection c = open()) {
            return work.run(c);
        }
    }

    private Connection open() throws SQLException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("PostgreSQL must not be called on an event-loop thread");
        }
        return dataSource.getConnection();
    }
}
