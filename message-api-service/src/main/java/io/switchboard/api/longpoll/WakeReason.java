package io.switchboard.api.longpoll;

/** Why a waiting long-poll request stopped waiting. */
public enum WakeReason {
    /** A message was committed by this replica. */
    LOCAL,
    /** A {@code message:new} arrived on the dialog's Redis channel (another replica wrote it). */
    REDIS,
    /** The periodic PostgreSQL re-check found a newer seq (Redis missed it or is down). */
    DATABASE,
    /** The wait ran out. */
    TIMEOUT,
    /** The server is shutting down. */
    SHUTDOWN;

    /** True when waiting again makes no sense. */
    public boolean isFinal() {
        return this == TIMEOUT || this == SHUTDOWN;
    }
}
