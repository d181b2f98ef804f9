package io.switchboard.api.publish;

/** One encoded event bound for one Redis channel. */
public record Outgoing(String channel, String type, Long seq, String json) {
}
