package io.switchboard.api.assign;

import io.switchboard.api.service.ApiException;
import java.util.Locale;

/**
 * The dashboard's views of the dialog list ({@code GET /api/dialogs?view=}), each an HQL condition on {@code d}
 * (a {@code Dialog}) where {@code :viewer} is the caller's user id. Always within the dialogs the caller may see.
 */
public enum DialogView {
    /** Open dialogs the caller holds. */
    MINE("d.assignedOperatorId = :viewer and d.status <> 'closed'"),
    /** Open dialogs nobody holds: with the assistant or waiting for an operator. */
    UNASSIGNED("d.assignedOperatorId is null and d.status <> 'closed'"),
    /** Dialogs waiting for an operator. */
    WAITING("d.status = 'waiting_operator'"),
    /** Every dialog, closed ones included: the list without a view. */
    ALL(null);

    private final String condition;

    DialogView(String condition) {
        this.condition = condition;
    }

    /** The HQL condition, or {@code null} for none. */
    public String condition() {
        return condition;
    }

    public boolean needsViewer() {
        return condition != null && condition.contains(":viewer");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} for an absent view; 400 for an unknown one. */
    public static DialogView parse(String view) {
        if (view == null || view.isBlank()) {
            return null;
        }
        for (DialogView v : values()) {
            if (v.wire().equals(view.trim())) {
                return v;
            }
        }
        throw ApiException.validation("view must be one of mine, unassigned, waiting, all.");
    }
}
