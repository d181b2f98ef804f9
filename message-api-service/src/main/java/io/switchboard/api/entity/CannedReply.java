package io.switchboard.api.entity;

import io.switchboard.api.service.BodyConstraints;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Generated;

/**
 * A ready answer of an assistant's team (table {@code canned_replies}): operators type {@code /} and its
 * {@link #name} in the composer to insert its {@link #text}. The name is a lower-case slug, unique per assistant.
 */
@Entity
@Table(name = "canned_replies")
public class CannedReply extends Stored {
    /** Longest name: a shortcut people type. */
    public static final int MAX_NAME = 40;
    /** Longest text: what one message may hold ({@code MessageService.MAX_TEXT}). */
    public static final int MAX_TEXT = io.switchboard.api.service.MessageService.MAX_TEXT;
    /** Letters (any script) and digits, then also {@code -} and {@code _}: what can follow {@code /} in a composer. */
    public static final String NAME_PATTERN = "[\\p{L}\\p{N}][\\p{L}\\p{N}_-]{0," + (MAX_NAME - 1) + "}";

    @NotNull
    @Column(name = "assistant_id", nullable = false, updatable = false)
    public Long assistantId;

    @NotNull
    @Pattern(regexp = NAME_PATTERN)
    @Column(nullable = false, length = MAX_NAME)
    public String name;

    @NotBlank
    @BodyConstraints.MaxCharacters(value = MAX_TEXT, message = "text must be at most " + MAX_TEXT + " characters long.")
    @Column(nullable = false, length = MAX_TEXT)
    public String text;

    /** The user who wrote it; null once that account is deleted. */
    @Column(name = "created_by", updatable = false)
    public Long createdBy;

    /** Stamped by PostgreSQL on insert, by the service on every change. */
    @Generated
    @Column(name = "updated_at", insertable = false)
    public Instant updatedAt;

    /** The assistant's replies by name, or those whose name starts with {@code prefix} (lower case, no wildcards). */
    public static List<CannedReply> ofAssistant(long assistantId, String prefix, int limit) {
        if (prefix == null || prefix.isEmpty()) {
            return find("assistantId = ?1 order by name", assistantId).page(0, limit).list();
        }
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return find("assistantId = ?1 and lower(name) like ?2 escape '\\' order by name", assistantId, escaped + "%")
                .page(0, limit).list();
    }

    /** Whether another reply of the assistant has this name (any case). */
    public static boolean nameTaken(long assistantId, String name, Long exceptId) {
        return count("assistantId = ?1 and lower(name) = lower(?2) and id <> ?3", assistantId, name,
                exceptId == null ? -1L : exceptId) > 0;
    }
}
