package io.switchboard.api.entity;

import io.switchboard.api.repository.WidgetRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A site token (table {@code widgets}): only its SHA-256 is stored, with the domains it may be used from. */
@Entity
@Table(name = "widgets")
public class Widget extends Stored {
    @Column(name = "assistant_id", nullable = false, updatable = false)
    public long assistantId;

    @Column(name = "token_hash", nullable = false, updatable = false, length = 64)
    public String tokenHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_domains", columnDefinition = "text[]", nullable = false)
    public String[] allowedDomains;

    @Generated
    @Column(insertable = false)
    public boolean revoked;

    @Column(name = "revoked_reason", length = 40)
    public String revokedReason;

    public WidgetRow row() {
        return new WidgetRow(id, assistantId, List.of(allowedDomains), revoked, revokedReason, createdAt);
    }
}
