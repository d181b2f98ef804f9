package io.switchboard.socket.store;

import io.agroal.api.AgroalDataSource;
import io.switchboard.events.MessagePayload;
import io.switchboard.socket.core.MessageFeed;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreReads;
import io.switchboard.store.StoreWrites;
import io.switchboard.store.WidgetRecord;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The socket services' PostgreSQL access: read-only plain JDBC through {@link StoreReads}, plus the
 * one write they make (a read watermark from a {@code read} frame). Every call blocks and refuses
 * to run on an event-loop thread, so a mistake shows up at once instead of as stalled sockets.
 */
@ApplicationScoped
public class SocketStore implements MessageFeed {
    private final Map<Long, Long> assistantOfDialog = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;

    /** One dialog, if it exists. */
    public Optional<DialogRecord> dialog(long dialogId) throws SQLException {
        try (Connection c = open()) {
            Optional<DialogRecord> d = StoreReads.dialog(c, dialogId);
            d.ifPresent(r -> assistantOfDialog.put(r.id(), r.assistantId()));
            return d;
        }
    }

    @Override
    public List<OutboundEvent> after(long dialogId, long afterSeq, int limit) throws SQLException {
        try (Connection c = open()) {
            Long assistantId = assistantOfDialog.get(dialogId);
            if (assistantId == null) {
                Optional<DialogRecord> d = StoreReads.dialog(c, dialogId);
                if (d.isEmpty()) {
                    return List.of();
                }
                assistantId = d.get().assistantId();
                assistantOfDialog.put(dialogId, assistantId);
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

    /** Assistants a user sees: all for an admin, its memberships for an operator. */
    public List<Long> visibleAssistants(long userId, boolean admin) throws SQLException {
        try (Connection c = open()) {
            return StoreReads.visibleAssistants(c, userId, admin);
        }
    }

    /** Moves a reader's watermark forward (never back); the new value if it moved. */
    public OptionalLong advanceReadWatermark(long dialogId, String reader, long seq) throws SQLException {
        try (Connection c = open()) {
            return StoreWrites.advanceReadWatermark(c, dialogId, reader, seq);
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

    private Connection open() throws SQLException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("PostgreSQL must not be called on an event-loop thread");
        }
        return dataSource.getConnection();
    }
}
