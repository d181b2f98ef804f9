package io.switchboard.api.publish;

/** Told, right after commit, that a dialog got a message (long-poll waiters of this replica wake up on it). */
public interface CommittedMessageListener {
    void messageCommitted(long dialogId, long seq);
}
