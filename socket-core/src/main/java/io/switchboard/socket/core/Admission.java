package io.switchboard.socket.core;

import io.switchboard.events.CloseCodes;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The verdict on a connection attempt, the same for WebSocket and SSE. */
public sealed interface Admission permits Admission.Admitted, Admission.Rejected {

    /** Close code used when a dependency (PostgreSQL, Redis) is down during the check: "try again later". */
    int TRY_AGAIN_LATER = CloseCodes.TRY_AGAIN_LATER;

    /**
     * Let in.
     *
     * @param dialogId  the dialog of a dialog-level endpoint, null for user-level streams
     * @param afterSeq  resume point ({@code ?after_seq=} or {@code Last-Event-ID}), null for live-only
     * @param channels  plain channels to follow (assistant lists, notifications)
     * @param expiresAt when the credential expires and the connection closes with 4401; null = never
     * @param guestKey  counts connections per guest; null for operators
     * @param access    rule for dialogs named in later frames
     * @param notifications the user whose notifications the session follows with a cursor, null for none
     * @param subjects  revocation subjects ({@link io.switchboard.events.Revocation}) this session's right to stay
     *                  open rests on, each with the credential version it was admitted with (0 when unversioned):
     *                  a revocation of any of them closes it, on every node ({@link Revocations})
     */
    record Admitted(SessionIdentity identity, Long dialogId, Long afterSeq, List<String> channels,
                    Instant expiresAt, String guestKey, DialogAccess access, Notifications notifications,
                    Map<String, Long> subjects)
            implements Admission {

        public Admitted {
            subjects = subjects == null ? Map.of() : Map.copyOf(subjects);
        }

        /** A session without a notification cursor and without revocation subjects. */
        public Admitted(SessionIdentity identity, Long dialogId, Long afterSeq, List<String> channels,
                        Instant expiresAt, String guestKey, DialogAccess access) {
            this(identity, dialogId, afterSeq, channels, expiresAt, guestKey, access, null, Map.of());
        }

        /** A session without revocation subjects. */
        public Admitted(SessionIdentity identity, Long dialogId, Long afterSeq, List<String> channels,
                        Instant expiresAt, String guestKey, DialogAccess access, Notifications notifications) {
            this(identity, dialogId, afterSeq, channels, expiresAt, guestKey, access, notifications, Map.of());
        }

        /** The same admission, also closed by a revocation of any of {@code more}. */
        public Admitted withSubjects(Map<String, Long> more) {
            Map<String, Long> all = new java.util.HashMap<>(subjects);
            all.putAll(more);
            return new Admitted(identity, dialogId, afterSeq, channels, expiresAt, guestKey, access, notifications,
                    all);
        }
    }

    /**
     * Follow a user's notifications by seq: {@code channel} is the user's notification channel (also in
     * {@code channels}); {@code afterSeq} the client's cursor, or for "from now on" the user's newest seq read
     * before the channel is subscribed.
     */
    record Notifications(long userId, String channel, long afterSeq) {
    }

    /** Turned away with a close code (WebSocket) or the matching HTTP status (SSE) and a readable reason. */
    record Rejected(int closeCode, String reason) implements Admission {

        public static Rejected unauthorized(String reason) {
            return new Rejected(CloseCodes.UNAUTHORIZED, reason);
        }

        public static Rejected forbidden(String reason) {
            return new Rejected(CloseCodes.FORBIDDEN, reason);
        }

        public static Rejected notFound(String reason) {
            return new Rejected(CloseCodes.NOT_FOUND, reason);
        }

        public static Rejected badRequest(String reason) {
            return new Rejected(CloseCodes.BAD_FRAME, reason);
        }

        public static Rejected unavailable(String reason) {
            return new Rejected(TRY_AGAIN_LATER, reason);
        }

        /** The HTTP status an SSE request gets for this rejection. */
        public int httpStatus() {
            return switch (closeCode) {
                case CloseCodes.UNAUTHORIZED -> 401;
                case CloseCodes.FORBIDDEN -> 403;
                case CloseCodes.NOT_FOUND -> 404;
                case CloseCodes.RATE_LIMITED -> 429;
                case CloseCodes.BAD_FRAME -> 400;
                default -> 503;
            };
        }

        /** The machine-readable {@code error} of the JSON body and of an {@code error} frame. */
        public String errorCode() {
            return switch (closeCode) {
                case CloseCodes.UNAUTHORIZED -> "unauthorized";
                case CloseCodes.FORBIDDEN -> "forbidden";
                case CloseCodes.NOT_FOUND -> "not_found";
                case CloseCodes.RATE_LIMITED -> "rate_limited";
                case CloseCodes.BAD_FRAME -> "bad_request";
                default -> "unavailable";
            };
        }
    }
}
