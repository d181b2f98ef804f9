package io.switchboard.api.repository;

import java.time.Instant;
import java.util.List;

/** A site-token row as the admin sees it (the token itself is never stored). */
public record WidgetRow(long id, long assistantId, List<String> allowedDomains, boolean revoked, String revokedReason,
                        Instant createdAt) {
}
