package io.switchboard.api.service;

/** Values of {@code messages.sender}. */
public final class Senders {
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String OPERATOR = "operator";
    public static final String SYSTEM = "system";

    private Senders() {
    }
}
