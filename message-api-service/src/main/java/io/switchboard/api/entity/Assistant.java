package io.switchboard.api.entity;

import io.switchboard.api.repository.AssistantRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Generated;

/** An assistant (table {@code assistants}): the AI bot and team a set of dialogs belongs to. */
@Entity
@Table(name = "assistants")
public class Assistant extends Stored {
    @Column(nullable = false, length = 200)
    public String name;

    /** The version its service tokens carry in {@code tv}; rotating or revoking moves it. */
    @Generated
    @Column(name = "token_version", insertable = false)
    public long tokenVersion;

    @OneToMany(mappedBy = "assistant")
    public List<AssistantMember> members;

    public AssistantRow row() {
        return new AssistantRow(id, name, tokenVersion);
    }
}
