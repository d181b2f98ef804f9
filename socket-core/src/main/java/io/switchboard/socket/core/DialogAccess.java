package io.switchboard.socket.core;

import io.switchboard.store.DialogRecord;
import java.util.Optional;

/** Whether a session may follow and act on a dialog; used for subscribe, typing and read frames. */
@FunctionalInterface
public interface DialogAccess {
    /** Empty when allowed, else the rejection to report (never revealing anything about the dialog). */
    Optional<Admission.Rejected> check(DialogRecord dialog);
}
