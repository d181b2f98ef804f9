package io.switchboard.socket.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.EventCodec;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The socket services' PostgreSQL access: read-only plain JDBC through {@link StoreReads}, plus the
 * one write they make (a read watermark from a {@code read} frame). Every call blocks and refuses
 * to run on an event-loop thread, so a mistake shows up at once instead of as stalled sockets.
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
        try (Connection c = open()) {
            return StoreReads.lastSeqs(c, dialogIds);
        }
    }

    /** The site-token row with this hash. */
    public Optional<WidgetRecord> widgetByTokenHash(String tokenHash) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.widgetByTokenHash(c, tokenHash);
        }
    }

    /** The guest credential with this hash. */
    public Optional<GuestCredentialRecord> guestCredential(String tokenHash) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.guestCredential(c, tokenHash);
        }
    }

    /** The union of the allowed domains of the assistant's widgets that are not revoked. */
    public List<String> assistantDomains(long assistantId) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.assistantDomains(c, assistantId);
        }
    }

    /** Assistants a user sees: all for an admin, its memberships for an operator. */
    public List<Long> visibleAssistants(long userId, boolean admin) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.visibleAssistants(c, userId, admin);
        }
    }

    /** Current versions of the revocation subjects still valid ({@link StoreReads#subjectVersions}). */
    @Override
    public Map<String, Long> subjectVersions(Collection<String> subjects) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.subjectVersions(c, subjects);
        }
    }

    /** Moves a reader's watermark forward (never back); the new value if it moved. */
    @Override
    public OptionalLong advanceReadWatermark(long dialogId, String reader, long seq) throws SQLException {
        try (Connection c = open()) {
            return StoreWrites.advanceReadWatermark(c, dialogId, reader, seq);
        }
    }

    /**
     * Dialogs of the given assistants, or with the given ids, whose row or read state changed after
     * {@code since}, as the operators' list shows them ({@code unread} for the operator team, like
     * message-api's {@code dialog:update}); at most {@code limit}, oldest change first.
     */
    public List<DialogPayload> dialogsChangedSince(Instant since, Collection<Long> assistantIds,
                                                   Collection<Long> dialogIds, int limit) throws SQLException {
        if (assistantIds.isEmpty() && dialogIds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT d.id, d.assistant_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender,"
                + " (SELECT MAX(r.last_read_seq) FROM read_state r WHERE r.dialog_id = d.id AND r.reader LIKE 'user:%')"
                + " AS watermark FROM dialogs d"
                + " WHERE (d.assistant_id = ANY (?) OR d.id = ANY (?))"
                + " AND (d.updated_at > ? OR EXISTS (SELECT 1 FROM read_state r WHERE r.dialog_id = d.id AND r.updated_at > ?))"
                + " ORDER BY d.updated_at, d.id LIMIT ?";
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp from = Timestamp.from(since);
            ps.setArray(1, c.createArrayOf("bigint", assistantIds.toArray(new Long[0])));
            ps.setArray(2, c.createArrayOf("bigint", dialogIds.toArray(new Long[0])));
            ps.setTimestamp(3, from);
            ps.setTimestamp(4, from);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<DialogPayload> out = new ArrayList<>();
                while (rs.next()) {
                    long lastSeq = rs.getLong("last_seq");
                    long assigned = rs.getLong("assigned_operator_id");
                    Long assignedOrNull = rs.wasNull() ? null : assigned;
                    Timestamp lastAt = rs.getTimestamp("last_message_at");
                    out.add(new DialogPayload(rs.getLong("id"), rs.getLong("assistant_id"), rs.getString("guest_label"),
                            rs.getString("status"), assignedOrNull, lastSeq,
                            Math.max(0, lastSeq - rs.getLong("watermark")), lastAt == null ? null : lastAt.toInstant(),
                            rs.getString("last_message_preview"), rs.getString("last_message_sender")));
                }
                return out;
            }
        }
    }

    /** One user's notifications with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    @Override
    public List<NotificationPayload> notificationsAfter(long userId, long afterSeq, int limit) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT id, seq, kind,"
                + " payload::text AS payload, created_at FROM notifications WHERE user_id = ? AND seq > ?"
                + " ORDER BY seq LIMIT ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<NotificationPayload> out = new ArrayList<>();
                while (rs.next()) {
                    JsonNode payload;
                    try {
                        payload = EventCodec.mapper().readTree(rs.getString("payload"));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("notification " + rs.getLong("id") + " has a payload that is not JSON", e);
                    }
                    Timestamp created = rs.getTimestamp("created_at");
                    out.add(new NotificationPayload(rs.getLong("id"), rs.getLong("seq"), rs.getString("kind"), payload,
                            created == null ? null : created.toInstant()));
                }
                return out;
            }
        }
    }

    /** The newest notification seq of a user, 0 when none. */
    public long lastNotificationSeq(long userId) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM notifications WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** True when PostgreSQL answers a trivial query. */
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

    private Connection open() throws SQLException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("PostgreSQL must not be called on an event-loop thread");
        }
        return dataSource.getConnection();
    }
}
