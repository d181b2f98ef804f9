package io.switchboard.socket.core;

import io.switchboard.events.Envelope;

/** Events a socket service itself originates ({@code typing}, {@code read}); fire and forget. Redis implements it. */
public interface EventPublishing {
    /** Publishes {@code envelope} on each channel, serialized once. */
    void publish(Envelope envelope, String... channels);
}
