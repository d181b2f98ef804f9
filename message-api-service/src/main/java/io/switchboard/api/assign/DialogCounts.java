package io.switchboard.api.assign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.service.GuestContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;

/** How many open dialogs each of the dashboard's views holds for the caller: one aggregate query. */
@ApplicationScoped
public class DialogCounts {
    @Inject
    EntityManager em;

    /** Open dialogs per view ({@code all}: every open dialog the caller may see; closed ones are not counted). */
    public record Counts(long mine, long unassigned, long waiting, long all) {
    }

    /**
     * The list answer: the dialogs; with a view its name and the counts; with a search whether more results follow
     * and the offset of the next page ({@code null} fields are left out).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Listed(List<GuestContexts.OperatorDialog> dialogs, String view, Counts counts,
                         @JsonProperty("has_more") Boolean hasMore, @JsonProperty("next_offset") Integer nextOffset) {
        /** A page of search results. */
        public static Listed of(GuestContexts.OperatorDialogs found) {
            return new Listed(found.dialogs(), null, null, found.hasMore(), found.nextOffset());
        }
    }

    /** Counts over the dialogs the caller may see (of one assistant when {@code assistantId} is given). */
    public Counts of(Caller caller, Long assistantId) {
        StringBuilder hql = new StringBuilder("select count(d) filter (where d.assignedOperatorId = :viewer),"
                + " count(d) filter (where d.assignedOperatorId is null),"
                + " count(d) filter (where d.status = 'waiting_operator'), count(d)"
                + " from Dialog d where d.status <> 'closed'");
        if (!caller.isAdmin()) {
            hql.append(" and ").append(DialogRepository.VISIBLE_TO_MEMBER);
        }
        if (assistantId != null) {
            hql.append(" and d.assistantId = :assistant");
        }
        TypedQuery<Object[]> q = em.createQuery(hql.toString(), Object[].class).setParameter("viewer", caller.userId());
        if (!caller.isAdmin()) {
            q.setParameter("member", caller.userId());
        }
        if (assistantId != null) {
            q.setParameter("assistant", assistantId);
        }
        Object[] row = q.getSingleResult();
        return new Counts(n(row[0]), n(row[1]), n(row[2]), n(row[3]));
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
