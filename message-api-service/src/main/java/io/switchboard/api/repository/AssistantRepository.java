package io.switchboard.api.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.Assistant;
import io.switchboard.api.entity.AssistantMember;
import io.switchboard.api.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The {@code assistants} and {@code assistant_members} tables. */
@ApplicationScoped
public class AssistantRepository implements PanacheRepository<Assistant> {

    public AssistantRow insert(String name) {
        Assistant a = new Assistant();
        a.name = name;
        persist(a);
        return a.row();
    }

    public Optional<AssistantRow> find(long id) {
        return findByIdOptional(id).map(Assistant::row);
    }

    /**
     * The assistant's token version; empty when it is gone. Every request with an assistant or service token asks
     * ({@link io.switchboard.api.auth.CredentialCheck}), during authentication, so it brings its own request context
     * (and with it a session) when none is active.
     */
    @ActivateRequestContext
    public Optional<Long> tokenVersion(long id) {
        return getSession().createSelectionQuery("select a.tokenVersion from Assistant a where a.id = :id", Long.class)
                .setParameter("id", id).uniqueResultOptional();
    }

    /** The oldest assistant with this name, if any. */
    public Optional<AssistantRow> findByName(String name) {
        return find("name = ?1 order by id", name).firstResultOptional().map(Assistant::row);
    }

    /** All assistants for an admin, its memberships for an operator, by id. */
    public List<AssistantRow> visibleTo(long userId, boolean admin) {
        List<Assistant> visible = admin ? list("order by id")
                : getSession().createSelectionQuery("select m.assistant from AssistantMember m where m.userId = :user"
                        + " order by m.assistantId", Assistant.class).setParameter("user", userId).getResultList();
        return visible.stream().map(Assistant::row).toList();
    }

    /**
     * Adds a member with its role on this assistant ({@code operator} or {@code admin}); a repeat sets the role.
     * Returns 1 when the membership is new, 0 when it existed.
     */
    public int addMember(long assistantId, long userId, String role) {
        Optional<AssistantMember> existing = membership(assistantId, userId);
        if (existing.isPresent()) {
            existing.get().role = role;
            return 0;
        }
        // ON CONFLICT: a concurrent add of the same member must not abort the caller's transaction.
        return getSession().createMutationQuery("insert into AssistantMember (assistantId, userId, role)"
                        + " values (:assistant, :user, :role) on conflict (assistantId, userId) do update set role = excluded.role")
                .setParameter("assistant", assistantId).setParameter("user", userId).setParameter("role", role)
                .executeUpdate() > 0 ? 1 : 0;
    }

    /** Whether the user is a member with the {@code admin} role on this assistant (manages its webhooks). */
    public boolean isAdminMember(long assistantId, long userId) {
        return membership(assistantId, userId).filter(m -> AssistantMember.ADMIN.equals(m.role)).isPresent();
    }

    /** Removes a membership; false when there was none. */
    public boolean removeMember(long assistantId, long userId) {
        return AssistantMember.delete("assistantId = ?1 and userId = ?2", assistantId, userId) > 0;
    }

    /** Moves the assistant's token version: every service token issued before stops working. */
    public Optional<AssistantRow> bumpTokenVersion(long assistantId) {
        Optional<Assistant> a = findByIdOptional(assistantId, LockModeType.PESSIMISTIC_WRITE);
        a.ifPresent(assistant -> {
            assistant.tokenVersion++;
            // Written now: a read later in this transaction sees it.
            flush();
        });
        return a.map(Assistant::row);
    }

    /** The assistant's members (of any role), by username; only this assistant's. */
    public List<UserRow> members(long assistantId) {
        return getSession().createSelectionQuery("select m.user from AssistantMember m where m.assistantId = :assistant"
                        + " order by m.user.username", User.class).setParameter("assistant", assistantId).getResultList()
                .stream().map(User::row).toList();
    }

    public boolean isMember(long assistantId, long userId) {
        return membership(assistantId, userId).isPresent();
    }

    private static Optional<AssistantMember> membership(long assistantId, long userId) {
        return AssistantMember.<AssistantMember>find("assistantId = ?1 and userId = ?2", assistantId, userId)
                .firstResultOptional();
    }

    /** Users who must hear about an assistant's dialogs: its members and every admin, each once. */
    public List<Long> membersAndAdmins(long assistantId) {
        return List.copyOf(new TreeSet<>(getSession().createSelectionQuery("select m.userId from AssistantMember m"
                        + " where m.assistantId = :assistant union select u.id from User u where u.role = 'admin'", Long.class)
                .setParameter("assistant", assistantId).getResultList()));
    }
}
