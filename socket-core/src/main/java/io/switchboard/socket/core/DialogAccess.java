package io.switchboard.socket.core;

import io.switchboard.store.DialogRecord;
import java.util.Optional;

/** Whether a session may follow and act on a dialog; used for subscribe, typing and read frames. */
@FunctionalInterface
public interface DialogAccess {
    /** Empty when allowed, else the rejection to report (never revealing anything about the dialog). */
    Optional<Admission.Rejected> check(DialogRecord dialog);

    /** What to say about a dialog that does not exist. A guest's rule says exactly what it says about another's. */
    default Admission.Rejected missing(long dialogId) {
        return Admission.Rejected.notFound("dialog " + dialogId + " not found");
    }
}
