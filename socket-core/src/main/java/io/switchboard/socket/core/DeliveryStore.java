package io.switchboard.socket.core;

import io.switchboard.events.NotificationPayload;
import io.switchboard.store.DialogRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the core reads from (and the one thing it writes to) PostgreSQL, the truth every {@link SeqOrder} gap is
 * filled from. Implemented by {@code io.switchboard.socket.store.SocketStore}. Every call blocks: worker threads
 * only.
 */
public interface DeliveryStore extends MessageFeed {
    /** One dialog, if it exists. */
    Optional<DialogRecord> dialog(long dialogId) throws Exception;

    /** dialogs.last_seq of each given dialog. */
    Map<Long, Long> lastSeqs(Collection<Long> dialogIds) throws Exception;

    /** Current versions of the revocation subjects still valid. */
    Map<String, Long> subjectVersions(Collection<String> subjects) throws Exception;

    /** Moves a reader's watermark forward (never back); the new value if it moved. */
    OptionalLong advanceReadWatermark(long dialogId, String reader, long seq) throws Exception;

    /** One user's notifications with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    List<NotificationPayload> notificationsAfter(long userId, long afterSeq, int limit) throws Exception;
}
