package io.switchboard.socket.core;

import java.util.List;

/** Where catch-up and gap repair read stored messages from: PostgreSQL, never a cache window. */
public interface MessageFeed {
    /**
     * Stored messages of {@code dialogId} with seq greater than {@code afterSeq}, in seq order, at most
     * {@code limit}. Blocks; call on a worker thread only.
     */
    List<OutboundEvent> after(long dialogId, long afterSeq, int limit) throws Exception;
}
