package io.switchboard.events;

import java.util.Optional;

/**
 * Redis channel names. Defaults: {@code ws:dialog:{id}}, {@code ws:assistant:{id}},
 * {@code notifications:{user_id}}; both prefixes are configurable so several installations
 * can share one Redis.
 */
public final class Channels {
    /** Default prefix of the dialog and assistant channels. */
    public static final String DEFAULT_WS_PREFIX = "ws:";
    /** Default prefix of the per-operator notification channels (a public contract, seed 004). */
    public static final String DEFAULT_NOTIFICATIONS_PREFIX = "notifications:";

    /** What a channel carries. */
    public enum Kind { DIALOG, ASSISTANT, NOTIFICATIONS }

    /** A parsed channel name. */
    public record Parsed(Kind kind, long id) {
    }

    private final String wsPrefix;
    private final String notificationsPrefix;

    public Channels(String wsPrefix, String notificationsPrefix) {
        this.wsPrefix = wsPrefix;
        this.notificationsPrefix = notificationsPrefix;
    }

    /** Channels with the default prefixes. */
    public static Channels defaults() {
        return new Channels(DEFAULT_WS_PREFIX, DEFAULT_NOTIFICATIONS_PREFIX);
    }

    /** Every event of one dialog. */
    public String dialog(long dialogId) {
        return wsPrefix + "dialog:" + dialogId;
    }

    /** Dialog-list events ({@code dialog:new}, {@code dialog:update}) of one assistant. */
    public String assistant(long assistantId) {
        return wsPrefix + "assistant:" + assistantId;
    }

    /** Notifications of one operator. */
    public String notifications(long userId) {
        return notificationsPrefix + userId;
    }

    /**
     * Credential and access revocations ({@link Revocation}, {@code ws:revocations} by default): message-api
     * publishes one when a user is deactivated or signs out, a membership is removed, an assistant token is
     * rotated or a site token revoked; every socket node closes its sessions carrying the revoked subject.
     */
    public String revocations() {
        return wsPrefix + "revocations";
    }

    /** Pattern matching every dialog channel, as in seed 003's {@code PSUBSCRIBE ws:dialog:*}. */
    public String allDialogsPattern() {
        return wsPrefix + "dialog:*";
    }

    /** Recognizes one of this installation's channel names. */
    public Optional<Parsed> parse(String channel) {
        if (channel == null) {
            return Optional.empty();
        }
        if (channel.startsWith(wsPrefix + "dialog:")) {
            return id(channel.substring(wsPrefix.length() + 7)).map(id -> new Parsed(Kind.DIALOG, id));
        }
        if (channel.startsWith(wsPrefix + "assistant:")) {
            return id(channel.substring(wsPrefix.length() + 10)).map(id -> new Parsed(Kind.ASSISTANT, id));
        }
        if (channel.startsWith(notificationsPrefix)) {
            return id(channel.substring(notificationsPrefix.length())).map(id -> new Parsed(Kind.NOTIFICATIONS, id));
        }
        return Optional.empty();
    }

    private static Optional<Long> id(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
