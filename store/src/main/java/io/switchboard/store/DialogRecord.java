package io.switchboard.store;

/** The columns of a dialog that access checks and catch-up need. */
public record DialogRecord(long id, long assistantId, String guestId, String status, Long assignedOperatorId,
                           long lastSeq) {
    public static final String BOT = "bot";
    public static final String WAITING_OPERATOR = "waiting_operator";
    public static final String OPERATOR = "operator";
    public static final String CLOSED = "closed";
}
