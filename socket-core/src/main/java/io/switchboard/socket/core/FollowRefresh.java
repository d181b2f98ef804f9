package io.switchboard.socket.core;

import java.util.List;

/**
 * Recomputes what a user-level session follows when the user's assistants change ({@code membership:update}
 * on the user's channel). A service whose sessions follow assistants implements it; without one the event
 * just passes through.
 */
public interface FollowRefresh {
    /** What the session should follow now: its plain channels and its rule for dialogs named in frames. */
    Following now(ClientSession session) throws Exception;

    /** The channels to follow (the notification channel included) and the new access rule. */
    record Following(List<String> channels, DialogAccess access) {
    }
}
