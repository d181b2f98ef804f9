package io.switchboard.presence;

import java.util.Locale;

/** Whether an operator can answer now: connected and active, connected but away, or not connected anywhere. */
public enum PresenceState {
    ONLINE, AWAY, OFFLINE;

    /** The name on the wire: {@code online}, {@code away}, {@code offline}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
