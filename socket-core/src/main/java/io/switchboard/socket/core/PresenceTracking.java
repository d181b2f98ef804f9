package io.switchboard.socket.core;

/**
 * Presence of the people behind sessions (operators, visitors), kept across all nodes; Redis implements it. Called
 * once when a session starts and once when it closes, never per frame or event; must not block or throw.
 */
public interface PresenceTracking {
    /** The session was admitted and starts. */
    void opened(ClientSession session);

    /** The session is closing. */
    void closed(ClientSession session);
}
