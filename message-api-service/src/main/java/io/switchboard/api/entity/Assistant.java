package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.api.repository.AssistantRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Generated;

/** An assistant (table {@code assistants}): the AI bot and team a set of dialogs belongs to. */
@Entity
@Table(name = "assistants")
public class Assistant extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 200)
    public String name;

    /** The version its service tokens carry in {@code tv}; rotating or revoking moves it. */
    @Generated
    @Column(name = "token_version", insertable = false)
    public long tokenVersion;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @OneToMany(mappedBy = "assistant")
    public List<AssistantMember> members;

    public AssistantRow row() {
        return new AssistantRow(id, name, tokenVersion);
    }
}
