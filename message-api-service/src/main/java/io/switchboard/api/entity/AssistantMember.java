package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A user's membership of an assistant (table {@code assistant_members}), with its role there. */
@Entity
@Table(name = "assistant_members")
@IdClass(AssistantMember.Key.class)
public class AssistantMember extends PanacheEntityBase {
    /** {@code operator}: sees and answers the assistant's dialogs; {@code admin}: also manages its webhooks and tokens. */
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    @Id
    @Column(name = "assistant_id")
    public long assistantId;

    @Id
    @Column(name = "user_id")
    public long userId;

    @Column(nullable = false, length = 16)
    public String role;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "assistant_id", insertable = false, updatable = false)
    public Assistant assistant;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id", insertable = false, updatable = false)
    public User user;

    /** The composite key. */
    public record Key(long assistantId, long userId) implements Serializable {
    }
}
