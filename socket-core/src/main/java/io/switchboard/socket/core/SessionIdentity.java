package io.switchboard.socket.core;

/**
 * Who is on the other end of a session, as far as delivery and frames care. Never holds a credential.
 *
 * @param label       shown in the {@code connected} frame and in logs, e.g. {@code operator:5}, {@code guest:abc}
 * @param role        {@code admin}, {@code operator}, {@code assistant} or {@code guest}
 * @param userId      the operator's user id (null for guests and assistants)
 * @param displayName the name shown with typing indicators
 * @param reader      the {@code read_state} reader name for {@code read} frames, null when reading is not allowed
 * @param typingWho   the {@code who} of typing events this identity sends ({@code operator}, {@code user}, {@code assistant})
 */
public record SessionIdentity(String label, String role, Long userId, String displayName, String reader,
                              String typingWho) {
}
