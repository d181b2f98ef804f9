package io.switchboard.store;

import java.util.List;

/** A site token's row: which assistant it speaks for and on which domains. */
public record WidgetRecord(long id, long assistantId, List<String> allowedDomains, boolean revoked,
                           String revokedReason) {
}
