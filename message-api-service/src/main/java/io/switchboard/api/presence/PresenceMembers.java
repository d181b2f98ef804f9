package io.switchboard.api.presence;

import io.switchboard.api.entity.AssistantMember;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Who belongs to which assistant, as presence needs it: active accounts only (a deactivated one cannot sign in). */
@ApplicationScoped
public class PresenceMembers {
    @Inject
    EntityManager em;

    /** One member of an assistant with the name the dashboard shows. */
    public record Member(long userId, String username, String displayName, String role) {
    }

    /** The assistant's active members, by display name. */
    @Transactional
    public List<Member> of(long assistantId) {
        return em.createQuery("select m.userId, u.username, u.displayName, m.role from AssistantMember m join m.user u"
                        + " where m.assistantId = :a and u.active = true order by lower(u.displayName), u.id", Object[].class)
                .setParameter("a", assistantId).getResultList().stream()
                .map(r -> new Member(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3]))
                .toList();
    }

    /** The assistants the user is a member of: where the user's presence is announced. */
    @Transactional
    public List<Long> assistantsOf(long userId) {
        return AssistantMember.<AssistantMember>find("userId = ?1 order by assistantId", userId).stream()
                .map(m -> m.assistantId).toList();
    }

    /** Every active member with their assistants, by user id: what the announcer compares each interval. */
    @Transactional
    public Map<Long, List<Long>> everyMember() {
        Map<Long, TreeSet<Long>> byUser = new LinkedHashMap<>();
        em.createQuery("select m.userId, m.assistantId from AssistantMember m join m.user u where u.active = true"
                        + " order by m.userId", Object[].class).getResultList()
                .forEach(r -> byUser.computeIfAbsent(((Number) r[0]).longValue(), k -> new TreeSet<>())
                        .add(((Number) r[1]).longValue()));
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        byUser.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** Whether the assistant exists. */
    @Transactional
    public boolean assistantExists(long assistantId) {
        return !em.createQuery("select a.id from Assistant a where a.id = :a", Long.class).setParameter("a", assistantId)
                .setMaxResults(1).getResultList().isEmpty();
    }
}
